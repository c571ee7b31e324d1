/**
 * Bad input (issue 9): walks the app's own OpenAPI document and sends every operation generated invalid and
 * boundary inputs (fuzz-inputs.ts: wrong types, missing and extra fields, 1 MB and unicode-edge strings, 10 000
 * levels of nesting, numbers past every edge, malformed JSON and multipart, wrong content types, ids that name
 * nothing), as an admin with a valid session and CSRF token (learner routes as a learner too; /xapi/ with an LRS
 * credential and the version header), so that validation, not authentication, is what answers. For every
 * response: no 5xx; a 4xx is JSON in the one error shape with a known code whose status it has and a message;
 * a 4xx to a write leaves every table's row count as it was; and the server still answers /healthz.
 *
 * Size: FUZZ_RUNS inputs per operation (default 20, the CI version: well under a minute per database).
 * The long version, a few hundred per operation (every structured case, then random ones):
 *   FUZZ_RUNS=300 npx vitest run src/server/http/fuzz.test.ts
 *   FUZZ_RUNS=300 PGPORT_TEST=55445 scripts/with-postgres.sh npx vitest run src/server/http/fuzz.test.ts
 * FUZZ_SEED changes the random inputs (default 42); a failure names the operation and the input.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../modules/identity/index.ts';
import { fileUploadSource } from '../modules/media/index.ts';
import { statusByCode, type ErrorCode } from '../platform/errors.ts';
import { asSession, createTestContext, setUpOrganisation, signIn, type TestContext, type TestSession } from '../testing/test-app.ts';
import { testDialects } from '../testing/test-database.ts';
import { DEEP, deepObjectText, exampleOf, generateFuzzInputs, operationsOf, type FuzzInput, type Operation } from './fuzz-inputs.ts';

// This file is the one place the fuzz size is read; it is a test knob, not configuration.
const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
const SEED = Number(process.env.FUZZ_SEED ?? 42);

/** Operations not fuzzed, and why. */
const SKIPPED = new Map([['POST /api/auth/sign-out', 'ends the session every other request uses']]);

/** Operations a learner calls about themselves: fuzzed as the learner too. */
const isLearnerOperation = (op: Operation) => /^\/api\/(learn\/|me\b|profile\/|search|rewards\/\{id\}\/redemptions|redemptions$|leaderboards)/.test(op.path);

/** Writes run after reads, and deletions and the like last, so that the fixture lives as long as possible. */
const METHOD_ORDER = ['GET', 'PATCH', 'PUT', 'POST', 'DELETE'];
const rankOf = (op: Operation) => (/\/(unpublish|cancel|erase)$/.test(op.path) ? METHOD_ORDER.length : METHOD_ORDER.indexOf(op.method));

const STATEMENT = { actor: { mbox: 'mailto:kit@example.com', name: 'Kit' }, verb: { id: 'http://adlnet.gov/expapi/verbs/answered' }, object: { id: 'https://morsel.example/lessons/fuzz' } };
const BOUNDARY = 'morselfuzzbase';
const multipartBase = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="title"\r\n\r\nFuzz title\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="fuzz.txt"\r\nContent-Type: text/plain\r\n\r\nnot media\r\n--${BOUNDARY}--\r\n`;

/** Bodies the schema alone cannot make valid, keyed by "METHOD /path". */
const BODY_OVERRIDES: Record<string, { body: unknown; contentType?: string }> = {
  'POST /xapi/statements': { body: STATEMENT },
  'PUT /xapi/statements': { body: STATEMENT },
  'POST /api/people/import': { body: 'name,email\nFuzz Person,fuzz.person@acme.test\n', contentType: 'text/csv' },
  'POST /api/metrics/import': { body: 'person,date,metric,value\nlearner@acme.test,2026-03-02,win rate,1\n', contentType: 'text/csv' },
  'POST /api/media': { body: multipartBase, contentType: `multipart/form-data; boundary=${BOUNDARY}` },
  'POST /api/media/{id}/captions': { body: 'WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n', contentType: 'text/vtt' },
  'PUT /xapi/activities/state': { body: { fuzz: true } },
  'POST /xapi/activities/state': { body: { fuzz: true } },
  'PUT /xapi/activities/profile': { body: { fuzz: true } },
  'POST /xapi/activities/profile': { body: { fuzz: true } },
  'PUT /xapi/agents/profile': { body: { fuzz: true } },
  'POST /xapi/agents/profile': { body: { fuzz: true } },
};

const knownCodes = new Set(Object.keys(statusByCode));

describe.each(testDialects)('bad input on every route on %s', (dialect) => {
  let ctx: TestContext;
  let admin: TestSession;
  let learner: TestSession;
  let lrsBasic: string;
  let operations: Operation[] = [];
  const ids: Record<string, string> = {};
  const dataDir = mkdtempSync(join(tmpdir(), 'morsel-fuzz-'));

  beforeAll(async () => {
    ctx = await createTestContext(dialect, { env: { DATA_DIR: dataDir, SIGN_IN_RATE_LIMIT: '10000' } });
    ctx.clock.set('2026-03-02T09:00:00.000Z');
    admin = await setUpOrganisation(ctx.app, 'Acme', 'admin@acme.test', 'correct horse battery');
    const system = systemActor(admin.orgId);
    await ctx.services.identity.importPeople(system, 'name,email,team,manager email\nMara Manager,mara@acme.test,Fuzz Team,\nLearner Lou,learner@acme.test,Fuzz Team,mara@acme.test\n', { dryRun: false });
    const people = (await ctx.services.identity.listPeople(system, { status: 'active', limit: 50 })).items;
    const lou = people.find((p) => p.email === 'learner@acme.test')!;
    const mara = people.find((p) => p.email === 'mara@acme.test')!;
    await ctx.services.auth.setPassword(admin.orgId, lou.id, 'learner password 1');
    learner = await signIn(ctx.app, 'learner@acme.test', 'learner password 1');
    const team = (await ctx.services.identity.listTeams(system))[0]!;
    const token = await ctx.services.auth.issueApiToken(admin.orgId, { name: 'Fuzz integration', scopes: ['people:read'] });
    const objective = await ctx.services.content.createObjective(system, { title: 'Fuzz objective', performance: 'Survive', whyItMatters: '', challenge: '', desiredRetention: 0.9, targetProficiency: 0.8 });
    const lesson = await ctx.services.content.createLesson(system, {
      title: 'Fuzz lesson',
      coreQuestion: 'How do I survive bad input?',
      objectiveId: objective.id,
      tags: ['fuzz'],
      variables: [],
      blocks: [
        { id: 'b1', type: 'sample', format: 'text', content: 'Validate everything.' },
        { id: 'b2', type: 'question', question: { kind: 'true_false', prompt: 'Is input ever trusted?', answer: false, askConfidence: false } },
      ],
    });
    await ctx.services.content.publishLesson(system, lesson.id);
    const course = await ctx.services.content.createCourse(system, { title: 'Fuzz course', description: '', objectiveIds: [], prerequisiteIds: [], variableValues: {}, modules: [{ id: 'm1', title: 'Fuzz module', lessonIds: [lesson.id] }] });
    await ctx.services.content.publishCourse(system, course.id);
    const enrolled = await ctx.app.inject({ method: 'POST', url: '/api/enrolments', headers: asSession(admin), payload: { courseId: course.id, personIds: [lou.id] } });
    expect(enrolled.statusCode).toBe(200);
    execFileSync('ffmpeg', ['-v', 'error', '-nostdin', '-y', '-f', 'lavfi', '-i', 'color=c=blue:s=64x48', '-frames:v', '1', join(dataDir, 'fuzz.png')]);
    const media = await ctx.services.media.upload(system, fileUploadSource(join(dataDir, 'fuzz.png'), { fields: { title: 'Fuzz image' } }));
    const certification = await ctx.services.certifications.create(system, { title: 'Fuzz certification', scope: 'course', courseId: course.id, passMark: 80, validity: { amount: 12, unit: 'months' } });
    const campaign = await ctx.services.campaigns.create(system, { name: 'Fuzz campaign', courseIds: [course.id], audience: { personIds: [mara.id], teamIds: [], rule: null }, startAt: '2030-01-01T09:00:00.000Z', deadlineAt: null, pacing: { mode: 'all_at_once' }, reminders: { count: 0, everyDays: 1 }, holdoutPercent: 0, channel: null });
    const rule = await ctx.services.triggers.createRule(system, { name: 'Fuzz rule', eventType: 'fuzz.event', conditions: [], courseId: course.id, lessonId: null, channel: null, delaySeconds: 0, cooldownSeconds: 0, urgent: false, active: true });
    const anImport = await ctx.services.imports.create(system, { kind: 'document', text: '# Fuzz heading\n\nSome text to chunk.', title: 'Fuzz import' });
    await ctx.services.imports.runUntilIdle();
    const reward = await ctx.services.rewards.createReward(system, { name: 'Fuzz mug', description: '', cost: 20, stock: 5, active: true });
    const badge = await ctx.services.badges.create(system, { slug: 'fuzz-badge', name: 'Fuzz badge', description: 'A badge.', rule: { kind: 'points_total', points: 1 } });
    const credential = await ctx.app.inject({ method: 'POST', url: '/api/lrs/credentials', headers: asSession(admin), payload: { name: 'Fuzz' } });
    const { key, secret, id: credentialId } = credential.json() as { key: string; secret: string; id: string };
    lrsBasic = `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
    Object.assign(ids, {
      person: mara.id, team: team.id, token: token.id, objective: objective.id, lesson: lesson.id, course: course.id, media: media.id, certification: certification.id,
      campaign: campaign.id, rule: rule.id, import: anImport.id, reward: reward.id, badge: badge.id, credential: credentialId, org: (await ctx.services.identity.getOrganisation(system)).slug,
    });

    const document = await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' });
    operations = operationsOf(document.json())
      .filter((op) => !SKIPPED.has(`${op.method} ${op.path}`))
      .sort((a, b) => rankOf(a) - rankOf(b) || Number(a.path.startsWith('/api/lrs/')) - Number(b.path.startsWith('/api/lrs/')));
  });
  afterAll(async () => {
    await ctx?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A real id (or other valid value) for a parameter or property of this name, where the fixture has one. */
  function hint(name: string, path = ''): unknown {
    const byName: Record<string, unknown> = {
      courseId: ids.course, lessonId: ids.lesson, personId: ids.person, teamId: ids.team, objectiveId: ids.objective, certificationId: ids.certification,
      campaignId: ids.campaign, mediaId: ids.media, badgeId: ids.badge, rewardId: ids.reward, org: ids.org, awardId: 'no-such-award', commentId: 'no-such-comment',
      personIds: [ids.person], courseIds: [ids.course], teamIds: [ids.team], lessonIds: [ids.lesson], objectiveIds: [ids.objective],
      version: '1', phase: 'baseline', language: 'en', lesson: ids.lesson, metric: 'win rate',
      agent: JSON.stringify({ mbox: 'mailto:kit@example.com' }), activityId: 'https://morsel.example/lessons/fuzz', stateId: 'fuzz-state', profileId: 'fuzz-profile', verb: 'http://adlnet.gov/expapi/verbs/answered',
    };
    if (name === 'id') {
      const kinds: [string, string][] = [['/api/teams/', 'team'], ['/api/tokens/', 'token'], ['/api/objectives/', 'objective'], ['/api/lessons/', 'lesson'], ['/api/courses/', 'course'], ['/api/people/', 'person'], ['/api/media/', 'media'], ['/api/certifications/', 'certification'], ['/api/campaigns/', 'campaign'], ['/api/trigger-rules/', 'rule'], ['/api/imports/', 'import'], ['/api/rewards/', 'reward'], ['/api/badges/', 'badge'], ['/api/lrs/credentials/', 'credential']];
      return ids[kinds.find(([prefix]) => path.startsWith(prefix))?.[1] ?? ''] ?? 'no-such-id';
    }
    return byName[name];
  }

  /** The valid request each operation's inputs vary. */
  function baseOf(op: Operation) {
    const pathParams = Object.fromEntries(op.pathParams.map((p) => [p.name, String(hint(p.name, op.path) ?? exampleOf(p.schema))]));
    const query = Object.fromEntries(op.queryParams.filter((p) => p.required || hint(p.name) !== undefined).filter((p) => p.required || !['teamId', 'courseId', 'campaignId', 'certificationId'].includes(p.name)).map((p) => [p.name, String(hint(p.name) ?? exampleOf(p.schema))]));
    const override = BODY_OVERRIDES[`${op.method} ${op.path}`];
    if (override) return { pathParams, query, body: override.body, bodyContentType: override.contentType };
    if (!op.body) return { pathParams, query };
    const body = exampleOf(op.body.schema, (name) => hint(name));
    return { pathParams, query, body, bodyContentType: typeof body === 'string' ? 'text/csv' : undefined };
  }

  let tables: string[] | undefined;
  /** The row count of every table (the migrations' own excepted). */
  async function countRows(): Promise<Record<string, number>> {
    tables ??= (await ctx.services.database.db.introspection.getTables()).map((t) => t.name).filter((name) => !name.startsWith('kysely_'));
    const counts: Record<string, number> = {};
    for (let i = 0; i < tables.length; i += 50) {
      const chunk = tables.slice(i, i + 50);
      const query = chunk.map((name) => `select '${name}' as t, count(*) as n from "${name}"`).join(' union all ');
      const { rows } = await sql.raw<{ t: string; n: number | string }>(query).execute(ctx.services.database.db);
      for (const row of rows) counts[row.t] = Number(row.n);
    }
    return counts;
  }

  async function settle() {
    await ctx.services.search.settle();
    await ctx.services.gamification.settle();
    await ctx.services.ownStatements.settle();
  }

  function send(op: Operation, input: FuzzInput, headers: Record<string, string>) {
    return ctx.app.inject({
      method: op.method as 'GET',
      url: input.url,
      headers: { ...headers, ...(input.body?.contentType === undefined ? {} : { 'content-type': input.body.contentType }), ...input.body?.headers },
      ...(input.body === undefined ? {} : { payload: input.body.payload }),
    });
  }

  /** What is wrong with a response, or undefined. */
  function problemOf(status: number, contentType: string | undefined, body: string): string | undefined {
    if (status >= 500) return `status ${status}: ${body.slice(0, 300)}`;
    if (status < 400) return undefined;
    if (!/json/.test(contentType ?? '')) return `status ${status} with content type ${contentType}: ${body.slice(0, 200)}`;
    let parsed: { error?: { code?: unknown; message?: unknown } };
    try {
      parsed = JSON.parse(body);
    } catch {
      return `status ${status} with a body that is not JSON: ${body.slice(0, 200)}`;
    }
    const code = parsed.error?.code;
    if (typeof code !== 'string' || !knownCodes.has(code)) return `status ${status} without a known error code: ${body.slice(0, 200)}`;
    if (statusByCode[code as ErrorCode] !== status) return `status ${status} with code ${code}, whose status is ${statusByCode[code as ErrorCode]}`;
    if (typeof parsed.error?.message !== 'string' || parsed.error.message.trim() === '') return `status ${status} without a message: ${body.slice(0, 200)}`;
    return undefined;
  }

  it('refuses with a 400 to merge into a stored document nested deeper than JSON.stringify can write (it was a 500)', async () => {
    const url = `/xapi/activities/state?activityId=${encodeURIComponent('https://morsel.example/deep')}&agent=${encodeURIComponent('{"mbox":"mailto:deep@example.com"}')}&stateId=deep`;
    const headers = { authorization: lrsBasic, 'x-experience-api-version': '1.0.3', 'content-type': 'application/json' };
    expect((await ctx.app.inject({ method: 'POST', url, headers, payload: deepObjectText(DEEP) })).statusCode).toBe(204);
    const merge = await ctx.app.inject({ method: 'POST', url, headers, payload: '{"b":1}' });
    expect(merge.statusCode).toBe(400);
    expect(merge.json().error.code).toBe('validation_failed');
  });

  it('refuses with a 400 a statement whose extension nests deeper than it could be written back (it was a 500)', async () => {
    const headers = { authorization: lrsBasic, 'x-experience-api-version': '1.0.3', 'content-type': 'application/json' };
    const statement = `{"actor":{"mbox":"mailto:deep@example.com"},"verb":{"id":"http://adlnet.gov/expapi/verbs/answered"},"object":{"id":"https://morsel.example/deep"},"result":{"extensions":{"http://e.x/ext":${deepObjectText(DEEP)}}}}`;
    const stored = await ctx.app.inject({ method: 'POST', url: '/xapi/statements', headers, payload: statement });
    expect(stored.statusCode).toBe(400);
    expect(stored.json().error.code).toBe('validation_failed');
  });

  it(
    'answers every operation’s invalid and boundary inputs with a 4xx in the error shape, writing nothing, and stays up',
    async () => {
      expect(operations.length).toBeGreaterThan(150);
      const problems: string[] = [];
      let sent = 0;
      const statuses: Record<number, number> = {};
      for (const op of operations) {
        const key = `${op.method} ${op.path}`;
        const callers: [string, Record<string, string>][] = op.path.startsWith('/xapi/')
          ? [['lrs', { authorization: lrsBasic, 'x-experience-api-version': '1.0.3' }]]
          : isLearnerOperation(op)
            ? [['admin', asSession(admin)], ['learner', asSession(learner)]]
            : [['admin', asSession(admin)]];
        const inputs = generateFuzzInputs(op, baseOf(op), RUNS, SEED);
        const isWrite = op.method !== 'GET';
        for (const [who, headers] of callers) {
          let before = isWrite ? await countRows() : undefined;
          for (const input of inputs) {
            const response = await send(op, input, headers);
            sent++;
            statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
            const problem = problemOf(response.statusCode, response.headers['content-type'] as string | undefined, response.body);
            if (problem) problems.push(`${key} as ${who}, ${input.label}: ${problem}`);
            if (!isWrite) continue;
            if (response.statusCode >= 400 && response.statusCode < 500 && before) {
              let after = await countRows();
              if (JSON.stringify(after) !== JSON.stringify(before)) {
                await settle();
                after = await countRows();
              }
              // A refusal (403) of a write is itself recorded in the audit log: one row, and nothing else.
              const isRefusalRecord = (table: string) => table === 'audit_event' && response.statusCode === 403 && after[table] === before![table]! + 1;
              const changed = Object.keys(after).filter((table) => after[table] !== before![table] && !isRefusalRecord(table));
              if (changed.length) problems.push(`${key} as ${who}, ${input.label}: answered ${response.statusCode} but changed ${changed.map((t) => `${t} ${before![t]} → ${after[t]}`).join(', ')}`);
              before = after;
            } else {
              await settle();
              before = await countRows();
            }
          }
        }
        const health = await ctx.app.inject({ method: 'GET', url: '/healthz' });
        if (health.statusCode !== 200) problems.push(`/healthz answered ${health.statusCode} after ${key}`);
      }
      console.info(`fuzz (${dialect}): ${sent} requests to ${operations.length} operations, ${RUNS} inputs each; statuses ${JSON.stringify(statuses)}`);
      expect(problems).toEqual([]);
    },
    600_000,
  );
});
