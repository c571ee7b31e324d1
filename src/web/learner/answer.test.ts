import { describe, expect, it } from 'vitest';
import { blankCount, describeGrade, emptyDraft, moveItem, newClientId, readQuestion, toResponse } from './answer.ts';

describe('answering', () => {
  it('reads the learner view of a question, ignoring what it does not know', () => {
    const q = readQuestion({ kind: 'cloze', prompt: 'Fill in', parts: ['Say ', ' to ', ''], askConfidence: true });
    expect(q).toMatchObject({ kind: 'cloze', askConfidence: true, options: [], items: [] });
    expect(blankCount(q!)).toBe(2);
    expect(readQuestion({ kind: 'essay' })).toBeNull();
    expect(readQuestion(null)).toBeNull();
  });

  it('builds the response of each kind, or says what is missing', () => {
    const single = readQuestion({ kind: 'single_choice', prompt: 'p', options: [{ id: 'a', text: 'A' }] })!;
    expect(toResponse(single, emptyDraft(single))).toEqual({ missing: 'Choose an answer first.' });
    expect(toResponse(single, { ...emptyDraft(single), optionId: 'a' })).toEqual({ response: { kind: 'single_choice', optionId: 'a' } });
    const tf = readQuestion({ kind: 'true_false', prompt: 'p' })!;
    expect(toResponse(tf, { ...emptyDraft(tf), value: false })).toEqual({ response: { kind: 'true_false', value: false } });
    const ordering = readQuestion({ kind: 'ordering', prompt: 'p', items: [{ id: 'b', text: 'B' }, { id: 'a', text: 'A' }] })!;
    expect(toResponse(ordering, emptyDraft(ordering))).toEqual({ response: { kind: 'ordering', itemIds: ['b', 'a'] } });
    const cloze = readQuestion({ kind: 'cloze', prompt: 'p', parts: ['Say ', ' to ', ''] })!;
    expect(toResponse(cloze, { ...emptyDraft(cloze), blanks: [' hello ', ''] })).toEqual({ missing: 'Fill in blank 2 first.' });
    expect(toResponse(cloze, { ...emptyDraft(cloze), blanks: [' hello ', 'Sam'] })).toEqual({ response: { kind: 'cloze', blanks: ['hello', 'Sam'] } });
    const short = readQuestion({ kind: 'short_text', prompt: 'p' })!;
    expect(toResponse(short, { ...emptyDraft(short), text: '  ' })).toEqual({ missing: 'Type your answer first.' });
  });

  it('moves ordering items up and down, not past either end', () => {
    expect(moveItem(['a', 'b', 'c'], 1, -1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 1, 1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveItem(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });

  it('makes a new UUID per submission', () => {
    const a = newClientId();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newClientId()).not.toBe(a);
  });
});

describe('describeGrade', () => {
  it('announces right, partly right with its share, and wrong', () => {
    expect(describeGrade({ correct: true, score: 1 })).toEqual({ tone: 'correct', title: 'Correct' });
    expect(describeGrade({ correct: false, score: 0.5 })).toEqual({ tone: 'partial', title: 'Partly right: 50%' });
    expect(describeGrade({ correct: false, score: 0 })).toEqual({ tone: 'incorrect', title: 'Not quite' });
  });
});
