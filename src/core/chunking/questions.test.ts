import { describe, expect, it } from 'vitest';
import { Question } from '../lessons/lesson-model.ts';
import { draftCoreQuestion, draftQuestions, findKeySentence, findKeyTerm } from './questions.ts';

describe('draftCoreQuestion', () => {
  it.each([
    ['Passwords', 'What should I know about passwords?'],
    ['What is Social Engineering?', 'What is Social Engineering?'],
    ['How to report phishing', 'How do I report phishing?'],
    ['Use a Password Manager', 'Why should I use a password manager?'],
    ["Don't Panic", "Why shouldn't I panic?"],
    ['Personally Identifiable Information (PII)', 'What should I know about personally identifiable information (PII)?'],
    ['Why Security Matters', 'Why Security Matters?'],
  ])('drafts "%s" as "%s"', (title, question) => {
    expect(draftCoreQuestion(title)).toBe(question);
  });
});

describe('draftQuestions', () => {
  const sentences = [
    'Phishing emails pretend to come from someone you trust.',
    'Report every phishing email to the security team through the Report Phish button in Gmail.',
    'The security team answers within an hour.',
  ];

  it('blanks a key term of the key sentence, deterministically', () => {
    expect(findKeySentence(sentences)).toBe(sentences[1]);
    const [question] = draftQuestions(sentences, 'Phishing');
    expect(question).toMatchObject({ kind: 'cloze', text: expect.stringMatching(/\[\[[^\]]+\]\]/) });
    expect(Question.safeParse(question).success).toBe(true);
    expect(draftQuestions(sentences, 'Phishing')).toEqual([question]);
    expect(findKeyTerm('The limit is 2048 requests per minute for each API key.', ['The limit is 2048 requests per minute for each API key.'])).toBe('2048');
  });

  it('falls back to a valid true/false when no sentence suits a cloze, or when there is no sentence', () => {
    expect(draftQuestions(['Lock the door.', 'Now.'], 'Locks')[0]).toMatchObject({ kind: 'true_false', prompt: 'True or false: Lock the door.', answer: true });
    const [empty] = draftQuestions([], 'Locks');
    expect(Question.safeParse(empty).success).toBe(true);
  });
});
