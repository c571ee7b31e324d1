import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { estimateLessonDuration } from '../lessons/duration.ts';
import { Question, type Block } from '../lessons/lesson-model.ts';
import { chunkDocument, chunkTranscript, mergeProposals, splitProposal, type ChunkResult, type ProposedLesson } from './index.ts';

const FIXTURES = new URL('../../../../shared/fixtures/', import.meta.url);
const training = readFileSync(new URL('documents/pagerduty-security-training-for-everyone.md', FIXTURES), 'utf8');
const captions = readFileSync(new URL('transcripts/ableplayer-itaccess_captions_en.vtt', FIXTURES), 'utf8');
const chapters = readFileSync(new URL('transcripts/ableplayer-itaccess_chapters_en.vtt', FIXTURES), 'utf8');

// --- An independent reading of "the prose" for the coverage checks: line-level, on purpose unlike the chunker's. ---

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Words only, lower case: markup, links' targets, pictures and punctuation gone. */
function words(text: string): string {
  return text
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\{:?[^}]*\}/g, ' ')
    .replace(/&amp;/g, '&')
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu)
    ?.join(' ') ?? '';
}

/** Markup that is not prose: pictures, link targets, HTML tags, attribute lists (removed before segmenting: `![` ends a sentence for ICU). */
function stripMarkup(text: string): string {
  return text
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\{:?[^}]*\}/g, ' ');
}

/** The source's prose sentences: front matter, headings, admonition markers, rules and abbreviation definitions are not prose. */
function markdownProseSentences(source: string): string[] {
  const body = source.replace(/^---\n[\s\S]*?\n---\n/, '');
  const paragraphs = body
    .split(/\n\s*\n/)
    .map((p) => p.split('\n').filter((line) => !/^\s*(#{1,6}\s|!!!|\?\?\?|---\s*$|\*\[)/.test(line)).map((line) => line.replace(/^\s*([-*+]|\d+\.)\s+/, '')).join(' '));
  return paragraphs.flatMap((p) => [...segmenter.segment(stripMarkup(p))].map((s) => words(s.segment))).filter((s) => s.length > 0);
}

function transcriptSentences(vtt: string): string[] {
  const text = vtt
    .split(/\n\s*\n/)
    .slice(1)
    .map((block) => block.split('\n').filter((line) => !line.includes('-->')).join(' '))
    .join(' ')
    .replace(/<[^>]*>/g, ' ');
  return [...segmenter.segment(text)].map((s) => words(s.segment)).filter((s) => s.length > 0);
}

function occurrences(haystack: string, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) count++;
  return count;
}

/**
 * Each source sentence is inside one lesson (not cut between two); sentences of 6 words or more occur in the
 * lessons exactly as often as in the source (nothing lost, nothing repeated). Returns what failed.
 */
function checkCoverage(result: ChunkResult, sentences: readonly string[]): string[] {
  // Sub-headings a lesson prints are not prose (a slide's caption may repeat its heading).
  const lessons = result.lessons.map((l) => ` ${words(stripMarkup(l.text.replace(/^#{1,6} .*$/gm, '')))} `);
  const source = ` ${sentences.join(' ')} `;
  const failures: string[] = [];
  for (const sentence of new Set(sentences)) {
    const padded = ` ${sentence} `;
    const holders = lessons.filter((l) => l.includes(padded)).length;
    if (holders === 0) failures.push(`not in any one lesson: "${sentence}"`);
    else if (sentence.split(' ').length >= 6) {
      const inLessons = lessons.reduce((sum, l) => sum + occurrences(l, padded), 0);
      if (inLessons !== occurrences(source, padded)) failures.push(`${inLessons}× in lessons, ${occurrences(source, padded)}× in source: "${sentence}"`);
    }
  }
  return failures;
}

/** The duration.ts estimate recomputed from the proposal as the lesson it would become. */
function recomputeEstimate(lesson: ProposedLesson): number {
  const questions: Block[] = lesson.questions.map((question, k) => ({ id: `q${k}`, type: 'question', question }));
  if (lesson.startSeconds !== undefined) {
    const clip = lesson.endSeconds! - lesson.startSeconds;
    return estimateLessonDuration({ blocks: [{ id: 'v', type: 'video', mediaId: 'm' }, ...questions] }, new Map([['m', clip]])).seconds;
  }
  return estimateLessonDuration({ blocks: [{ id: 't', type: 'text', markdown: lesson.text }, ...questions] }, new Map()).seconds;
}

function readingSeconds(lesson: ProposedLesson): number {
  return lesson.startSeconds !== undefined ? lesson.endSeconds! - lesson.startSeconds : estimateLessonDuration({ blocks: [{ id: 't', type: 'text', markdown: lesson.text }] }, new Map()).seconds;
}

const trainingResult = chunkDocument({ text: training, format: 'markdown' });
const transcriptResult = chunkTranscript({ captions, chapters, title: 'IT accessibility' });

describe('chunkDocument on the 14,000-word training', () => {
  it('puts every sentence of the prose in exactly one proposal, never cut between two', () => {
    const sentences = markdownProseSentences(training);
    expect(sentences.length).toBeGreaterThan(700);
    expect(checkCoverage(trainingResult, sentences)).toEqual([]);
  });

  it('keeps every proposal within 120 s with its questions, and the estimate is duration.ts’s', () => {
    for (const lesson of trainingResult.lessons) {
      expect(lesson.estimatedSeconds).toBeLessThanOrEqual(120);
      expect(lesson.estimatedSeconds).toBe(recomputeEstimate(lesson));
    }
  });

  it('aims at 60–90 s of reading and leaves no tiny fragment', () => {
    const reading = trainingResult.lessons.map(readingSeconds);
    expect(Math.min(...reading)).toBeGreaterThanOrEqual(20);
    const inTarget = reading.filter((s) => s >= 55 && s <= 95).length;
    expect(inTarget / reading.length).toBeGreaterThan(0.8);
  });

  it('drafts questions that validate against the Question schema, and core questions', () => {
    for (const lesson of trainingResult.lessons) {
      expect(lesson.questions.length).toBeGreaterThanOrEqual(1);
      for (const question of lesson.questions) expect(Question.safeParse(question).success).toBe(true);
      expect(lesson.coreQuestion).toMatch(/\?$/);
    }
    expect(trainingResult.lessons.find((l) => l.title === 'Passwords')?.coreQuestion).toBe('What should I know about passwords?');
    expect(trainingResult.lessons.find((l) => l.title === 'Use a Password Manager')?.coreQuestion).toBe('Why should I use a password manager?');
  });

  it('makes modules of the sections its table of contents links to', () => {
    expect(trainingResult.course.modules.map((m) => m.title)).toEqual(['Introduction', 'Social Engineering', 'Passwords', 'Physical Security', 'Personally Identifiable Information (PII)', 'Compliance']);
    expect(trainingResult.course.modules.flatMap((m) => m.lessonIndexes)).toEqual(trainingResult.lessons.map((_, k) => k));
  });

  it('reads admonitions as quotes with their title, drops raw HTML and front matter with a warning', () => {
    const all = trainingResult.lessons.map((l) => l.text).join('\n');
    expect(all).toContain("> **Presenter's Comment**");
    expect(all).not.toMatch(/<input|<label|\?\?\?\+|!!! info/);
    expect(all).not.toContain('keynote:');
    expect(trainingResult.warnings.some((w) => w.startsWith('Front matter'))).toBe(true);
  });

  it('keeps the heading path and source lines of each proposal, repeated headings included', () => {
    const gdpr = trainingResult.lessons.filter((l) => l.headingPath[0] === 'GDPR');
    expect(gdpr.length).toBeGreaterThanOrEqual(1);
    for (const lesson of trainingResult.lessons) {
      const range = lesson.sourceRange as { startLine: number; endLine: number };
      expect(range.startLine).toBeLessThanOrEqual(range.endLine);
    }
    const lines = training.split('\n');
    const passwords = trainingResult.lessons.find((l) => l.title === 'Passwords')!;
    expect(lines.slice((passwords.sourceRange as { startLine: number }).startLine - 1).join('\n')).toContain("It's time for our next topic");
  });

  it('gives the same output for the same input', () => {
    expect(chunkDocument({ text: training, format: 'markdown' })).toEqual(trainingResult);
  });
});

const sentence = (topic: string, k: number) => `The ${topic} rule number ${k} says that every worker checks the ${topic} settings before lunch on each working day.`;
const paragraph = (topic: string, count: number, from = 0) => Array.from({ length: count }, (_, k) => sentence(topic, from + k)).join(' ');

describe('chunkDocument on small documents', () => {
  it('keeps H1 > H2 > H3 heading paths, titles the course from a lone H1 and merges a tiny section with a neighbour', () => {
    const markdown = `# Safety handbook\n\n## Fire\n\n${paragraph('fire', 12)}\n\n### Extinguishers\n\n${paragraph('extinguisher', 8)}\n\n### Exits\n\nExits are marked in green.\n\n## Floods\n\n${paragraph('flood', 12)}\n`;
    const result = chunkDocument({ text: markdown, format: 'markdown' });
    expect(result.course.title).toBe('Safety handbook');
    expect(result.course.modules.map((m) => m.title)).toEqual(['Fire', 'Floods']);
    expect(result.lessons[0]!.headingPath).toEqual(['Safety handbook', 'Fire']);
    const exits = result.lessons.find((l) => l.text.includes('Exits are marked in green.'))!;
    expect(exits.text).toContain('### Exits');
    expect(exits.headingPath).toEqual(['Safety handbook', 'Fire', 'Extinguishers']);
    for (const lesson of result.lessons) expect(readingSeconds(lesson)).toBeGreaterThanOrEqual(20);
  });

  it('titles a lesson without a heading by the first eight words of its first sentence', () => {
    const long = chunkDocument({ text: `Lock your screen whenever you walk away from your desk,   even for a minute.\n\n${paragraph('screen', 6)}`, format: 'text' });
    expect(long.lessons[0]!.title).toBe('Lock your screen whenever you walk away from…');
    const short = chunkDocument({ text: `Lock it, always!\n\n${paragraph('screen', 6)}`, format: 'text' });
    expect(short.lessons[0]!.title).toBe('Lock it, always');
  });

  it('splits a long paragraph at sentence ends only', () => {
    const text = paragraph('password', 40);
    const result = chunkDocument({ text, format: 'text', title: 'Passwords' });
    expect(result.lessons.length).toBeGreaterThan(1);
    for (const lesson of result.lessons) {
      expect(lesson.text).toMatch(/^The password rule number \d+ says/);
      expect(lesson.text).toMatch(/working day\.$/);
      expect(lesson.estimatedSeconds).toBeLessThanOrEqual(120);
    }
    expect(result.lessons.map((l) => l.text).join(' ')).toBe(text);
  });

  it('handles admonitions with and without titles, attribute lists, raw HTML, emoji and a front matter title', () => {
    const markdown = [
      '---',
      'title: Phishing basics',
      'author: Security team',
      '---',
      '',
      '## How to report phishing',
      '',
      '!!! note "Remember"',
      '    Report every suspicious email 🎣 to the security team.',
      '',
      '    Reports are read within the hour.',
      '',
      '???+ warning',
      '    Never open attachments you did not expect.',
      '',
      'Read the [policy](https://example.com/policy){:target="_blank"} once a year.',
      '',
      '<div class="callout"><p>Call the <b>help desk</b> when unsure.</p></div>',
      '',
    ].join('\n');
    const result = chunkDocument({ text: markdown, format: 'markdown' });
    expect(result.course.title).toBe('Phishing basics');
    expect(result.warnings[0]).toContain('title');
    expect(result.lessons).toHaveLength(1);
    const [lesson] = result.lessons;
    expect(lesson!.coreQuestion).toBe('How do I report phishing?');
    expect(lesson!.text).toBe(
      [
        '> **Remember**\\',
        '> Report every suspicious email 🎣 to the security team.',
        '>',
        '> Reports are read within the hour.',
        '',
        '> **Warning**\\',
        '> Never open attachments you did not expect.',
        '',
        'Read the [policy](https://example.com/policy) once a year.',
        '',
        'Call the help desk when unsure.',
      ].join('\n'),
    );
    expect(lesson!.sourceRange).toEqual({ startLine: 6, endLine: 18 });
  });

  it('keeps an admonition title on its own line when its long body is cut into sentences, and never ends a lesson on a hard break', () => {
    const body = Array.from({ length: 60 }, (_, k) => `Sentence ${k + 1} says that every laptop must be locked before its owner walks away from the desk.`).join(' ');
    const result = chunkDocument({ text: `## Laptops\n\n!!! warning "Lock it"\n    ${body}\n`, format: 'markdown' });
    expect(result.lessons.length).toBeGreaterThan(1);
    expect(result.lessons[0]!.text.startsWith('> **Lock it**\\\n> Sentence 1 says')).toBe(true);
    for (const lesson of result.lessons) {
      expect(lesson.text).not.toMatch(/\\ /);
      expect(lesson.text).not.toMatch(/\\$/);
    }
  });

  it('reads HTML headings, paragraphs and lists, skipping scripts', () => {
    const html = `<!doctype html><html><head><title>Clean desk</title><script>var x = "Not prose.";</script></head><body>
<h1>Clean desk</h1>
<h2>Why it matters</h2>
<p>${paragraph('desk', 6)}</p>
<h2>What to do</h2>
<ul><li>Lock your <strong>screen</strong>.</li><li>File your papers.</li></ul>
<p>${paragraph('drawer', 6)}</p>
</body></html>`;
    const result = chunkDocument({ text: html, format: 'html' });
    expect(result.course.title).toBe('Clean desk');
    expect(result.lessons.map((l) => l.headingPath)).toEqual([
      ['Clean desk', 'Why it matters'],
      ['Clean desk', 'What to do'],
    ]);
    expect(result.lessons[1]!.text).toContain('- Lock your **screen**.\n- File your papers.');
    expect(result.lessons.map((l) => l.text).join(' ')).not.toContain('Not prose');
    expect(result.lessons[1]!.sourceRange).toEqual({ startLine: 5, endLine: 7 });
  });
});

describe('chunkTranscript', () => {
  it('puts every spoken sentence in exactly one proposal', () => {
    expect(checkCoverage(transcriptResult, transcriptSentences(captions))).toEqual([]);
  });

  it('stays within the captions although the chapters track runs past their end, and says so', () => {
    expect(transcriptResult.warnings.join(' ')).toMatch(/past the end of the captions/);
    const last = transcriptResult.lessons[transcriptResult.lessons.length - 1]!;
    expect(last.endSeconds).toBe(357.14);
    for (const [k, lesson] of transcriptResult.lessons.entries()) {
      expect(lesson.sourceRange).toEqual({ startSeconds: lesson.startSeconds, endSeconds: lesson.endSeconds });
      expect(lesson.estimatedSeconds).toBeLessThanOrEqual(120);
      expect(lesson.estimatedSeconds).toBe(recomputeEstimate(lesson));
      if (k > 0) expect(lesson.startSeconds).toBeGreaterThanOrEqual(transcriptResult.lessons[k - 1]!.endSeconds!);
      for (const question of lesson.questions) expect(Question.safeParse(question).success).toBe(true);
    }
  });

  it('names speakers where they change, keeps chapter titles as heading paths, merges chapters under 20 s', () => {
    const first = transcriptResult.lessons[0]!;
    expect(first.text).toMatch(/^\*\*Michael Young:\*\* We are committed/);
    expect(first.headingPath).toEqual(['Michael Young']);
    expect(transcriptResult.lessons.some((l) => (l.text.match(/\*\*[^*]+:\*\*/g) ?? []).length > 1)).toBe(true);
    for (const lesson of transcriptResult.lessons) expect(readingSeconds(lesson)).toBeGreaterThanOrEqual(20);
    expect(transcriptResult.course.modules.flatMap((m) => m.lessonIndexes)).toEqual(transcriptResult.lessons.map((_, k) => k));
  });

  it('reads SRT and WebVTT without hours, splitting a long monologue at sentence ends', () => {
    const cues = Array.from({ length: 60 }, (_, k) => ({ start: k * 4, end: k * 4 + 4, text: `Sentence ${k} is about the backup rota.` }));
    const pad = (n: number) => String(n).padStart(2, '0');
    const srt = cues.map((c, k) => `${k + 1}\n00:${pad(Math.floor(c.start / 60))}:${pad(c.start % 60)},000 --> 00:${pad(Math.floor(c.end / 60))}:${pad(c.end % 60)},000\n${c.text}`).join('\n\n');
    const vtt = `WEBVTT\n\n${cues.map((c) => `${pad(Math.floor(c.start / 60))}:${pad(c.start % 60)}.000 --> ${pad(Math.floor(c.end / 60))}:${pad(c.end % 60)}.000\n<v Sam>${c.text}`).join('\n\n')}`;
    const fromSrt = chunkTranscript({ captions: srt });
    const fromVtt = chunkTranscript({ captions: vtt });
    expect(fromSrt.lessons.length).toBeGreaterThan(1);
    expect(fromSrt.lessons.map((l) => [l.startSeconds, l.endSeconds])).toEqual(fromVtt.lessons.map((l) => [l.startSeconds, l.endSeconds]));
    for (const lesson of fromVtt.lessons) {
      expect(lesson.text).toMatch(/^\*\*Sam:\*\* Sentence \d+ is/);
      expect(lesson.estimatedSeconds).toBeLessThanOrEqual(120);
    }
  });
});

describe('mergeProposals and splitProposal', () => {
  it('merges two adjacent proposals and splits one back at a sentence, recomputing estimates and questions', () => {
    const [a, b] = trainingResult.lessons.slice(2, 4) as [ProposedLesson, ProposedLesson];
    const merged = mergeProposals(a, b);
    expect(merged.text).toBe(`${a.text}\n\n${b.text}`);
    expect(merged.sourceRange).toEqual({ startLine: (a.sourceRange as { startLine: number }).startLine, endLine: (b.sourceRange as { endLine: number }).endLine });
    expect(merged.estimatedSeconds).toBe(recomputeEstimate(merged));
    const [first, second] = splitProposal(merged, 3);
    expect(first.title).toBe(a.title);
    expect(second.title).toBe(`${a.title} (part 2)`);
    expect(words(`${first.text} ${second.text}`)).toBe(words(merged.text));
    for (const part of [first, second]) {
      expect(part.estimatedSeconds).toBe(recomputeEstimate(part));
      for (const question of part.questions) expect(Question.safeParse(question).success).toBe(true);
    }
    expect(() => splitProposal(merged, 0)).toThrow(RangeError);
  });

  it('splits a transcript proposal in time too, restating the speaker', () => {
    const lesson = transcriptResult.lessons[0]!;
    const [first, second] = splitProposal(lesson, 1);
    expect(first.startSeconds).toBe(lesson.startSeconds);
    expect(second.endSeconds).toBe(lesson.endSeconds);
    expect(first.endSeconds).toBe(second.startSeconds);
    expect(second.text).toMatch(/^\*\*Michael Young:\*\*/);
  });
});
