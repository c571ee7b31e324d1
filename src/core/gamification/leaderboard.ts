/**
 * Leaderboards: seasons, individual rankings (within a team or the organisation) and team rankings normalised by
 * team size. Pure; time is an argument.
 *
 * A season's points are the ledger entries whose instant falls in [start, end); seasons follow the organisation's
 * time zone through Luxon, so a week or month starts at local midnight whatever daylight saving does.
 * Rankings are competition rankings ("1224"): equal scores share a rank and the next rank skips. Within equal
 * scores the order is by id (code-unit order), so a list does not shuffle between refreshes.
 */
import { DateTime } from 'luxon';

/** How long a leaderboard season lasts before it resets. */
export type SeasonPeriod = 'weekly' | 'monthly';

/** One leaderboard season: points earned in [start, end) count. */
export interface Season {
  /** The first instant of the season (ISO 8601, UTC). */
  start: string;
  /** The first instant after it (exclusive; the next season's start). */
  end: string;
  /** `2025-W14` (ISO week) for a weekly season, `2025-03` for a monthly one. */
  label: string;
}

/**
 * The season holding an instant: a week from Monday 00:00 local time, or a calendar month from the 1st 00:00,
 * in `timeZone`.
 * @throws RangeError for an invalid timestamp or time zone.
 */
export function seasonOf(instant: string | Date, period: SeasonPeriod, timeZone: string): Season {
  const local = typeof instant === 'string' ? DateTime.fromISO(instant, { zone: timeZone }) : DateTime.fromJSDate(instant, { zone: timeZone });
  if (!local.isValid) throw new RangeError(`Not a timestamp or zone: ${String(instant)} in ${timeZone}`);
  // Luxon's weeks are ISO weeks (Monday first) unless locale weeks are asked for.
  const unit = period === 'weekly' ? 'week' : 'month';
  const start = local.startOf(unit);
  const end = start.plus(period === 'weekly' ? { weeks: 1 } : { months: 1 }).startOf(unit);
  return {
    start: start.toUTC().toISO() as string,
    end: end.toUTC().toISO() as string,
    label: period === 'weekly' ? start.toFormat("kkkk-'W'WW") : start.toFormat('yyyy-MM'),
  };
}

/** The season after this one (its start is this one's end). */
export function nextSeason(season: Season, period: SeasonPeriod, timeZone: string): Season {
  return seasonOf(season.end, period, timeZone);
}

/** The season before this one. */
export function previousSeason(season: Season, period: SeasonPeriod, timeZone: string): Season {
  return seasonOf(new Date(Date.parse(season.start) - 1), period, timeZone);
}

/** A learner's points for a leaderboard, with their visibility choices. */
export interface IndividualRow {
  personId: string;
  points: number;
  /** Left out of leaderboards altogether. */
  optedOut: boolean;
  /** Shown without name or id to everyone but themselves. */
  anonymous: boolean;
}

/** One line of an individual leaderboard, as one viewer sees it. */
export interface RankedIndividual {
  rank: number;
  points: number;
  /** Null for an anonymous learner seen by someone else: the server joins names only on non-null ids. */
  personId: string | null;
  anonymous: boolean;
  /** This row is the viewer's own. */
  isViewer: boolean;
}

/** Competition ranks of an ordered list of scores (equal neighbours share a rank). */
function competitionRanks<T>(sorted: readonly T[], isTie: (a: T, b: T) => boolean): number[] {
  const ranks: number[] = [];
  sorted.forEach((item, index) => {
    const previous = sorted[index - 1];
    ranks.push(previous !== undefined && isTie(previous, item) ? ranks[index - 1]! : index + 1);
  });
  return ranks;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Ranks individuals by points, most first, as `viewerId` sees them: opted-out learners removed before ranking,
 * anonymous learners without their id unless they are the viewer. Ties share a rank (1, 2, 2, 4) and are ordered
 * by person id.
 */
export function rankIndividuals(rows: readonly IndividualRow[], viewerId: string | null): RankedIndividual[] {
  const sorted = rows.filter((row) => !row.optedOut).sort((a, b) => b.points - a.points || compareIds(a.personId, b.personId));
  const ranks = competitionRanks(sorted, (a, b) => a.points === b.points);
  return sorted.map((row, index) => {
    const isViewer = row.personId === viewerId;
    return { rank: ranks[index]!, points: row.points, personId: row.anonymous && !isViewer ? null : row.personId, anonymous: row.anonymous, isViewer };
  });
}

/** A team's points for a leaderboard. */
export interface TeamRow {
  teamId: string;
  /** The points of the team's members in the season. */
  points: number;
  /** How many learners those points were summed over. */
  members: number;
}

/** One line of a team leaderboard. */
export interface RankedTeam {
  rank: number;
  teamId: string;
  points: number;
  members: number;
  /** Points per member: what teams are ranked by, so a large team does not win by size. */
  score: number;
}

/**
 * Ranks teams by points per member, highest first; teams without members are left out. Scores are compared
 * exactly (as fractions, not rounded floats), equal scores share a rank (1, 2, 2, 4), and ties are ordered by team id.
 */
export function rankTeams(rows: readonly TeamRow[]): RankedTeam[] {
  // a/b vs c/d with positive b, d: compare a·d with c·b, exact for integer points and member counts.
  const byScore = (a: TeamRow, b: TeamRow) => b.points * a.members - a.points * b.members;
  const sorted = rows.filter((row) => row.members > 0).sort((a, b) => byScore(a, b) || compareIds(a.teamId, b.teamId));
  const ranks = competitionRanks(sorted, (a, b) => byScore(a, b) === 0);
  return sorted.map((row, index) => ({ rank: ranks[index]!, teamId: row.teamId, points: row.points, members: row.members, score: row.points / row.members }));
}
