/**
 * Outcomes built the way the server builds them (core statistics over per-person rows), for the Outcomes page's unit
 * tests. Not shipped: only tests import it.
 */
import { compareGroups, differenceInDifferences, type ComparisonDesign, type MetricObservation, type PersonPeriod } from '../../core/analytics/outcomes.ts';
import type { Outcome } from './outcomes.ts';

/** One person of a fixture: their group and their values before (1 and 3 March) and after (15 March) the 10 March cut-off. */
export interface FixturePerson {
  group: 'treated' | 'control';
  before: readonly number[];
  after: readonly number[];
}

const BEFORE_DAYS = ['2026-03-01', '2026-03-03', '2026-03-05'];
const AFTER_DAYS = ['2026-03-15', '2026-03-20'];
const CUTOFF = '2026-03-10';

const mean = (values: readonly number[]) => (values.length === 0 ? null : values.reduce((sum, v) => sum + v, 0) / values.length);

/** The outcome of `people` on `metric`, as GET /api/outcomes answers it. */
export function buildOutcome(people: readonly FixturePerson[], options: { metric?: string; design?: ComparisonDesign } = {}): Outcome {
  const design = options.design ?? 'observational';
  const periods: PersonPeriod[] = people.map((person, k) => ({ personId: `p${k}`, group: person.group, cutoff: CUTOFF }));
  const observations: MetricObservation[] = people.flatMap((person, k) => [
    ...person.before.map((value, i) => ({ personId: `p${k}`, date: BEFORE_DAYS[i]!, value })),
    ...person.after.map((value, i) => ({ personId: `p${k}`, date: AFTER_DAYS[i]!, value })),
  ]);
  const rows = people.map((person, k) => ({ personId: `p${k}`, group: person.group, cutoff: CUTOFF, before: mean(person.before), after: mean(person.after) }));
  const side = (group: 'treated' | 'control', key: 'before' | 'after') => rows.filter((r) => r.group === group && r[key] !== null).map((r) => r[key]!);
  return {
    metric: options.metric ?? 'win rate',
    design,
    trainedBy: design === 'observational' ? 'Completed the course' : 'Sent the campaign “Closing week” (against its randomised hold-out)',
    after: compareGroups(side('treated', 'after'), side('control', 'after'), { design, baseline: { treated: side('treated', 'before'), control: side('control', 'before') } }),
    differenceInDifferences: differenceInDifferences(observations, periods, { design }),
    people: rows,
  };
}

/**
 * The analytics route test's data: twelve people whose usual win rate is 0.25 to 0.35; six trained gain 0.12 to 0.14
 * after the cut-off, six untrained 0.02 to 0.03. The difference in differences is 0.105.
 */
export function closingWeekOutcome(options: { design?: ComparisonDesign } = {}): Outcome {
  return buildOutcome(
    Array.from({ length: 12 }, (_, k) => {
      const base = 0.25 + (k % 6) * 0.02;
      const gain = k < 6 ? 0.12 + (k % 3) * 0.01 : 0.02 + (k % 2) * 0.01;
      return { group: k < 6 ? ('treated' as const) : ('control' as const), before: [base, base + 0.01, base], after: [base + gain, base + gain] };
    }),
    options,
  );
}

/** Everyone's change is `treatedChange` or `controlChange` plus a small spread, so the direction of each can be set. */
export function changesOutcome(treatedChange: number, controlChange: number): Outcome {
  return buildOutcome(
    Array.from({ length: 8 }, (_, k) => {
      const isTreated = k < 4;
      const change = (isTreated ? treatedChange : controlChange) + (k % 2) * 0.002;
      return { group: isTreated ? ('treated' as const) : ('control' as const), before: [0.3], after: [0.3 + change] };
    }),
  );
}
