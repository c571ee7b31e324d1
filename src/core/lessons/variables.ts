/**
 * Lesson variables: `{{product}}` in any text of a lesson takes a per-course value, so one lesson serves several
 * situations with small tweaks instead of copies. Pure.
 */
import type { Block } from './lesson-model.ts';

const VARIABLE = /\{\{\s*([A-Za-z][A-Za-z0-9_]{0,39})\s*\}\}/g;

/** The variable names used anywhere in these texts, in order of first use. */
export function findVariables(...values: unknown[]): string[] {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') for (const match of value.matchAll(VARIABLE)) names.add(match[1] as string);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  values.forEach(visit);
  return [...names];
}

/**
 * Replaces every `{{name}}` in every string of `value` by its value; names without a value are left as they
 * are (the course linter reports them). Returns a new value; the input is not changed.
 */
export function applyVariables<T>(value: T, values: Readonly<Record<string, string>>): T {
  if (typeof value === 'string') return value.replace(VARIABLE, (whole, name: string) => values[name] ?? whole) as T;
  if (Array.isArray(value)) return value.map((item) => applyVariables(item, values)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, applyVariables(item, values)])) as T;
  return value;
}

/** Variables a lesson uses that have neither a course value nor a default. */
export function missingVariables(blocks: Block[], texts: string[], values: Readonly<Record<string, string>>, defaults: Readonly<Record<string, string>> = {}): string[] {
  return findVariables(blocks, texts).filter((name) => values[name] === undefined && defaults[name] === undefined);
}
