import { systemActor } from '../modules/identity/index.ts';
import { listTrainedPeople } from '../modules/learning/index.ts';
import { DEMO_LAUNCH_CERTIFICATION } from './demo-lessons.ts';
import type { DemoStep } from './demo-seed.ts';

/** The metric Brian compares after launch week. */
export const DEMO_WIN_RATE_METRIC = 'win rate';
export { DEMO_LAUNCH_CERTIFICATION };
const DEMO_SALES_TEAM = 'Store Sales';

/** Weeks before launch week with a weekly win rate on record, and each week's wobble around a person's usual rate (summing to 0). */
const WEEKLY_WOBBLE = [0.012, -0.006, 0.004, -0.01];
const DAY_MS = 24 * 60 * 60 * 1000;

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The Store Sales team's win rate as a CSV export from the shop's sales system: one row a week for the four weeks
 * before launch week and one for launch week itself (dated `today`, the day the certification was earned, so it
 * counts as "after"). Deterministic, with spread: within each group (certified or not) people's usual rates spread
 * evenly from 0.23 to 0.33 around the same 0.28, so the groups start alike; in launch week certified people gain 0.07
 * to 0.11, the others −0.01 to +0.022.
 */
export function demoWinRatesCsv(people: ReadonlyArray<{ email: string; isTrained: boolean }>, today: string): string {
  const todayMs = Date.parse(`${today}T00:00:00.000Z`);
  const lines = ['person,date,metric,value'];
  for (const isTrained of [true, false]) {
    const group = people.filter((person) => person.isTrained === isTrained);
    group.forEach((person, i) => {
      const usual = 0.28 + ((i + 0.5) / group.length - 0.5) * 0.1;
      WEEKLY_WOBBLE.forEach((_, week) => {
        const wobble = WEEKLY_WOBBLE[(week + i) % WEEKLY_WOBBLE.length]!;
        lines.push(`${person.email},${dayOf(todayMs - (WEEKLY_WOBBLE.length - week) * 7 * DAY_MS)},${DEMO_WIN_RATE_METRIC},${(usual + wobble).toFixed(3)}`);
      });
      // Gains cycle with a step of 3 (of 5), so a person's gain does not simply follow their usual rate.
      const gain = isTrained ? 0.07 + ((i * 3) % 5) * 0.01 : -0.01 + ((i * 3) % 5) * 0.008;
      lines.push(`${person.email},${today},${DEMO_WIN_RATE_METRIC},${(usual + gain).toFixed(3)}`);
    });
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Brian's question after launch: did the people certified launch-ready sell better than the others? The team's win
 * rates before and during launch week are imported through the analytics service (as a manager would upload them),
 * so the Outcomes page compares the certified with the uncertified rest of the team out of the box.
 */
export const demoLaunchOutcomeStep: DemoStep = {
  name: 'win rate before and after launch week',
  async run({ services, orgId }) {
    const system = systemActor(orgId);
    const team = (await services.identity.listTeams(system)).find((t) => t.name === DEMO_SALES_TEAM);
    const certification = (await services.certifications.list(system)).find((c) => c.title === DEMO_LAUNCH_CERTIFICATION);
    if (!team || !certification) return;
    const trained = new Set((await listTrainedPeople(services.database.db, orgId, { certificationId: certification.id })).map((t) => t.personId));
    const members = [...(await services.identity.getTeam(system, team.id)).members].sort((a, b) => a.email.localeCompare(b.email));
    const csv = demoWinRatesCsv(members.map((m) => ({ email: m.email, isTrained: trained.has(m.personId) })), services.clock.now().toISOString().slice(0, 10));
    await services.analytics.importCsv(system, csv);
  },
};
