import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyVariables, findVariables, missingVariables } from './variables.ts';

describe('lesson variables', () => {
  const text = { id: 't', type: 'text' as const, markdown: 'The {{product}} has a {{ battery }} battery. {{product}} ships in May.' };
  const question = { id: 'q', type: 'question' as const, question: { kind: 'true_false' as const, prompt: 'The {{product}} is waterproof.', answer: true, askConfidence: false } };
  const blocks = [text, question];

  it('finds every variable once, in order of first use', () => {
    expect(findVariables(blocks, ['{{store}} opening'])).toEqual(['product', 'battery', 'store']);
  });

  it('fills values everywhere without changing the input, and leaves unknown names visible', () => {
    const values = { product: 'Aurora X', battery: '5,000 mAh' };
    expect(applyVariables(text, values).markdown).toBe('The Aurora X has a 5,000 mAh battery. Aurora X ships in May.');
    expect(applyVariables(question, values).question.prompt).toBe('The Aurora X is waterproof.');
    expect(text.markdown).toContain('{{product}}');
    expect(applyVariables('Hi {{name}}', {})).toBe('Hi {{name}}');
  });

  it('reports variables with neither a value nor a default', () => {
    expect(missingVariables(blocks as never, [], { product: 'A' }, {})).toEqual(['battery']);
    expect(missingVariables(blocks as never, [], { product: 'A' }, { battery: 'big' })).toEqual([]);
  });

  it('leaves text without variables unchanged (property)', () => {
    fc.assert(fc.property(fc.string().filter((s) => !s.includes('{{')), (text) => {
      expect(applyVariables(text, { a: 'b' })).toBe(text);
    }));
  });
});
