import { describe, expect, it } from 'vitest';
import { Block as BlockSchema } from '../../core/lessons/lesson-model.ts';
import type { Block, Question } from '../lib/content-types.ts';
import { BLOCK_TYPES, blockIssues, blockIssuesFromApi, changedFields, changeQuestionKind, createBlock, createQuestion, describeBlockPath, emptyDraft, moveItem, QUESTION_KINDS } from './lesson-draft.ts';

describe('createBlock', () => {
  it('makes every block type and question kind in a shape the lesson model accepts once filled in', () => {
    const filled = (block: Block): Block => JSON.parse(JSON.stringify(block).replace(/"(text|prompt|markdown|content|scenario|title|mediaId)":""/g, '"$1":"x"'));
    for (const { type } of BLOCK_TYPES) expect(BlockSchema.safeParse(filled(createBlock(type))).success, type).toBe(true);
    for (const { kind } of QUESTION_KINDS) {
      const block = filled(createBlock('question', kind));
      if (block.type === 'question' && block.question.kind === 'cloze') block.question.text = 'Say [[hello]]';
      if (block.type === 'question' && block.question.kind === 'short_text') block.question.expected = ['hello'];
      expect(BlockSchema.safeParse(block).success, kind).toBe(true);
    }
  });

  it('gives each new block its own id', () => {
    const ids = new Set(Array.from({ length: 50 }, () => createBlock('text').id));
    expect(ids.size).toBe(50);
  });
});

describe('blockIssues', () => {
  it('says in words what an empty question is missing, by option number', () => {
    const block = createBlock('question', 'single_choice');
    expect(blockIssues(block)).toEqual([
      { where: 'Question', message: 'Fill this in.' },
      { where: 'Option 1', message: 'Fill this in.' },
      { where: 'Option 2', message: 'Fill this in.' },
    ]);
  });

  it('asks for a file for media blocks and a real web address for links', () => {
    expect(blockIssues(createBlock('video'))).toEqual([{ where: 'Video', message: 'Choose a video from the media library.' }]);
    const link: Block = { id: 'l', type: 'tool', kind: 'link', title: 'CRM', items: [], url: 'javascript:alert(1)' };
    expect(blockIssues(link)).toEqual([{ where: 'Link', message: 'Must be a web address starting with https:// or http://.' }]);
  });

  it('passes on the model’s own explanation of a cloze text without blanks', () => {
    const block: Block = { id: 'c', type: 'question', question: { kind: 'cloze', prompt: 'Complete', askConfidence: false, text: 'No blanks here' } };
    expect(blockIssues(block)).toEqual([{ where: 'Text', message: 'Must contain at least one blank, written as [[answer]].' }]);
  });
});

describe('describeBlockPath', () => {
  it('names steps, options and items by their number', () => {
    const demo = createBlock('skill_demo');
    expect(describeBlockPath(demo, ['steps', 1, 'text'])).toBe('Step 2');
    expect(describeBlockPath(demo, ['steps', 0, 'mediaId'])).toBe('Step 1 media');
    expect(describeBlockPath(createBlock('question', 'ordering'), ['question', 'items', 2, 'text'])).toBe('Item 3');
  });
});

describe('blockIssuesFromApi', () => {
  it('files the API’s validation issues under the block they concern', () => {
    const blocks = [createBlock('text'), createBlock('question', 'single_choice')];
    const found = blockIssuesFromApi({ issues: [{ field: 'body.blocks.1.question.options.0.text', message: 'too short' }, { field: 'body.title', message: 'required' }] }, blocks);
    expect([...found.entries()]).toEqual([[blocks[1]?.id, [{ where: 'Option 1', message: 'Too short' }]]]);
  });
});

describe('changeQuestionKind', () => {
  it('keeps the prompt and the option texts, and leaves a single choice with one right option', () => {
    const multiple: Question = {
      kind: 'multiple_choice',
      prompt: 'Which are greetings?',
      askConfidence: true,
      options: [
        { id: 'a', text: 'Hello', correct: false },
        { id: 'b', text: 'Hi', correct: true },
        { id: 'c', text: 'Bye', correct: true },
      ],
    };
    const single = changeQuestionKind(multiple, 'single_choice');
    expect(single).toMatchObject({ kind: 'single_choice', prompt: 'Which are greetings?', askConfidence: true });
    if (single.kind !== 'single_choice') throw new Error('expected a single choice');
    expect(single.options.map((o) => [o.text, o.correct])).toEqual([
      ['Hello', false],
      ['Hi', true],
      ['Bye', false],
    ]);
    const ordering = changeQuestionKind(single, 'ordering');
    expect(ordering.kind === 'ordering' && ordering.items.map((i) => i.text)).toEqual(['Hello', 'Hi', 'Bye']);
  });

  it('starts a kind that shares nothing from its empty shape', () => {
    expect(changeQuestionKind(createQuestion('single_choice', 'Is it?'), 'true_false')).toEqual({ kind: 'true_false', prompt: 'Is it?', askConfidence: false, answer: true });
  });
});

describe('moveItem', () => {
  it('moves within bounds and leaves the input alone', () => {
    const items = ['a', 'b', 'c'];
    expect(moveItem(items, 0, 2)).toEqual(['b', 'c', 'a']);
    expect(moveItem(items, 2, -5)).toEqual(['c', 'a', 'b']);
    expect(items).toEqual(['a', 'b', 'c']);
  });
});

describe('changedFields', () => {
  it('ignores the order of keys, so the server’s copy of a block equals the edited one', () => {
    const block: Block = { id: 'q', type: 'question', question: { kind: 'true_false', prompt: 'Sure?', askConfidence: false, answer: true } };
    const reordered = JSON.parse('{"type":"question","question":{"answer":true,"askConfidence":false,"prompt":"Sure?","kind":"true_false"},"id":"q"}') as Block;
    expect(changedFields({ ...emptyDraft(), blocks: [block] }, { ...emptyDraft(), blocks: [reordered] })).toEqual({});
  });

  it('sends only what changed since the last save', () => {
    const saved = { ...emptyDraft('o1'), title: 'Greeting', tags: ['phone'] };
    expect(changedFields({ ...saved, tags: ['phone'] }, saved)).toEqual({});
    expect(changedFields({ ...saved, title: 'Greeting callers', objectiveId: null }, saved)).toEqual({ title: 'Greeting callers', objectiveId: null });
  });
});
