import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LessonSearchFields } from '../../../core/search/lesson-document.ts';
import type { DatabaseHandle, Dialect } from '../../db/database.ts';
import { createFakeClock } from '../../platform/clock.ts';
import { createEventBus } from '../../platform/events.ts';
import { createTestDatabase, testDialects } from '../../testing/test-database.ts';
import { createIdentityService } from '../identity/identity.service.ts';
import type { PasswordHasher } from '../identity/passwords.ts';
import { type PgTerm, removeDocs, replaceDoc, searchDocs } from './search.repository.ts';

const noPasswords: PasswordHasher = { hash: () => Promise.reject(new Error('not used')), verify: () => Promise.resolve(false) };

/** A lesson's fields: only what a test names, the rest empty. */
const fieldsOf = (fields: Partial<LessonSearchFields>): LessonSearchFields => ({ title: '', coreQuestion: '', tags: '', objective: '', body: '', transcript: '', ...fields });

describe.each(testDialects)('search repository on %s', (dialect: Dialect) => {
  let handle: DatabaseHandle;
  let orgId: string;

  beforeEach(async () => {
    handle = await createTestDatabase(dialect);
    const identity = createIdentityService({ db: handle.db, clock: createFakeClock('2026-12-02T09:00:00.000Z'), events: createEventBus(() => {}), passwords: noPasswords });
    orgId = (await identity.createOrganisation({ name: 'Acme' })).organisation.id;
  });
  afterEach(async () => {
    await handle.destroy();
  });

  const index = (lessonId: string, fields: Partial<LessonSearchFields>, variant: 'draft' | 'published' = 'draft') =>
    replaceDoc(handle.db, dialect, { orgId, lessonId, variant, revision: 1, estimatedSeconds: 60, fields: fieldsOf(fields) });
  /** The words as the service passes them: FTS5's expression (OR of quoted words) and PostgreSQL's terms. */
  const find = async (words: string[], options: { candidateBudget?: number } = {}) => {
    const pgTerms: PgTerm[] = words.map((word) => ({ alternatives: [word] }));
    const rows = await searchDocs(handle.db, dialect, { orgId, variant: 'draft', match: words.map((w) => `"${w}"`).join(' OR '), pgTerms, limit: 10, ...options });
    return rows.map((row) => row.lesson_id);
  };

  it('ranks the lesson whose text holds the rare word above lessons with only the common word in their title', async () => {
    for (let k = 0; k < 12; k++) await index(`common-${k}`, { title: `Password rules ${k}`, body: 'Pick a long password and keep it to yourself.' });
    await index('salting', { title: 'Storing secrets', body: 'Sites store a salted hash: salting makes a leaked password list much harder to crack.' });
    expect((await find(['password', 'salting']))[0]).toBe('salting');
  });

  it('ranks by every word of the question, among the lessons holding its rarest word when common words match too many', async () => {
    for (let k = 0; k < 3; k++) await index(`fridge-${k}`, { title: `Fridge checks ${k}`, body: 'Check the fridge at the start of the shift.' });
    for (let k = 0; k < 6; k++) await index(`probe-${k}`, { title: `Probe care ${k}`, body: 'Clean the probe after use.' });
    await index('both', { title: 'Fridge temperature', body: 'Use the probe on the middle shelf of the fridge.' });
    const found = await find(['fridge', 'probe'], { candidateBudget: 1 });
    expect(found[0]).toBe('both');
    // PostgreSQL ranked only the rows holding "fridge" (4, against a budget of 1); SQLite ranks every row.
    if (dialect === 'postgres') expect(found.sort()).toEqual(['both', 'fridge-0', 'fridge-1', 'fridge-2']);
    else expect(found).toHaveLength(10);
  });

  it.runIf(dialect === 'postgres')('keeps each lexeme’s count of lessons right through edits and removals', async () => {
    await index('a', { title: 'Refunds after 40 days', body: 'Offer store credit.' });
    await index('a', { title: 'Refunds after 40 days', body: 'Offer store credit.' }, 'published');
    await index('b', { title: 'Store credit', body: 'A voucher for the store.' });
    await index('a', { title: 'Late returns', body: 'Offer a voucher.' });
    await removeDocs(handle.db, dialect, 'b', 'draft');
    await index('c', { title: 'Voucher fraud' });
    await removeDocs(handle.db, dialect, 'c');
    const kept = await sql<{ variant: string; lexeme: string; docs: number }>`SELECT variant, lexeme, docs FROM search_lexeme WHERE org_id = ${orgId} AND docs <> 0 ORDER BY variant, lexeme`.execute(handle.db);
    const counted = await sql<{ variant: string; lexeme: string; docs: number }>`
      SELECT variant, lexeme, count(*)::integer AS docs FROM search_doc, unnest(array_append(tsvector_to_array(document), '')) AS lexeme
      WHERE org_id = ${orgId} GROUP BY variant, lexeme ORDER BY variant, lexeme`.execute(handle.db);
    expect(kept.rows).toEqual(counted.rows);
    expect(counted.rows).toContainEqual({ variant: 'draft', lexeme: 'voucher', docs: 1 });
  });
});
