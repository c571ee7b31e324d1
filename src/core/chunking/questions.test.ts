import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Question } from '../lessons/lesson-model.ts';
import { wordsOf } from '../words.ts';
import { createSentenceReader, draftCoreQuestion, draftQuestions, findKeySentence, findKeyTerm, STOP_WORDS } from './questions.ts';

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

describe('createSentenceReader', () => {
  it('counts every word and numbers each content word by its lower-cased form, leaving stop words and short words out', () => {
    const reader = createSentenceReader();
    expect(reader.read('  Passwords protect you; it is the passwords that matter.  ')).toEqual({
      raw: '  Passwords protect you; it is the passwords that matter.  ',
      text: 'Passwords protect you; it is the passwords that matter.',
      wordCount: 9,
      keys: [0, 1, 0, 2],
    });
    expect(reader.keyNumberOf('PASSWORDS')).toBe(0);
    expect(reader.keyNumberOf('the')).toBe(-1);
    expect(reader.keyCount()).toBe(3);
    expect(reader.read(' [[ ]] ')).toBeUndefined();
  });

  it('starts afresh: a new reader knows none of the words another one read', () => {
    const first = createSentenceReader();
    first.read('Phishing emails look urgent.');
    const second = createSentenceReader();
    expect(second.keyCount()).toBe(0);
    expect(second.read('Urgent phishing.')?.keys).toEqual([0, 1]);
  });

  it('agrees with reading the cleaned sentence word by word, on any text', () => {
    const text = fc.array(fc.constantFrom('Lock', ' lock', ' the', ' it', ' don’t', ' Don’t', ' 42', ' 2048', ' e.g.', ' [[', ']] ', '\n', '  ', 'İİ', ' Café', ' café', '.'), { maxLength: 20 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.array(text, { maxLength: 6 }), (sentences) => {
        const reader = createSentenceReader();
        const numbers = new Map<string, number>();
        for (const raw of sentences) {
          const read = reader.read(raw);
          const cleaned = raw.replace(/\[\[|\]\]/g, '').replace(/\s+/g, ' ').trim().slice(0, 1000);
          if (!cleaned) {
            expect(read).toBeUndefined();
            continue;
          }
          const words = wordsOf(cleaned);
          const keys = words
            .map((word) => word.toLowerCase())
            .filter((lower) => lower.length >= 3 && !STOP_WORDS.has(lower.replace(/’/g, "'")))
            .map((lower) => {
              if (!numbers.has(lower)) numbers.set(lower, numbers.size);
              return numbers.get(lower)!;
            });
          expect(read).toEqual({ raw, text: cleaned, wordCount: words.length, keys });
        }
      }),
      { numRuns: 1000 },
    );
  });
});
