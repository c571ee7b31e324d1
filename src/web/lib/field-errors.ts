/**
 * API errors placed beside the fields they are about. The API names a field in two ways: a `validation_failed`
 * answer lists `issues` (`{ field: 'body.deadlineAt', message }`), and a service's refusal may carry
 * `details.field` (`unsafe_url` → `{ field: 'sms.baseUrl' }`) with the message of the error itself.
 * Pure, so it is unit tested.
 */
import { ApiError, humaniseField } from './api-client.ts';

/** One problem the API tied to a field, its path without the `body.` / `query.` / `params.` prefix. */
export interface FieldProblem {
  path: string;
  message: string;
}

const stripLocation = (path: string) => path.replace(/^(body|query|params)(\.|$)/, '');

/** The problems an error ties to fields (none for other errors, or errors without field details). */
export function fieldProblemsOf(error: unknown): FieldProblem[] {
  if (!(error instanceof ApiError) || !error.details || typeof error.details !== 'object') return [];
  const details = error.details as { issues?: unknown; field?: unknown };
  if (Array.isArray(details.issues)) {
    return details.issues.flatMap((issue): FieldProblem[] => {
      if (!issue || typeof issue !== 'object') return [];
      const { field, path, message } = issue as { field?: unknown; path?: unknown; message?: unknown };
      if (typeof message !== 'string') return [];
      const where = typeof field === 'string' ? field : Array.isArray(path) ? path.join('.') : typeof path === 'string' ? path : '';
      return [{ path: stripLocation(where), message }];
    });
  }
  if (typeof details.field === 'string') return [{ path: stripLocation(details.field), message: error.message }];
  return [];
}

/**
 * Splits an error between the fields of a form and a summary. `fieldOf` names the form's field a path belongs to
 * (undefined when the form shows no such field); the first message per field is kept. The summary is the error
 * itself when no field took any of it, a short pointer to the fields when they took all of it, and otherwise the
 * problems no field took, so nothing the API said is lost.
 */
export function splitFieldErrors<F extends string>(error: unknown, fieldOf: (path: string) => F | undefined): { fields: Partial<Record<F, string>>; summary: unknown } {
  const fields: Partial<Record<F, string>> = {};
  if (!error) return { fields, summary: undefined };
  const problems = fieldProblemsOf(error);
  const unplaced: FieldProblem[] = [];
  for (const problem of problems) {
    const field = fieldOf(problem.path);
    if (field === undefined) unplaced.push(problem);
    else fields[field] ??= problem.message;
  }
  const placed = problems.length - unplaced.length;
  if (placed === 0) return { fields, summary: error };
  if (unplaced.length === 0) return { fields, summary: new Error(placed === 1 ? 'One field needs correcting: see the message beside it.' : 'Some fields need correcting: see the messages beside them.') };
  return { fields, summary: new Error(unplaced.map((problem) => (problem.path ? `${humaniseField(problem.path)}: ${problem.message}` : problem.message)).join(' ')) };
}
