import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import type { Benchmark } from './lib/benchmark.ts';
import { startReference } from './lib/reference.ts';
import { type LoadTarget, loadFigures, measureInTurn } from './lib/http-load.ts';
import { type MorselUnderTest, startMorsel } from './lib/morsel-server.ts';
import { ratioOf, round } from './lib/report.ts';

const AIM_RATIO = 0.5;

const ROWS = {
  today: 'GET /api/learn/today (a learner with a course and review items)',
  answer: 'POST /api/learn/attempts (grade, record, schedule)',
  bare: 'GET /json (bare Fastify)',
  row: 'GET /row (Fastify + 1 prepared better-sqlite3 row)',
} as const;

/**
 * `learner-loop`: the learner's hot path on the real server: today's page, and submitting an answer (graded,
 * recorded in a transaction with a fresh idempotency key each time), next to the foundation benchmark's two
 * reference routes measured in the same run. The ratio is the slower of the two against the one-row route.
 */
export const learnerLoop: Benchmark = {
  name: 'learner-loop',
  description: 'GET /api/learn/today and POST /api/learn/attempts vs a bare Fastify route and a one-row SQLite route',
  async run(context) {
    const { log, load, rootDir } = context;
    const loadBefore = loadavg()[0] ?? 0;
    const stops: (() => Promise<void>)[] = [];
    try {
      const morsel = await startMorsel({ rootDir, log });
      stops.push(() => morsel.close());
      const { courseId, lessonId } = await seedCourse(morsel);
      const bare = await startReference(context, 'bare-fastify', 'bench/reference/bare-fastify.ts');
      stops.push(() => bare.stop());
      const row = await startReference(context, 'prepared-row', 'bench/reference/prepared-row.ts');
      stops.push(() => row.stop());

      const auth = { cookie: morsel.cookie, 'x-csrf-token': morsel.session.csrfToken ?? '' };
      const targets: LoadTarget[] = [
        { label: ROWS.today, url: `${morsel.server.url}/api/learn/today`, headers: auth },
        {
          label: ROWS.answer,
          url: `${morsel.server.url}/api/learn/attempts`,
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          makeBody: () => JSON.stringify({ courseId, lessonId, questionId: 'q', response: { kind: 'single_choice', optionId: 'a' }, timeTakenMs: 3000, confidence: 3, clientId: randomUUID() }),
        },
        { label: ROWS.bare, url: `${bare.url}/json` },
        { label: ROWS.row, url: `${row.url}/row` },
      ];
      const [today, answer, bareResult, rowResult] = await measureInTurn(targets, load, log);
      if (!today || !answer || !bareResult || !rowResult) throw new Error('missing load result');
      const slower = Math.min(today.reqPerSec, answer.reqPerSec);
      const ratio = ratioOf(slower, rowResult.reqPerSec);
      return {
        metrics: { [ROWS.today]: loadFigures(today), [ROWS.answer]: loadFigures(answer) },
        reference: { [ROWS.bare]: loadFigures(bareResult), [ROWS.row]: loadFigures(rowResult) },
        ratio,
        ratios: {
          'today/prepared-row req/s': ratioOf(today.reqPerSec, rowResult.reqPerSec),
          'answer/prepared-row req/s': ratioOf(answer.reqPerSec, rowResult.reqPerSec),
          'today/bare req/s': ratioOf(today.reqPerSec, bareResult.reqPerSec),
        },
        aim: `both learner routes at ≥ ${AIM_RATIO}× the req/s of a Fastify route reading one row with a prepared better-sqlite3 statement, measured in the same run`,
        aimRatio: AIM_RATIO,
        meetsAim: ratio === null ? null : ratio >= AIM_RATIO,
        context: {
          database: morsel.database,
          connections: load.connections,
          'measured s': load.durationSeconds,
          rounds: load.rounds,
          'load average (1 min) before → after': `${round(loadBefore, 2)} → ${round(loadavg()[0] ?? 0, 2)}`,
        },
        failures: [...today.problems, ...answer.problems, ...bareResult.problems, ...rowResult.problems],
      };
    } finally {
      for (const stop of stops.reverse()) await stop().catch((error: unknown) => log(`stopping: ${(error as Error).message}`));
    }
  },
};

/** One published course with one lesson of one question, with the bench admin enrolled as its learner. */
async function seedCourse(morsel: MorselUnderTest): Promise<{ courseId: string; lessonId: string }> {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${morsel.server.url}${path}`, {
      method,
      headers: { cookie: morsel.cookie, 'x-csrf-token': morsel.session.csrfToken ?? '', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const objective = await call<{ id: string }>('POST', '/api/objectives', { title: 'Greet', performance: 'Greet callers' });
  const lesson = await call<{ id: string }>('POST', '/api/lessons', {
    title: 'The greeting',
    coreQuestion: 'What do I say first when I answer a call?',
    objectiveId: objective.id,
    tags: ['greeting'],
    blocks: [
      { id: 's', type: 'sample', format: 'text', content: 'Thank you for calling Northwind.' },
      { id: 'q', type: 'question', question: { kind: 'single_choice', prompt: 'What comes first?', options: [{ id: 'a', text: 'The brand', correct: true }, { id: 'b', text: 'Your name', correct: false }] } },
    ],
  });
  await call('POST', `/api/lessons/${lesson.id}/publish`);
  const course = await call<{ id: string }>('POST', '/api/courses', { title: 'Greetings', modules: [{ id: 'm', title: 'M', lessonIds: [lesson.id] }] });
  await call('POST', `/api/courses/${course.id}/publish`);
  await call('POST', '/api/enrolments', { courseId: course.id, personIds: [morsel.session.person.id] });
  return { courseId: course.id, lessonId: lesson.id };
}
