/**
 * Planning a 7-day, 5-lesson campaign for 100,000 learners spread over every IANA time zone, against the floor
 * the issue names: one Luxon zone conversion per delivery, measured in the same run.
 */
import { DateTime } from 'luxon';
import { performance } from 'node:perf_hooks';
import type { Calendar } from '../src/core/delivery/calendar.ts';
import { type LearnerToPlan, planCampaign, type PlanRequest } from '../src/core/delivery/planner.ts';
import type { Benchmark } from './lib/benchmark.ts';
import { ratioOf, round } from './lib/report.ts';

const LEARNERS = 100_000;
const LESSONS = 5;
const ROUNDS = 3;
const AIM_RATIO = 3;

/** Working patterns learners are given in turn, so calendars differ by hours and days as well as by zone. */
const PATTERNS: ReadonlyArray<Omit<Calendar, 'timeZone'>> = [
  { workingDays: [1, 2, 3, 4, 5], workStart: '09:00', workEnd: '17:00', quietStart: null, quietEnd: null },
  { workingDays: [1, 2, 3, 4, 5], workStart: '07:30', workEnd: '15:30', quietStart: null, quietEnd: null },
  { workingDays: [2, 3, 4, 5, 6], workStart: '10:00', workEnd: '18:30', quietStart: '12:00', quietEnd: '13:00' },
  { workingDays: [1, 3, 5, 6, 7], workStart: '14:00', workEnd: '22:00', quietStart: '21:00', quietEnd: '07:00' },
];

function learnersOverEveryZone(): LearnerToPlan[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return Array.from({ length: LEARNERS }, (_, index) => ({
    learnerId: `p${index}`,
    calendar: { timeZone: zones[index % zones.length]!, ...PATTERNS[Math.floor(index / zones.length) % PATTERNS.length]! },
  }));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Heap in use after a full collection when the process allows one (`node --expose-gc`), else as it is. */
function heapUsed(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

export const campaignPlan: Benchmark = {
  name: 'campaign-plan',
  description: 'Plan a 7-day, 5-lesson campaign for 100,000 learners in every IANA zone vs one Luxon conversion per delivery',
  async run({ log }) {
    const learners = learnersOverEveryZone();
    const startAt = new Date('2026-03-23T00:00:00Z'); // a week with daylight-saving changes in Europe and beyond
    const request: PlanRequest = {
      lessonIds: Array.from({ length: LESSONS }, (_, index) => `lesson-${index}`),
      startAt,
      deadline: new Date(startAt.getTime() + 7 * 86_400_000),
      now: startAt,
      pacing: { mode: 'spread' },
    };
    const planMs: number[] = [];
    const floorMs: number[] = [];
    let deliveries = 0;
    let issues = 0;
    let heapDelta = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const before = heapUsed();
      let started = performance.now();
      const plan = planCampaign(learners, request);
      planMs.push(performance.now() - started);
      heapDelta = Math.max(heapDelta, process.memoryUsage().heapUsed - before);
      deliveries = plan.deliveries.length;
      issues = plan.issues.length;
      log(`  round ${round + 1}: planned ${deliveries} deliveries in ${planMs.at(-1)!.toFixed(0)} ms`);

      // The floor: one zone conversion (local wall time → instant) per delivery, nothing else.
      started = performance.now();
      let sink = 0;
      for (let index = 0; index < deliveries; index += 1) {
        const learner = learners[index % LEARNERS]!;
        sink += DateTime.fromObject({ year: 2026, month: 3, day: 23 + (index % 5), hour: 9, minute: 30 }, { zone: learner.calendar.timeZone }).toMillis();
      }
      floorMs.push(performance.now() - started);
      if (sink === 0) log('(unreachable: keeps the floor loop from being optimised away)');
    }
    const ours = median(planMs);
    const floor = median(floorMs);
    const ratio = ratioOf(ours, floor);
    return {
      metrics: {
        'planCampaign (Morsel)': { ms: round(ours, 0), 'deliveries/s': round((deliveries / ours) * 1000, 0), deliveries, issues, 'heap growth MB': round(heapDelta / 1_048_576, 1) },
      },
      reference: {
        'one Luxon zone conversion per delivery': { ms: round(floor, 0), 'deliveries/s': round((deliveries / floor) * 1000, 0) },
      },
      ratio,
      ratios: { 'plan/floor time': ratio },
      aim: `planning time at most ${AIM_RATIO}× one Luxon zone conversion per delivery`,
      aimRatio: AIM_RATIO,
      aimBound: 'at_most',
      meetsAim: ratio === null ? null : ratio <= AIM_RATIO,
      context: {
        learners: LEARNERS,
        zones: Intl.supportedValuesOf('timeZone').length,
        'working patterns': PATTERNS.length,
        pacing: 'spread over 7 days',
        rounds: `${ROUNDS} (median)`,
        'heap figure': (globalThis as { gc?: unknown }).gc ? 'after a full GC' : 'without --expose-gc: includes garbage',
      },
      failures: [],
    };
  },
};
