import { type Actor, hasRole, type IdentityService, requireRole } from '../identity/index.ts';

/** The teams an actor may report on, with their members. */
export interface VisibleTeams {
  teams: Array<{ id: string; name: string; memberIds: string[] }>;
  /** Every person the actor may see (undefined: the whole organisation). */
  personIds: Set<string> | undefined;
}

/**
 * The teams a manager manages (admins, authors and the system: every team, and every person of the organisation).
 * @throws ForbiddenError when the actor is neither a manager, an author nor an admin.
 */
export async function visibleTeams(identity: IdentityService, actor: Actor, roles: Parameters<typeof requireRole>[1] = ['manager', 'author']): Promise<VisibleTeams> {
  requireRole(actor, roles);
  const whole = actor.kind === 'system' || hasRole(actor, 'author');
  // Teams need the admin or manager role; an author-only person sees the whole organisation without teams.
  const teams = hasRole(actor, 'manager') ? await identity.teamsWithMembers(actor) : [];
  return { teams, personIds: whole ? undefined : new Set(teams.flatMap((t) => t.memberIds)) };
}

/** Each person's teams among `teams`, by person id (for the team column of a report). */
export function teamsByPerson(teams: VisibleTeams['teams']): Map<string, Array<{ id: string; name: string }>> {
  const byPerson = new Map<string, Array<{ id: string; name: string }>>();
  for (const team of teams) for (const id of team.memberIds) byPerson.set(id, [...(byPerson.get(id) ?? []), { id: team.id, name: team.name }]);
  return byPerson;
}
