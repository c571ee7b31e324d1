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
  // listTeams needs the admin or manager role; an author-only person sees the whole organisation without teams.
  const teams = hasRole(actor, 'manager') ? await identity.listTeams(actor) : [];
  const detailed = [];
  for (const team of teams) {
    const detail = await identity.getTeam(actor, team.id);
    detailed.push({ id: team.id, name: team.name, memberIds: detail.members.map((m) => m.personId) });
  }
  return { teams: detailed, personIds: whole ? undefined : new Set(detailed.flatMap((t) => t.memberIds)) };
}
