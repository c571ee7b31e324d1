import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countWords, DEFAULT_DURATION_SETTINGS, estimateLessonDuration, MAX_LESSON_SECONDS } from './duration.ts';
import { Block, type LessonDraft } from './lesson-model.ts';
import { formatDuration, type LintRule, lintLesson, type MediaFacts } from './linter.ts';

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
const question = Block.parse({
  id: 'q1',
  type: 'question',
  question: { kind: 'true_false', prompt: 'You greet with the company name first.', answer: true },
});
const video = Block.parse({ id: 'v1', type: 'video', mediaId: 'm-video' });

/** A lesson that passes every rule: a short video, a little text, a question. */
function goodLesson(overrides: Partial<LessonDraft> = {}): LessonDraft {
  return {
    title: 'Greeting a caller',
    coreQuestion: 'What do I say first when I answer a customer call?',
    objectiveId: 'obj-1',
    tags: ['greeting', 'phone'],
    blocks: [Block.parse({ id: 't1', type: 'text', markdown: 'Say the company name, your name, and offer help.' }), video, question],
    ...overrides,
  };
}
const media = new Map<string, MediaFacts>([['m-video', { seconds: 45, hasCaptions: true }]]);
const rules = (lesson: LessonDraft, facts = media) => lintLesson(lesson, facts).findings.map((f) => f.rule);

describe('estimateLessonDuration', () => {
  it('reads text at 200 words a minute, adds media length and 10 s per question', () => {
    const estimate = estimateLessonDuration({ blocks: [Block.parse({ id: 't', type: 'text', markdown: words(200) }), video, question] }, new Map([['m-video', 30]]));
    const [text, clip, check] = estimate.blocks;
    expect(text!.seconds).toBe(60);
    expect(clip!.seconds).toBe(30);
    expect(check!.seconds).toBeCloseTo(10 + (7 / 200) * 60, 1);
    expect(estimate.seconds).toBeCloseTo(60 + 30 + 12.1, 0);
  });

  it('reads code and tables at half speed, follows the organisation’s reading speed', () => {
    const code = Block.parse({ id: 'c', type: 'sample', format: 'code', content: words(100) });
    expect(estimateLessonDuration({ blocks: [code] }, new Map()).seconds).toBe(60);
    const table = Block.parse({ id: 't', type: 'text', markdown: `| a | b |\n|---|---|\n| ${words(50)} | x |` });
    expect(estimateLessonDuration({ blocks: [table] }, new Map()).seconds).toBeCloseTo((51 / 100) * 60 + (2 / 100) * 60, 0);
    const prose = Block.parse({ id: 'p', type: 'text', markdown: words(300) });
    expect(estimateLessonDuration({ blocks: [prose] }, new Map(), { ...DEFAULT_DURATION_SETTINGS, wordsPerMinute: 300 }).seconds).toBe(60);
  });

  it('flags media whose length is unknown', () => {
    expect(estimateLessonDuration({ blocks: [video] }, new Map()).blocks[0]).toMatchObject({ seconds: 0, unknownMedia: true });
  });

  it('adds a few seconds per skill step', () => {
    const demo = Block.parse({ id: 's', type: 'skill_demo', steps: [{ text: 'Lift' }, { text: 'Turn' }, { text: 'Place' }] });
    expect(estimateLessonDuration({ blocks: [demo] }, new Map()).seconds).toBeCloseTo(3 * 4 + (3 / 200) * 60, 1);
  });

  it('counts words as a reader meets them', () => {
    expect(countWords("Don't hang up — it's a 24-hour line, OK?")).toBe(8);
  });

  it('is the sum of its blocks and grows with every word added (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 50 }), (sizes, extra) => {
        const blocks = sizes.map((n, i) => Block.parse({ id: `t${i}`, type: 'text', markdown: words(n) }));
        const estimate = estimateLessonDuration({ blocks }, new Map());
        expect(estimate.seconds).toBeCloseTo(estimate.blocks.reduce((s, b) => s + b.seconds, 0), 0);
        const longer = estimateLessonDuration({ blocks: [...blocks, Block.parse({ id: 'x', type: 'text', markdown: words(extra) })] }, new Map());
        expect(longer.seconds).toBeGreaterThan(estimate.seconds);
      }),
    );
  });
});

describe('lintLesson', () => {
  it('passes a lesson that follows every rule', () => {
    const result = lintLesson(goodLesson(), media);
    expect(result.findings).toEqual([]);
    expect(result.publishable).toBe(true);
    expect(result.duration.seconds).toBeLessThanOrEqual(MAX_LESSON_SECONDS);
  });

  it('refuses a lesson over two minutes, naming its length and the longest block', () => {
    const lesson = goodLesson({ blocks: [Block.parse({ id: 'long', type: 'text', markdown: words(300) }), video, question] });
    const result = lintLesson(lesson, media);
    expect(result.publishable).toBe(false);
    expect(result.findings).toEqual([expect.objectContaining({ rule: 'too_long', severity: 'error', blockId: 'long' })]);
    expect(result.findings[0]!.message).toContain('2:');
  });

  it('requires a core question, an objective and a question', () => {
    const lesson = goodLesson({ coreQuestion: ' ', objectiveId: null, blocks: [video] });
    expect(rules(lesson)).toEqual(expect.arrayContaining<LintRule>(['no_core_question', 'no_objective', 'no_validation']));
    expect(lintLesson(lesson, media).publishable).toBe(false);
  });

  it('warns about text-only lessons, vague core questions and lessons nobody can find', () => {
    const lesson = goodLesson({ title: 'Module 3', tags: [], coreQuestion: 'Overview of refunds', blocks: [Block.parse({ id: 't', type: 'text', markdown: 'Refunds are…' }), question] });
    const result = lintLesson(lesson, media);
    expect(result.findings.map((f) => f.rule)).toEqual(['text_only', 'too_general', 'not_findable']);
    expect(result.findings.every((f) => f.severity === 'warning')).toBe(true);
    expect(result.publishable).toBe(true);
    expect(rules(goodLesson({ coreQuestion: 'Refund policy' }))).toContain('too_general');
  });

  it('asks for alt text and captions, and notices deleted media', () => {
    const image = Block.parse({ id: 'i', type: 'image', mediaId: 'm-image', alt: '' });
    const audio = Block.parse({ id: 'a', type: 'audio', mediaId: 'm-audio' });
    const facts = new Map<string, MediaFacts>([
      ['m-video', { seconds: 20, hasCaptions: false }],
      ['m-image', { hasCaptions: false }],
      ['m-audio', { seconds: 10, hasCaptions: false }],
    ]);
    expect(rules(goodLesson({ blocks: [video, image, audio, question] }), facts)).toEqual(['missing_captions', 'missing_alt_text', 'missing_captions']);
    expect(rules(goodLesson(), new Map())).toEqual(['missing_media']);
  });

  it('warns about job aids without steps', () => {
    const link = Block.parse({ id: 'l', type: 'tool', kind: 'link', title: 'Open the CRM', url: 'https://crm.example.com' });
    expect(rules(goodLesson({ blocks: [link, video, question] }))).toEqual(['job_aid_without_steps']);
    const steps = Block.parse({ id: 's', type: 'skill_demo', steps: [{ text: 'Open the deal' }, { text: 'Add the phone' }] });
    expect(rules(goodLesson({ blocks: [link, steps, question] }))).toEqual([]);
    const thin = Block.parse({ id: 'c', type: 'tool', kind: 'checklist', title: 'Before you call', items: ['Smile'] });
    expect(rules(goodLesson({ blocks: [thin, video, question] }))).toEqual(['job_aid_without_steps']);
  });

  it('catches questions that cannot be answered right', () => {
    const twoRight = Block.parse({ id: 'q2', type: 'question', question: { kind: 'single_choice', prompt: 'p', options: [{ id: 'a', text: 'A', correct: true }, { id: 'b', text: 'B', correct: true }] } });
    const noKeys = Block.parse({ id: 'q3', type: 'question', question: { kind: 'short_text', prompt: 'p' } });
    const result = lintLesson(goodLesson({ blocks: [video, twoRight, noKeys] }), media);
    expect(result.findings.map((f) => [f.rule, f.blockId])).toEqual([['invalid_question', 'q2'], ['invalid_question', 'q3']]);
    expect(result.publishable).toBe(false);
  });

  it('is publishable exactly when no finding is an error, and too_long fires exactly over 120 s (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 120 }), fc.boolean(), (wordCount, videoSeconds, withQuestion) => {
        const lesson = goodLesson({ blocks: [Block.parse({ id: 't', type: 'text', markdown: words(wordCount) }), video, ...(withQuestion ? [question] : [])] });
        const result = lintLesson(lesson, new Map([['m-video', { seconds: videoSeconds, hasCaptions: true }]]));
        expect(result.publishable).toBe(!result.findings.some((f) => f.severity === 'error'));
        expect(result.findings.some((f) => f.rule === 'too_long')).toBe(result.duration.seconds > MAX_LESSON_SECONDS);
        expect(result.findings.some((f) => f.rule === 'no_validation')).toBe(!withQuestion);
      }),
      { numRuns: 300 },
    );
  });

  it('formats durations as m:ss', () => {
    expect(formatDuration(125.4)).toBe('2:05');
    expect(formatDuration(59.6)).toBe('1:00');
  });
});
