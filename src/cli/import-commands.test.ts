import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliEnvironment, morsel } from './cli-test-support.ts';
import { createDb } from '../server/db/database.ts';
import { systemActor } from '../server/modules/identity/index.ts';
import { systemClock } from '../server/platform/clock.ts';
import { loadConfig } from '../server/platform/config.ts';
import { createServices } from '../server/services.ts';
import { fixturePath } from '../server/testing/fixtures.ts';
import { testDialects } from '../server/testing/test-database.ts';

const HANDBOOK = fixturePath('documents/pagerduty-security-training-for-everyone.md');
const CAPTIONS = fixturePath('transcripts/ableplayer-itaccess_captions_en.vtt');
const CHAPTERS = fixturePath('transcripts/ableplayer-itaccess_chapters_en.vtt');
const VIDEO = fixturePath('video/tears-of-steel-battle-clip-medium.webm');

describe('morsel chunk', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'morsel-chunk-'));
  const env = { DATA_DIR: dataDir };

  it('prints the proposals for the handbook as JSON, every one within two minutes, and touches no database', async () => {
    const result = await morsel(env, 'chunk', HANDBOOK, '--json');
    expect(result.code, result.stderr).toBe(0);
    const { lessons } = JSON.parse(result.stdout) as { lessons: Record<string, unknown>[] };
    expect(lessons.length).toBeGreaterThan(20);
    for (const lesson of lessons) {
      expect(Object.keys(lesson)).toEqual(expect.arrayContaining(['title', 'coreQuestion', 'estimatedSeconds', 'text', 'headingPath', 'questions']));
      expect(lesson.estimatedSeconds as number).toBeLessThanOrEqual(120);
      expect((lesson.questions as unknown[]).length).toBeGreaterThanOrEqual(1);
    }
    expect(existsSync(join(dataDir, 'morsel.db'))).toBe(false);
  }, 60_000);

  it('gives transcript proposals their times, with chapters as modules', async () => {
    const result = await morsel(env, 'chunk', CAPTIONS, '--chapters', CHAPTERS, '--json');
    expect(result.code, result.stderr).toBe(0);
    const parsed = JSON.parse(result.stdout) as { lessons: { startSeconds: number; endSeconds: number; headingPath: string[] }[]; course: { modules: unknown[] } };
    expect(parsed.lessons.every((l) => l.endSeconds > l.startSeconds && l.endSeconds - l.startSeconds <= 120)).toBe(true);
    expect(parsed.lessons[0]!.startSeconds).toBeLessThan(5);
    expect(parsed.course.modules.length).toBeGreaterThan(1);
    const text = await morsel(env, 'chunk', CAPTIONS);
    expect(text.stdout).toMatch(/\[\d+:\d{2}–\d+:\d{2}\]/);
    expect(text.stdout).not.toMatch(/:60\b/);
  }, 60_000);

  it('proposes cut points for a recording alone', async () => {
    const result = await morsel(env, 'chunk', VIDEO, '--json');
    expect(result.code, result.stderr).toBe(0);
    const { lessons } = JSON.parse(result.stdout) as { lessons: { startSeconds: number; endSeconds: number }[] };
    expect(lessons[0]!.startSeconds).toBe(0);
    expect(lessons.at(-1)!.endSeconds).toBeGreaterThan(70);
  }, 60_000);

  it('explains a file it cannot use and exits 1', async () => {
    const garbled = join(dataDir, 'garbled.vtt');
    writeFileSync(garbled, 'not captions at all');
    const bad = await morsel(env, 'chunk', garbled, '--json');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stderr).error.code).toBe('transcript_invalid');
    const missing = await morsel(env, 'chunk', join(dataDir, 'nowhere.md'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^morsel: Cannot read the document .*nowhere\.md: no such file/);
  }, 60_000);
});

describe.each(testDialects)('morsel import on %s', (dialect) => {
  const env = cliEnvironment(dialect, 'morsel-import-cli-');

  beforeAll(async () => {
    expect((await morsel(env, 'org', 'create', 'Acme', '--slug', 'acme', '--json')).code).toBe(0);
    expect((await morsel(env, 'org', 'create', 'Other', '--slug', 'other', '--json')).code).toBe(0);
  }, 60_000);

  it('creates the draft course and lessons from the handbook (found by `morsel search --drafts`), and clips from a recording alone', async () => {
    const document = await morsel(env, 'import', HANDBOOK, '--course', 'Security for everyone', '--org', 'acme', '--json');
    expect(document.code, document.stderr).toBe(0);
    const made = JSON.parse(document.stdout);
    expect(made.course).toMatchObject({ title: 'Security for everyone' });
    expect(made.lessons.length).toBeGreaterThan(20);

    const video = await morsel(env, 'import', VIDEO, '--course', 'Battle scene', '--org', 'acme', '--json');
    expect(video.code, video.stderr).toBe(0);
    const clips = JSON.parse(video.stdout);
    expect(clips.lessons.every((l: { mediaId: string | null }) => l.mediaId !== null && l.mediaId !== clips.recordingId)).toBe(true);

    // What the command reported is in the database, as drafts of that organisation.
    const config = loadConfig(env);
    const database = createDb({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile });
    try {
      const services = createServices(config, database, pino({ level: 'silent' }), systemClock);
      const course = await services.content.getCourse(systemActor(made.organisation.id), made.course.id);
      expect(course.status).toBe('draft');
      expect(course.modules.flatMap((m) => m.lessonIds)).toEqual(made.lessons.map((l: { id: string }) => l.id));
    } finally {
      await database.destroy();
    }

    // The imported drafts are found by an author's question, with where they came from.
    const found = await morsel(env, 'search', 'how long should my password be', '--org', 'acme', '--drafts', '--json');
    expect(found.code, found.stderr).toBe(0);
    const { results } = JSON.parse(found.stdout) as { results: { lessonId: string; title: string; coreQuestion: string; score: number; snippet: string; source?: { document: string; headingPath: string[] } }[] };
    expect(results.length).toBeGreaterThan(0);
    expect(Object.keys(results[0]!)).toEqual(expect.arrayContaining(['lessonId', 'title', 'coreQuestion', 'score', 'snippet', 'source']));
    expect(results[0]!.source?.document).toBe('pagerduty-security-training-for-everyone.md');
    expect(made.lessons.map((l: { id: string }) => l.id)).toContain(results[0]!.lessonId);
    // Without --drafts only published lessons count: none yet.
    expect(JSON.parse((await morsel(env, 'search', 'password', '--org', 'acme', '--json')).stdout).results).toEqual([]);

    const ambiguous = await morsel(env, 'import', HANDBOOK, '--course', 'X', '--json');
    expect(ambiguous.code).toBe(1);
    expect(JSON.parse(ambiguous.stderr).error.code).toBe('organisation_required');
    const noCourse = await morsel(env, 'import', HANDBOOK, '--org', 'acme');
    expect(noCourse.code).not.toBe(0);
    expect(noCourse.stderr).toContain('--course');
  }, 180_000);
});
