import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gradeResponse, normaliseAnswer, parseCloze, presentQuestionToLearner, ResponseMismatchError, seededShuffle } from './grading.ts';
import { Question } from './lesson-model.ts';

const q = (input: unknown) => Question.parse(input);

describe('gradeResponse', () => {
  const single = q({
    kind: 'single_choice',
    prompt: 'How do you open a call?',
    explanation: 'The greeting sets the tone of the whole call.',
    options: [
      { id: 'a', text: 'Thank you for calling Northwind, this is Sam. How can I help?', correct: true, feedback: 'Yes: company, name, offer.' },
      { id: 'b', text: 'Hello?', correct: false, feedback: 'Too bare: the customer does not know where they are.' },
    ],
  });

  it('gives the chosen option’s targeted feedback, then the explanation', () => {
    expect(gradeResponse(single, { kind: 'single_choice', optionId: 'b' })).toEqual({
      score: 0,
      correct: false,
      feedback: ['Too bare: the customer does not know where they are.', 'The greeting sets the tone of the whole call.'],
    });
    expect(gradeResponse(single, { kind: 'single_choice', optionId: 'a' }).correct).toBe(true);
  });

  it('refuses an answer of another kind or an unknown option', () => {
    expect(() => gradeResponse(single, { kind: 'true_false', value: true })).toThrow(ResponseMismatchError);
    expect(() => gradeResponse(single, { kind: 'single_choice', optionId: 'zzz' })).toThrow(ResponseMismatchError);
  });

  const multiple = q({
    kind: 'multiple_choice',
    prompt: 'Which belong in a farewell?',
    options: [
      { id: 'a', text: 'Summarise what was agreed', correct: true },
      { id: 'b', text: 'Ask if there is anything else', correct: true, feedback: 'Always offer more help.' },
      { id: 'c', text: 'Hang up first', correct: false, feedback: 'Let the customer hang up first.' },
      { id: 'd', text: 'Thank them by name', correct: true },
    ],
  });

  it('gives partial credit on multiple choice: right picks minus wrong picks over the number right, floored at 0', () => {
    const grade = (ids: string[]) => gradeResponse(multiple, { kind: 'multiple_choice', optionIds: ids });
    expect(grade(['a', 'b', 'd'])).toMatchObject({ score: 1, correct: true });
    expect(grade(['a', 'd']).score).toBeCloseTo(2 / 3);
    expect(grade(['a', 'd']).feedback).toEqual(['Always offer more help.']);
    expect(grade(['a', 'b', 'c', 'd'])).toMatchObject({ correct: false });
    expect(grade(['a', 'b', 'c', 'd']).score).toBeCloseTo(2 / 3);
    expect(grade(['c']).score).toBe(0);
    expect(grade([]).score).toBe(0);
  });

  it('grades true/false with the feedback of the side chosen', () => {
    const tf = q({ kind: 'true_false', prompt: 'You may put a caller on hold without asking.', answer: false, feedbackTrue: 'No: always ask first.', feedbackFalse: 'Right: ask first.' });
    expect(gradeResponse(tf, { kind: 'true_false', value: true })).toMatchObject({ correct: false, feedback: ['No: always ask first.'] });
    expect(gradeResponse(tf, { kind: 'true_false', value: false })).toMatchObject({ correct: true, feedback: ['Right: ask first.'] });
  });

  it('scores ordering by the share of items in their right place', () => {
    const ordering = q({ kind: 'ordering', prompt: 'Order the call', items: [{ id: '1', text: 'Greet' }, { id: '2', text: 'Listen' }, { id: '3', text: 'Solve' }, { id: '4', text: 'Close' }] });
    expect(gradeResponse(ordering, { kind: 'ordering', itemIds: ['1', '2', '3', '4'] }).correct).toBe(true);
    expect(gradeResponse(ordering, { kind: 'ordering', itemIds: ['1', '2', '4', '3'] }).score).toBe(0.5);
    expect(() => gradeResponse(ordering, { kind: 'ordering', itemIds: ['1', '1', '2', '3'] })).toThrow(ResponseMismatchError);
  });

  it('accepts cloze answers whatever their case and spacing', () => {
    const cloze = q({ kind: 'cloze', prompt: 'Fill in the greeting', text: 'Thank you for calling [[Northwind]], this is [[your name|your first name]].' });
    expect(gradeResponse(cloze, { kind: 'cloze', blanks: ['  NORTHWIND ', 'your   First name.'] })).toMatchObject({ score: 1, correct: true });
    expect(gradeResponse(cloze, { kind: 'cloze', blanks: ['northwind'] })).toMatchObject({ score: 0.5, correct: false });
  });

  it('checks short answers against expected answers or enough keywords', () => {
    const short = q({ kind: 'short_text', prompt: 'What do you say before transferring a call?', expected: ['May I put you on hold?'], keywords: ['transfer', 'colleague', 'hold'], minKeywords: 2, feedbackIncorrect: 'Tell them who and why, and ask first.' });
    expect(gradeResponse(short, { kind: 'short_text', text: 'may i put you on HOLD?' }).correct).toBe(true);
    expect(gradeResponse(short, { kind: 'short_text', text: "I'll transfer you to a colleague who knows billing" }).correct).toBe(true);
    expect(gradeResponse(short, { kind: 'short_text', text: 'Please wait' })).toMatchObject({ correct: false, feedback: ['Tell them who and why, and ask first.'] });
  });

  it('always returns a score in [0, 1], correct exactly when it is 1 (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 2, maxLength: 8 }), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), (correctFlags, chosenFlags) => {
        const question = q({ kind: 'multiple_choice', prompt: 'p', options: correctFlags.map((correct, i) => ({ id: String(i), text: `o${i}`, correct })) });
        const optionIds = correctFlags.map((_, i) => String(i)).filter((_, i) => chosenFlags[i]);
        const grade = gradeResponse(question, { kind: 'multiple_choice', optionIds });
        expect(grade.score).toBeGreaterThanOrEqual(0);
        expect(grade.score).toBeLessThanOrEqual(1);
        const exact = correctFlags.every((c, i) => c === !!chosenFlags[i]);
        expect(grade.correct).toBe(exact);
      }),
    );
  });
});

describe('cloze and presentation helpers', () => {
  it('splits cloze text into parts and accepted answers', () => {
    expect(parseCloze('Say [[hello | hi]] to [[Sam]]')).toEqual({ parts: ['Say ', ' to ', ''], blanks: [['hello', 'hi'], ['Sam']] });
    expect(normaliseAnswer('  Good   Morning. ')).toBe('good morning');
  });

  it('never shows the learner which answer is right', () => {
    const question = q({ kind: 'single_choice', prompt: 'p', options: [{ id: 'a', text: 'A', correct: true, feedback: 'secret' }, { id: 'b', text: 'B', correct: false }] });
    const shown = JSON.stringify(presentQuestionToLearner(question, 1));
    expect(shown).not.toContain('correct');
    expect(shown).not.toContain('secret');
    const cloze = JSON.stringify(presentQuestionToLearner(q({ kind: 'cloze', prompt: 'p', text: 'Say [[Northwind]] first' }), 1));
    expect(cloze).not.toContain('Northwind');
  });

  it('shuffles ordering items deterministically and never into the right order (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 10 }), fc.integer(), (n, seed) => {
        const items = Array.from({ length: n }, (_, i) => i);
        const shuffled = seededShuffle(items, seed);
        expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
        expect(shuffled).not.toEqual(items);
        expect(seededShuffle(items, seed)).toEqual(shuffled);
      }),
    );
  });
});
