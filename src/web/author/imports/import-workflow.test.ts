import { describe, expect, it } from 'vitest';
import type { Proposal } from '../../../server/modules/import/import.schemas.ts';
import {
  buildImportBody,
  chooseFormat,
  emptyNewImport,
  MAX_SOURCE_CHARS,
  cueLineRange,
  describeChange,
  describeProgress,
  firstWords,
  formatHeadingPath,
  groupProposals,
  highlightedLines,
  isWorking,
  parseCueTime,
  progressPercent,
  sourceLines,
  splitOptions,
  stageLabel,
  summariseProposals,
  summariseQuestion,
  timeSpanOf,
} from './import-workflow.ts';

function buildProposal(overrides: Partial<Proposal> = {}): Proposal {
  return {
    title: 'Passwords',
    coreQuestion: 'How long should my password be?',
    estimatedSeconds: 80,
    text: 'Use a long passphrase. Never reuse it.',
    headingPath: ['Passwords'],
    questions: [],
    sourceRange: { startLine: 3, endLine: 5 },
    module: 'Passwords',
    pieces: ['Use a long passphrase.', 'Never reuse it.'],
    overBudget: false,
    ...overrides,
  };
}

describe('groupProposals', () => {
  it('groups proposals by the course modules in the modules’ order, keeping each proposal’s index', () => {
    const proposals = [buildProposal({ title: 'a' }), buildProposal({ title: 'b' }), buildProposal({ title: 'c' })];
    const groups = groupProposals({ proposals, course: { title: 'Security', modules: [{ title: 'Two', lessonIndexes: [2] }, { title: 'One', lessonIndexes: [0, 1] }] } });
    expect(groups.map((group) => [group.title, group.lessons.map((lesson) => `${lesson.index}:${lesson.proposal.title}`)])).toEqual([
      ['Two', ['2:c']],
      ['One', ['0:a', '1:b']],
    ]);
  });

  it('shows every proposal once: stale or repeated indexes are skipped and unlisted proposals go last', () => {
    const proposals = [buildProposal({ title: 'a' }), buildProposal({ title: 'b' }), buildProposal({ title: 'c' })];
    const groups = groupProposals({ proposals, course: { title: 'Security', modules: [{ title: 'One', lessonIndexes: [0, 0, 7] }, { title: 'Empty', lessonIndexes: [9] }] } });
    expect(groups.map((group) => [group.title, group.lessons.map((lesson) => lesson.index)])).toEqual([
      ['One', [0]],
      ['Other lessons', [1, 2]],
    ]);
    expect(groupProposals({ proposals, course: { title: 'x', modules: [] } })[0]?.title).toBe('Lessons');
    expect(groupProposals({ proposals: [], course: { title: 'x', modules: [] } })).toEqual([]);
  });
});

describe('split labels', () => {
  it('offers to split before every piece but the first, numbering parts from 1', () => {
    const options = splitOptions(['## Why it matters', 'Attackers **guess** short passwords in [minutes](https://example.com).', '- Use a manager']);
    expect(options).toEqual([
      { value: '1', label: 'Before part 2: “Attackers guess short passwords in minutes.”' },
      { value: '2', label: 'Before part 3: “Use a manager”' },
    ]);
    expect(splitOptions(['only one'])).toEqual([]);
  });

  it('cuts long pieces to their first words and strips Markdown, images and HTML', () => {
    expect(firstWords('![slide](a.png) <b>One</b> two three four five six seven eight nine', 3)).toBe('One two three…');
    expect(firstWords('   ')).toBe('');
    expect(firstWords('> **Note**\\\n> Keep it {:target="_blank"} short')).toBe('Note Keep it short');
  });
});

describe('progress', () => {
  it('describes the stage with its count once the total is known', () => {
    expect(describeProgress({ stage: 'cutting', progress: { done: 3, total: 10 } })).toBe('Cutting the recording into clips: 3 of 10');
    expect(describeProgress({ stage: 'reading', progress: { done: 0, total: 0 } })).toBe('Reading the source…');
    expect(describeProgress({ stage: 'creating', progress: { done: 12, total: 10 } })).toBe('Creating draft lessons: 10 of 10');
    expect(describeProgress({ stage: 'waiting', progress: { done: 0, total: 62 } })).toBe('Waiting to start…');
  });

  it('gives a percentage only when there is a total, clamped to 0–100', () => {
    expect(progressPercent({ done: 1, total: 3 })).toBe(33);
    expect(progressPercent({ done: 0, total: 0 })).toBeUndefined();
    expect(progressPercent({ done: 5, total: 4 })).toBe(100);
  });

  it('humanises stages it does not know and keeps polling only while the server works', () => {
    expect(stageLabel('thinking_hard')).toBe('Thinking hard');
    expect(stageLabel('')).toBe('Working');
    expect(isWorking('queued')).toBe(true);
    expect(isWorking('accepting')).toBe(true);
    for (const status of ['ready', 'accepted', 'failed', 'cancelled', undefined] as const) expect(isWorking(status)).toBe(false);
  });
});

describe('chooseFormat', () => {
  it('takes the format from the file name’s extension, whatever its case', () => {
    expect(chooseFormat('Handbook.MD')).toBe('markdown');
    expect(chooseFormat('policy.htm')).toBe('html');
    expect(chooseFormat('notes.txt')).toBe('text');
  });

  it('judges pasted text or an unknown extension by how it starts, Markdown otherwise', () => {
    expect(chooseFormat(undefined, '  <!DOCTYPE html><html><body>Hi</body></html>')).toBe('html');
    expect(chooseFormat('export.dat', '<html lang="en">')).toBe('html');
    expect(chooseFormat(undefined, '# Title\n\n<b>bold</b>')).toBe('markdown');
    expect(chooseFormat('', '')).toBe('markdown');
  });
});

describe('source lines', () => {
  it('numbers lines as the server does, ignoring a final newline and a byte-order mark', () => {
    expect(sourceLines('\uFEFFa\r\nb\n')).toEqual(['a', 'b']);
    expect(sourceLines('')).toEqual([]);
    expect(sourceLines('\n')).toEqual(['']);
  });

  it('highlights a document proposal’s line range, kept within the source', () => {
    const lines = ['# A', '', 'one', 'two', 'three'];
    expect(highlightedLines(buildProposal({ sourceRange: { startLine: 3, endLine: 4 } }), lines)).toEqual({ startLine: 3, endLine: 4 });
    expect(highlightedLines(buildProposal({ sourceRange: { startLine: 4, endLine: 99 } }), lines)).toEqual({ startLine: 4, endLine: 5 });
    expect(highlightedLines(buildProposal({ sourceRange: { startLine: 0, endLine: 0 } }), lines)).toBeUndefined();
  });

  it('highlights a transcript proposal’s cues by their start times, in WebVTT and SRT', () => {
    const vtt = sourceLines('WEBVTT\n\n00:00.500 --> 00:04.000\n<v Ann> Hello\nthere\n\n00:04.000 --> 00:09.000\nSecond\n\n00:09.000 --> 00:12.000\nThird\n');
    expect(cueLineRange(vtt, 0, 9)).toEqual({ startLine: 3, endLine: 8 });
    expect(cueLineRange(vtt, 9, 12)).toEqual({ startLine: 10, endLine: 11 });
    expect(cueLineRange(vtt, 20, 30)).toBeUndefined();
    const srt = sourceLines('1\n00:00:01,000 --> 00:00:03,000\nOne\n\n2\n01:00:03,000 --> 01:00:05,000\nTwo\n');
    expect(cueLineRange(srt, 3600, 3610)).toEqual({ startLine: 6, endLine: 7 });
    const proposal = buildProposal({ sourceRange: { startSeconds: 4, endSeconds: 12 }, startSeconds: 4, endSeconds: 12 });
    expect(highlightedLines(proposal, vtt)).toEqual({ startLine: 7, endLine: 11 });
  });

  it('reads both timestamp styles', () => {
    expect(parseCueTime('01:02:03.250')).toBe(3723.25);
    expect(parseCueTime('1:02:03,250')).toBe(3723.25);
    expect(parseCueTime('02:03.000')).toBe(123);
    expect(parseCueTime('nonsense')).toBeUndefined();
  });

  it('finds a proposal’s span of the recording from its times or its source range', () => {
    expect(timeSpanOf(buildProposal({ startSeconds: 5, endSeconds: 70 }))).toEqual({ startSeconds: 5, endSeconds: 70 });
    expect(timeSpanOf(buildProposal({ sourceRange: { startSeconds: 1, endSeconds: 2 } }))).toEqual({ startSeconds: 1, endSeconds: 2 });
    expect(timeSpanOf(buildProposal())).toBeUndefined();
  });
});

describe('summaries', () => {
  it('counts lessons, their total time and those over two minutes (by flag or by estimate)', () => {
    const summary = summariseProposals([buildProposal({ estimatedSeconds: 60 }), buildProposal({ estimatedSeconds: 130 }), buildProposal({ estimatedSeconds: 100, overBudget: true })]);
    expect(summary).toEqual({ count: 3, totalSeconds: 290, overBudget: 2 });
  });

  it('joins a heading path, leaving out empty headings', () => {
    expect(formatHeadingPath(['Security', ' ', 'Passwords'])).toBe('Security › Passwords');
    expect(formatHeadingPath([])).toBeUndefined();
  });

  it('says what a change did and which proposal to select next', () => {
    const titles = ['A', 'B', 'C'];
    expect(describeChange({ op: 'merge', index: 0 }, titles)).toEqual({ message: '“A” and “B” were merged.', select: 0 });
    expect(describeChange({ op: 'split', index: 2, atPiece: 1 }, titles)).toEqual({ message: '“C” was split in two.', select: 2 });
    expect(describeChange({ op: 'drop', index: 2 }, titles)).toEqual({ message: '“C” was dropped.', select: 1 });
    expect(describeChange({ op: 'drop', index: 0 }, ['A'])).toEqual({ message: '“A” was dropped.', select: undefined });
    expect(describeChange({ op: 'course', title: 'Safe' }, titles).message).toBe('The course is now called “Safe”.');
  });
});

describe('buildImportBody', () => {
  it('sends a document with the format its file name gives and only the fields of its kind', () => {
    const values = { ...emptyNewImport(), title: '  Security basics ', document: { text: '# Hi', filename: 'handbook.md' }, captions: { text: 'WEBVTT' }, mediaId: 'm1' };
    expect(buildImportBody(values)).toEqual({ body: { kind: 'document', text: '# Hi', format: 'markdown', filename: 'handbook.md', title: 'Security basics' } });
  });

  it('lets the author’s chosen format win, and judges pasted text by its content', () => {
    expect(buildImportBody({ ...emptyNewImport(), document: { text: '<html><body>x</body></html>' } })).toEqual({ body: { kind: 'document', text: '<html><body>x</body></html>', format: 'html' } });
    expect(buildImportBody({ ...emptyNewImport(), document: { text: 'plain', filename: 'a.md' }, format: 'text' })).toMatchObject({ body: { format: 'text' } });
  });

  it('refuses an empty or too long document before anything is sent', () => {
    expect(buildImportBody({ ...emptyNewImport(), document: { text: '  \n ' } })).toEqual({ problem: 'Choose a document or paste its text first.' });
    expect(buildImportBody({ ...emptyNewImport(), document: { text: 'x'.repeat(MAX_SOURCE_CHARS + 1) } })).toHaveProperty('problem');
  });

  it('sends a transcript with its chapters, recording and language when given', () => {
    const values = { ...emptyNewImport(), kind: 'transcript' as const, captions: { text: 'WEBVTT\n', filename: 'talk.vtt' }, chapters: { text: 'WEBVTT\n', filename: 'ch.vtt' }, mediaId: 'm1', language: ' fr ' };
    expect(buildImportBody(values)).toEqual({ body: { kind: 'transcript', captions: 'WEBVTT\n', chapters: 'WEBVTT\n', filename: 'talk.vtt', mediaId: 'm1', language: 'fr' } });
    expect(buildImportBody({ ...values, chapters: { text: ' ' }, mediaId: undefined, language: '' })).toEqual({ body: { kind: 'transcript', captions: 'WEBVTT\n', filename: 'talk.vtt' } });
    expect(buildImportBody({ ...values, captions: { text: '' } })).toHaveProperty('problem');
  });

  it('needs the recording for a recording', () => {
    expect(buildImportBody({ ...emptyNewImport(), kind: 'recording' })).toEqual({ problem: 'Choose the recording (a video or audio file) first.' });
    expect(buildImportBody({ ...emptyNewImport(), kind: 'recording', mediaId: 'm2', title: 'Talk' })).toEqual({ body: { kind: 'recording', mediaId: 'm2', title: 'Talk' } });
  });
});

describe('summariseQuestion', () => {
  it('shows a cloze question’s blanks with their first accepted answer, and a statement with its answer', () => {
    const cloze = { kind: 'cloze' as const, prompt: 'Fill in the blank.', askConfidence: false, text: 'Use [[a passphrase|passphrases]] and [[MFA]].', feedbackCorrect: '', feedbackIncorrect: '' };
    expect(summariseQuestion(cloze as Proposal['questions'][number])).toBe('Use [a passphrase] and [MFA].');
    const statement = { kind: 'true_false' as const, prompt: 'Short passwords are fine.', askConfidence: false, answer: false, feedbackTrue: '', feedbackFalse: '' };
    expect(summariseQuestion(statement as Proposal['questions'][number])).toBe('Short passwords are fine. (false)');
  });
});
