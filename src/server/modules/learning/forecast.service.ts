import type { Kysely } from 'kysely';
import { forecastReviewLoad, type ReviewForecast } from '../../../core/reinforcement/forecast.ts';
import type { ReviewCard } from '../../../core/reinforcement/scheduler.ts';
import type { Database } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import { type Actor, type IdentityService, requirePerson, requireRole } from '../identity/index.ts';
import * as repo from './learning.repository.ts';

export interface ForecastDeps {
  db: Kysely<Database>;
  clock: Clock;
  identity: IdentityService;
  weightsOf: (orgId: string) => Promise<readonly number[] | undefined>;
}

export interface ForecastQuery {
  weeks: number;
  simulate: boolean;
}

/** The review load ahead for a learner (their own) and for a team (its managers and admins). */
export function createForecastService({ db, clock, identity, weightsOf }: ForecastDeps) {
  async function forecastFor(orgId: string, personIds: string[], query: ForecastQuery, runs: number) {
    const zones = new Map<string, string>();
    for (const id of personIds) zones.set(id, (await identity.findPerson(orgId, id))?.effectiveTimeZone ?? 'UTC');
    const rows = await repo.listReviewItemsOfPeople(db, orgId, personIds);
    const weights = await weightsOf(orgId);
    const now = clock.now();
    const itemsOf = (subset: typeof rows) => subset.map((r) => ({ card: JSON.parse(r.card) as ReviewCard, desiredRetention: Number(r.desired_retention), timeZone: zones.get(r.person_id) }));
    return { rows, zones, now, weights, itemsOf, run: (subset: typeof rows, timeZone: string) => forecastReviewLoad(itemsOf(subset), { now, weeks: query.weeks, simulate: query.simulate, runs, weights, timeZone }) };
  }

  return {
    /** The learner's own review load for the coming weeks, by their calendar days. */
    async mine(actor: Actor, query: ForecastQuery): Promise<ReviewForecast & { timeZone: string }> {
      const person = requirePerson(actor);
      const f = await forecastFor(person.orgId, [person.personId], query, 8);
      const timeZone = f.zones.get(person.personId) ?? 'UTC';
      return { ...f.run(f.rows, timeZone), timeZone };
    },

    /**
     * A team's review load: the total by day and week (each member's calendar days, dated in the team's first
     * member's zone), and each member's total. Managers see the teams they manage, admins every team.
     * @throws NotFoundError when the team is not visible to the actor.
     */
    async team(actor: Actor, teamId: string, query: ForecastQuery) {
      requireRole(actor, ['manager']);
      const team = await identity.getTeam(actor, teamId);
      const memberIds = team.members.map((m) => m.personId);
      // Fewer simulation runs per item for a whole team: the total averages over many items anyway.
      const f = await forecastFor(actor.orgId, memberIds, query, 3);
      const timeZone = team.timeZone ?? f.zones.get(memberIds[0] ?? '') ?? 'UTC';
      const total = f.run(f.rows, timeZone);
      const members = team.members.map((m) => {
        const own = f.run(
          f.rows.filter((r) => r.person_id === m.personId),
          f.zones.get(m.personId) ?? timeZone,
        );
        return { personId: m.personId, displayName: m.displayName, reviews: own.total, overdue: own.overdue, items: f.rows.filter((r) => r.person_id === m.personId).length };
      });
      return { teamId, name: team.name, timeZone, ...total, members };
    },
  };
}

export type ForecastService = ReturnType<typeof createForecastService>;
