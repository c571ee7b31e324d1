import { systemActor } from '../modules/identity/index.ts';
import { demoLaunchWeekStep, demoLessonsStep } from './demo-lessons.ts';
import { demoLaunchOutcomeStep } from './demo-outcomes.ts';
import type { Services } from '../services.ts';

/** What the demo prints so a visitor can sign in. */
export interface DemoResult {
  created: boolean;
  organisation: { id: string; name: string; slug: string };
  admin: { email: string; password: string };
  people: number;
  teams: number;
}

export interface DemoContext {
  services: Services;
  orgId: string;
}

/**
 * One step of the demo. Later capabilities append their own (lessons, campaigns, reviews, points…) to
 * `demoSteps`; each runs once, in order, right after the organisation and its people exist.
 */
export type DemoStep = { name: string; run(context: DemoContext): Promise<void> };

export const DEMO_SLUG = 'demo';
export const DEMO_ADMIN = { email: 'admin@northwind.example', password: 'morsel-demo-admin', displayName: 'Dana Admin' } as const;

const TEAMS = [
  { name: 'Customer Service', manager: ['Angie Moreno', 'America/Chicago'], zones: ['America/New_York', 'America/Chicago', 'America/Los_Angeles', 'Asia/Manila'] },
  { name: 'Store Sales', manager: ['Brian Okafor', 'Europe/London'], zones: ['Europe/London', 'Europe/Berlin', 'Europe/Madrid'] },
  { name: 'Warehouse', manager: ['Priya Raman', 'Asia/Kolkata'], zones: ['Asia/Kolkata', 'Asia/Singapore'] },
  { name: 'Field Service', manager: ['Liam Walker', 'Australia/Sydney'], zones: ['Australia/Sydney', 'Pacific/Auckland', 'Australia/Perth'] },
] as const;

const FIRST = ['Ada', 'Ben', 'Chloe', 'Dev', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jamal', 'Kira', 'Luca', 'Mia', 'Noah', 'Olga', 'Pablo', 'Quinn', 'Rosa', 'Sam', 'Tara', 'Umar', 'Vera', 'Wen', 'Xavi', 'Yara', 'Zane'];
const LAST = ['Adams', 'Baker', 'Chen', 'Diaz', 'Evans', 'Fischer', 'Garcia', 'Haddad', 'Ito', 'Jensen', 'Kim', 'Lopez', 'Mensah', 'Novak', 'Olsen', 'Patel', 'Quispe', 'Rossi', 'Silva', 'Tanaka'];

/** The demo organisation's people as an HR export, so the demo goes through the same import as real data. */
export function demoPeopleCsv(): string {
  const lines = ['name,email,team,manager email,time zone,role'];
  const email = (name: string) => `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@northwind.example`;
  let n = 0;
  for (const team of TEAMS) {
    const [managerName, managerZone] = team.manager;
    lines.push(`${managerName},${email(managerName)},${team.name},,${managerZone},manager;learner${team.name === 'Customer Service' ? ';author' : ''}`);
    for (let i = 0; i < 11; i++, n++) {
      const name = `${FIRST[n % FIRST.length]} ${LAST[(n * 7) % LAST.length]}`;
      const zone = team.zones[i % team.zones.length];
      lines.push(`${name},${email(name)},${team.name},${email(managerName)},${zone},learner`);
    }
  }
  lines.push(`Theo Author,theo.author@northwind.example,,,Europe/Dublin,author;learner`);
  return `${lines.join('\n')}\n`;
}

/** Steps that later capabilities add to; see `DemoStep`. */
export const demoSteps: DemoStep[] = [
  {
    name: 'people and teams',
    async run({ services, orgId }) {
      const report = await services.identity.importPeople(systemActor(orgId), demoPeopleCsv(), { dryRun: false });
      if (!report.applied) throw new Error(`The demo's people did not import: ${JSON.stringify(report.errors)}`);
    },
  },
  demoLessonsStep,
  demoLaunchWeekStep,
  demoLaunchOutcomeStep,
];

/**
 * Seeds the demo organisation "Northwind Retail" (about 50 people, 4 teams with managers, 10+ time zones)
 * into the configured database. Running it again changes nothing and reports the same sign-in.
 */
export async function seedDemo(services: Services): Promise<DemoResult> {
  const existing = (await services.identity.listOrganisations()).find((org) => org.slug === DEMO_SLUG);
  let created = false;
  let orgId = existing?.id;
  if (!orgId) {
    const { organisation } = await services.identity.createOrganisation(
      { name: 'Northwind Retail', slug: DEMO_SLUG, timeZone: 'America/New_York' },
      { displayName: DEMO_ADMIN.displayName, email: DEMO_ADMIN.email, password: DEMO_ADMIN.password, timeZone: 'America/New_York' },
    );
    orgId = organisation.id;
    for (const step of demoSteps) await step.run({ services, orgId });
    created = true;
  }
  const org = await services.identity.resolveOrganisation(orgId);
  const people = await services.identity.listPeople(systemActor(orgId), { status: 'active', limit: 1 });
  const teams = await services.identity.listTeams(systemActor(orgId));
  return {
    created,
    organisation: { id: org.id, name: org.name, slug: org.slug },
    admin: { email: DEMO_ADMIN.email, password: DEMO_ADMIN.password },
    people: people.total,
    teams: teams.length,
  };
}
