import type { PersonTeam } from '../lib/api-types.ts';

/** The teams in which the person is a manager, by name. */
export function managedTeams(teams: readonly PersonTeam[]): PersonTeam[] {
  return teams.filter((team) => team.role === 'manager').sort((a, b) => a.name.localeCompare(b.name));
}
