/**
 * The content-gap list as the studio shows and exports it: the periods to choose from, orders, the teams asking,
 * and the CSV rows (written by the same RFC 4180, formula-safe writer as the compliance export). Pure, so it is
 * unit tested.
 */
import { toCsv, type CsvCell } from '../../../core/csv.ts';
import type { ContentGaps } from '../../../server/modules/search/search.schemas.ts';

/** One question learners asked that found no good answer, grouped by its words. */
export type ContentGap = ContentGaps['gaps'][number];

/** The periods the list can look back over, in days. */
export const GAP_PERIODS = [7, 30, 90] as const;
export type GapPeriod = (typeof GAP_PERIODS)[number];
export const DEFAULT_GAP_PERIOD: GapPeriod = 30;

/** A period from the address (`?days=`), the default for anything else. */
export function parseGapPeriod(value: string | null): GapPeriod {
  const days = Number(value);
  return (GAP_PERIODS as readonly number[]).includes(days) ? (days as GapPeriod) : DEFAULT_GAP_PERIOD;
}

export type GapOrder = 'unanswered' | 'asked' | 'latest';

export const GAP_ORDER_OPTIONS: ReadonlyArray<{ value: GapOrder; label: string }> = [
  { value: 'unanswered', label: 'Most often unanswered' },
  { value: 'asked', label: 'Most often asked' },
  { value: 'latest', label: 'Most recently asked' },
];

/** How often a question went unanswered: no good result, or a result marked as not answering it. */
export const unansweredCount = (gap: ContentGap) => gap.withoutAnswer + gap.unhelpful;

const byLatest = (a: ContentGap, b: ContentGap) => (a.lastAskedAt < b.lastAskedAt ? 1 : a.lastAskedAt > b.lastAskedAt ? -1 : 0);

/** The gaps in the chosen order (ties: the other counts, then the latest asked); the input is left as it is. */
export function sortGaps(gaps: readonly ContentGap[], order: GapOrder): ContentGap[] {
  const compare: Record<GapOrder, (a: ContentGap, b: ContentGap) => number> = {
    unanswered: (a, b) => unansweredCount(b) - unansweredCount(a) || b.asked - a.asked || byLatest(a, b),
    asked: (a, b) => b.asked - a.asked || unansweredCount(b) - unansweredCount(a) || byLatest(a, b),
    latest: (a, b) => byLatest(a, b) || unansweredCount(b) - unansweredCount(a),
  };
  return [...gaps].sort(compare[order]);
}

/** The teams asking, most first: "Sales (3), No team (1)"; "—" when none is known. */
export function describeTeams(teams: ContentGap['teams']): string {
  if (teams.length === 0) return '—';
  return [...teams]
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
    .map((team) => `${team.name} (${team.count})`)
    .join(', ');
}

export const GAP_CSV_HEADER = ['Question', 'Example as asked', 'Asked', 'Without an answer', 'Marked unhelpful', 'Teams', 'Last asked'] as const;

/** One CSV row per gap, in the order given; the last-asked time as the API gave it (ISO 8601, UTC). */
export function gapCsvRows(gaps: readonly ContentGap[]): CsvCell[][] {
  return gaps.map((gap) => [gap.question, gap.example, gap.asked, gap.withoutAnswer, gap.unhelpful, gap.teams.map((team) => `${team.name} (${team.count})`).join('; '), gap.lastAskedAt]);
}

/** The whole CSV document of the gaps. */
export function gapsCsv(gaps: readonly ContentGap[]): string {
  return toCsv(GAP_CSV_HEADER, gapCsvRows(gaps));
}

/** The export's file name: `content-gaps-30-days-2026-12-02.csv` (the day in UTC). */
export function gapsCsvFilename(days: number, now: Date): string {
  return `content-gaps-${days}-days-${now.toISOString().slice(0, 10)}.csv`;
}
