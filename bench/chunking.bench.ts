import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import type { Benchmark } from './lib/benchmark.ts';
import type { FigureTable } from './lib/report.ts';
import { ratioOf, round } from './lib/report.ts';
import { chunkDocument, chunkTranscript, formatVttTimestamp, parseTranscript } from '../src/core/chunking/index.ts';
import { createMarkdownParser } from '../src/core/chunking/document-source.ts';

/** "Chunking costs at most 2× parsing" (issue 10). */
const AIM_RATIO = 2;
/** Copies of the 5:57 fixture captions laid end to end: 10 make a transcript of about an hour. */
const TRANSCRIPT_COPIES = 10;
/** Discarded runs before measuring; then rounds, each timing a batch of runs of every side in turn. */
const WARMUP_RUNS = 5;
const ROUNDS = 6;
const RUNS_PER_BATCH = 8;

/** The fixture captions repeated `copies` times, each copy shifted to start where the previous ended. */
function makeLongTranscript(captions: string, copies: number): { vtt: string; seconds: number } {
  const { cues } = parseTranscript(captions);
  const length = Math.ceil(Math.max(...cues.map((c) => c.endSeconds)));
  // Re-written from the raw file so the voice and styling tags the parser has to read stay in.
  const blocks = captions.replace(/\r\n?/g, '\n').split(/\n\s*\n/).slice(1).filter((b) => b.includes('-->'));
  const out: string[] = [];
  for (let copy = 0; copy < copies; copy++) {
    for (const block of blocks) {
      const lines = block.split('\n');
      const timing = lines.findIndex((l) => l.includes('-->'));
      const [start, , end] = lines[timing]!.trim().split(/\s+/);
      const shift = (stamp: string) => {
        const parts = stamp.split(':').map(Number);
        const seconds = parts.length === 3 ? parts[0]! * 3600 + parts[1]! * 60 + parts[2]! : parts[0]! * 60 + parts[1]!;
        return formatVttTimestamp(seconds + copy * length);
      };
      lines[timing] = `${shift(start!)} --> ${shift(end!)}`;
      out.push(lines.join('\n'));
    }
  }
  return { vtt: `WEBVTT\n\n${out.join('\n\n')}\n`, seconds: length * copies };
}

/**
 * Median and minimum milliseconds per call of each function. Each round times a batch of calls of one function,
 * then the next (a a a … b b b …), so each side pays for the garbage it makes itself: calls taken in turns one by
 * one left the chunker's garbage to be collected during the parser's calls and flattered the ratio.
 */
function timeInBatches(fns: Record<string, () => unknown>): Record<string, { medianMs: number; minMs: number }> {
  const names = Object.keys(fns);
  for (let k = 0; k < WARMUP_RUNS; k++) for (const name of names) fns[name]!();
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of names) {
      const started = performance.now();
      for (let k = 0; k < RUNS_PER_BATCH; k++) fns[name]!();
      samples[name]!.push((performance.now() - started) / RUNS_PER_BATCH);
    }
  }
  return Object.fromEntries(
    names.map((name) => {
      const sorted = [...samples[name]!].sort((a, b) => a - b);
      return [name, { medianMs: round(sorted[Math.floor(sorted.length / 2)]!, 2), minMs: round(sorted[0]!, 2) }];
    }),
  );
}

/**
 * `chunking`: the pure chunker against the parser it stands on, in the same process and run: chunking the
 * 14,000-word training (Markdown) vs markdown-it's parse of it, and chunking an hour of captions vs parsing its cues.
 */
export const chunking: Benchmark = {
  name: 'chunking',
  description: `Chunking the 14,000-word fixture and a ${TRANSCRIPT_COPIES}× (~1 h) transcript vs parsing them alone (markdown-it; the VTT cue parser)`,
  async run({ rootDir, log }) {
    const fixtures = join(rootDir, '..', 'shared', 'fixtures');
    const markdown = readFileSync(join(fixtures, 'documents', 'pagerduty-security-training-for-everyone.md'), 'utf8');
    const captions = readFileSync(join(fixtures, 'transcripts', 'ableplayer-itaccess_captions_en.vtt'), 'utf8');
    const long = makeLongTranscript(captions, TRANSCRIPT_COPIES);
    // The same parser alone: markdown-it configured exactly as the chunker configures it (front matter, attribute
    // lists, abbreviations). Plain markdown-it is measured too, for context.
    const sameParser = createMarkdownParser(() => {});
    const markdownIt = new MarkdownIt({ html: true });

    log('document…');
    const doc = timeInBatches({ chunk: () => chunkDocument({ text: markdown, format: 'markdown' }), parse: () => sameParser.parse(markdown, {}), plain: () => markdownIt.parse(markdown, {}) });
    log('transcript…');
    const tr = timeInBatches({ chunk: () => chunkTranscript({ captions: long.vtt }), parse: () => parseTranscript(long.vtt) });

    const docResult = chunkDocument({ text: markdown, format: 'markdown' });
    const trResult = chunkTranscript({ captions: long.vtt });
    const docRatio = ratioOf(doc.chunk!.medianMs, doc.parse!.medianMs);
    const trRatio = ratioOf(tr.chunk!.medianMs, tr.parse!.medianMs);
    const ratio = docRatio === null || trRatio === null ? null : Math.max(docRatio, trRatio);

    const metrics: FigureTable = {
      'chunkDocument (14,240-word Markdown)': { 'median ms': doc.chunk!.medianMs, 'min ms': doc.chunk!.minMs, lessons: docResult.lessons.length, modules: docResult.course.modules.length },
      [`chunkTranscript (${Math.round(long.seconds / 60)} min of captions)`]: { 'median ms': tr.chunk!.medianMs, 'min ms': tr.chunk!.minMs, lessons: trResult.lessons.length, modules: trResult.course.modules.length },
    };
    const reference: FigureTable = {
      'markdown-it 15 with the chunker’s plugins, parse, same text': { 'median ms': doc.parse!.medianMs, 'min ms': doc.parse!.minMs },
      'markdown-it 15 without plugins (context)': { 'median ms': doc.plain!.medianMs, 'min ms': doc.plain!.minMs },
      'parseTranscript (VTT cue parser), same text': { 'median ms': tr.parse!.medianMs, 'min ms': tr.parse!.minMs },
    };
    return {
      metrics,
      reference,
      ratio,
      ratios: { 'document: chunk ÷ same parser (median)': docRatio, 'document: chunk ÷ plain markdown-it (median)': ratioOf(doc.chunk!.medianMs, doc.plain!.medianMs), 'transcript: chunk ÷ cue parse (median)': trRatio },
      aim: `chunking costs at most ${AIM_RATIO}× parsing the same input with the same parser alone (headline: the worse of document and transcript)`,
      aimRatio: AIM_RATIO,
      aimBound: 'at_most',
      meetsAim: ratio === null ? null : ratio <= AIM_RATIO,
      context: {
        runs: `${WARMUP_RUNS} warm-up, then ${ROUNDS} rounds; each round times ${RUNS_PER_BATCH} calls of each side in a batch, side after side; figures are per call (median and min over the rounds)`,
        transcript: `${TRANSCRIPT_COPIES} copies of ableplayer-itaccess_captions_en.vtt shifted end to end: ${parseTranscript(long.vtt).cues.length} cues, ${Math.round(long.seconds)} s`,
        'document parse reference': 'markdown-it 15 with html: true and the chunker’s plugins (front matter, attribute lists, abbreviations), built by the chunker’s own createMarkdownParser',
      },
      failures: [],
    };
  },
};
