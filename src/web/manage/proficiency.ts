/**
 * The Proficiency page without React: its filters (kept in the address), the API's URLs, what each cell says for
 * the measure shown (a value, "fewer than 3 people" or "no data"), the heat map's cells and colours, and the chart's
 * text alternative. Types come from the server's schemas; type-only imports, so nothing of the server reaches the
 * bundle.
 */
import type { z } from 'zod';
import type { Proficiency as ProficiencySchema, ProficiencyCell as ProficiencyCellSchema } from '../../server/modules/analytics/proficiency.schemas.ts';
import { buildUrl } from '../lib/api-client.ts';

export type Proficiency = z.infer<typeof ProficiencySchema>;
export type ProficiencyCell = z.infer<typeof ProficiencyCellSchema>;

/** Which value the heat map colours its cells by. */
export type Measure = 'now' | 'baseline' | 'change';

export const MEASURE_OPTIONS: ReadonlyArray<{ value: Measure; label: string }> = [
  { value: 'now', label: 'Now (recall)' },
  { value: 'baseline', label: 'Baseline' },
  { value: 'change', label: 'Change' },
];

/** What the page shows: a course ('' for all), a team ('' for all the person's teams) and the measure. */
export interface ProficiencyFilters {
  courseId: string;
  teamId: string;
  measure: Measure;
}

/** The filters in the page's address (`?courseId=…&teamId=…&measure=change`); now by default. */
export function filtersFromParams(params: URLSearchParams): ProficiencyFilters {
  const measure = MEASURE_OPTIONS.find((option) => option.value === params.get('measure'))?.value ?? 'now';
  return { courseId: params.get('courseId') ?? '', teamId: params.get('teamId') ?? '', measure };
}

/** The address's parameters for the filters, defaults left out. */
export function filtersToParams(filters: ProficiencyFilters): Record<string, string> {
  const params: Record<string, string> = {};
  if (filters.courseId) params.courseId = filters.courseId;
  if (filters.teamId) params.teamId = filters.teamId;
  if (filters.measure !== 'now') params.measure = filters.measure;
  return params;
}

/**
 * The heat map's API URL. The page asks for every team of the person (the team filter narrows the columns it
 * shows, and keeps every team in the filter's list); the CSV link asks for the team picked.
 */
export function proficiencyUrl(filters: Pick<ProficiencyFilters, 'courseId' | 'teamId'>, csv = false): string {
  return csv ? buildUrl('/api/proficiency.csv', { courseId: filters.courseId, teamId: filters.teamId }) : buildUrl('/api/proficiency', { courseId: filters.courseId });
}

/** The measure's name in a sentence or a caption. */
export function measureName(measure: Measure): string {
  return measure === 'now' ? 'Recall now' : measure === 'baseline' ? 'Baseline' : 'Change from baseline';
}

/** A value of the measure in words: "83 %", or for a change "+33 points" / "−5 points". */
export function formatValue(value: number, measure: Measure): string {
  if (measure !== 'change') return `${Math.round(value)} %`;
  const rounded = Math.round(value);
  return `${rounded > 0 ? '+' : rounded < 0 ? '−' : '±'}${Math.abs(rounded)} points`;
}

/** The shorter text inside a heat map cell: "83 %", "+33", "n < 3" or "–". */
export function cellText(cell: ProficiencyCell, measure: Measure, minimumPeople: number): string {
  const value = cell[measure];
  if (value !== null) return measure === 'change' ? formatValue(value, measure).replace(' points', '') : formatValue(value, measure);
  return cell.counts[measure] > 0 ? `n < ${minimumPeople}` : '–';
}

/** A cell of the table in words: "83 % (4 people)", "Withheld: fewer than 3 people (2)" or "No data". */
export function describeCell(cell: ProficiencyCell, measure: Measure, minimumPeople: number): string {
  const value = cell[measure];
  const n = cell.counts[measure];
  const people = `${n} ${n === 1 ? 'person' : 'people'}`;
  if (value !== null) return `${formatValue(value, measure)} (${people})`;
  return n > 0 ? `Withheld: fewer than ${minimumPeople} people (${people})` : 'No data';
}

/** One drawn cell: its row and column labels, the value coloured (null: grey) and the text inside. */
export interface HeatCell {
  objective: string;
  team: string;
  value: number | null;
  text: string;
  fill: string;
  /** The text's colour on the fill. */
  ink: string;
}

/** Labels made unique: a second "Safety" becomes "Safety (2)", so two rows or columns never merge. */
export function uniqueLabels(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name} (${count})`;
  });
}

/** The rows, columns, colour domain and cells to draw for the teams shown. */
export function heatMapOf(map: Proficiency, measure: Measure, teamIds: ReadonlySet<string> | undefined): { objectives: string[]; teams: string[]; domain: [number, number]; cells: HeatCell[] } {
  const teams = map.teams.filter((t) => !teamIds || teamIds.has(t.id));
  const objectiveLabels = new Map(map.objectives.map((o, i) => [o.id, uniqueLabels(map.objectives.map((x) => x.title))[i]!]));
  const teamLabels = new Map(teams.map((t, i) => [t.id, uniqueLabels(teams.map((x) => x.name))[i]!]));
  const shown = map.cells.filter((c) => teamLabels.has(c.teamId) && objectiveLabels.has(c.objectiveId));
  const domain = colourDomain(measure, shown.map((c) => c[measure]));
  const cells = shown.map((c) => {
    const fill = fillOf(c[measure], measure, domain);
    return { objective: objectiveLabels.get(c.objectiveId)!, team: teamLabels.get(c.teamId)!, value: c[measure], text: cellText(c, measure, map.minimumPeople), fill, ink: textColourOn(fill) };
  });
  return { objectives: [...objectiveLabels.values()], teams: [...teamLabels.values()], domain, cells };
}

/** Lighter for lower, the app's teal for higher; for a change, dark orange below zero through near-white to teal above. */
export const COLOURS = { low: '#eef5f3', high: '#0f5f5a', fall: '#a4551d', middle: '#f7f7f5', missing: '#e4e7e6' } as const;

/** The colour scale's domain: 0–100 % for a level, symmetric around zero for a change (at least ±10 points). */
export function colourDomain(measure: Measure, values: readonly (number | null)[]): [number, number] {
  if (measure !== 'change') return [0, 100];
  const largest = Math.max(10, ...values.filter((v): v is number => v !== null).map((v) => Math.ceil(Math.abs(v) / 10) * 10));
  return [-largest, largest];
}

/** The scale's stops (domain → colour), as the legend draws it: two for a level, three for a change. */
export function colourStops(measure: Measure, domain: readonly [number, number]): { domain: number[]; range: string[] } {
  return measure === 'change' ? { domain: [domain[0], 0, domain[1]], range: [COLOURS.fall, COLOURS.middle, COLOURS.high] } : { domain: [...domain], range: [COLOURS.low, COLOURS.high] };
}

const rgbOf = (hex: string) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
const hexOf = (rgb: readonly number[]) => `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;

/** A cell's fill: the value's colour on the scale (linear in RGB between the stops, as the legend), grey without a value. */
export function fillOf(value: number | null, measure: Measure, domain: readonly [number, number]): string {
  if (value === null) return COLOURS.missing;
  const stops = colourStops(measure, domain);
  const v = Math.min(Math.max(value, stops.domain[0]!), stops.domain.at(-1)!);
  let k = 0;
  while (k < stops.domain.length - 2 && v > stops.domain[k + 1]!) k += 1;
  const [d0, d1] = [stops.domain[k]!, stops.domain[k + 1]!];
  const t = d1 === d0 ? 0 : (v - d0) / (d1 - d0);
  const [a, b] = [rgbOf(stops.range[k]!), rgbOf(stops.range[k + 1]!)];
  return hexOf(a.map((c, i) => c + t * (b[i]! - c)));
}

/** WCAG's relative luminance of a colour. */
function luminance(hex: string): number {
  const [r, g, b] = rgbOf(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG's contrast ratio of two colours. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** Black or white text, whichever contrasts more with the fill (one of them always reaches 4.5 : 1). */
export function textColourOn(fill: string): '#000000' | '#ffffff' {
  return contrastRatio(fill, '#000000') >= contrastRatio(fill, '#ffffff') ? '#000000' : '#ffffff';
}

/** The heat map's accessible name. */
export function heatMapName(measure: Measure): string {
  return `Heat map: ${measureName(measure).toLowerCase()} by objective (rows) and team (columns)`;
}

/** The heat map's text alternative: its size, the highest and lowest cells, and how many are withheld or empty. */
export function describeHeatMap(map: Proficiency, measure: Measure, teamIds: ReadonlySet<string> | undefined): string {
  const { objectives, teams, cells } = heatMapOf(map, measure, teamIds);
  const shown = cells.filter((c) => c.value !== null).sort((a, b) => b.value! - a.value!);
  const withheld = cells.filter((c) => c.value === null && c.text.startsWith('n <')).length;
  const empty = cells.filter((c) => c.value === null && !c.text.startsWith('n <')).length;
  const size = `${objectives.length} ${objectives.length === 1 ? 'objective' : 'objectives'} by ${teams.length} ${teams.length === 1 ? 'team' : 'teams'}`;
  const parts = [`${measureName(measure)}, ${size}.`];
  if (shown.length === 0) parts.push('No cell has a value to show yet.');
  else {
    const top = shown[0]!;
    const bottom = shown.at(-1)!;
    parts.push(`Highest: ${top.objective}, ${top.team}, ${formatValue(top.value!, measure)}.`);
    if (shown.length > 1) parts.push(`Lowest: ${bottom.objective}, ${bottom.team}, ${formatValue(bottom.value!, measure)}.`);
  }
  if (withheld > 0) parts.push(`${withheld} ${withheld === 1 ? 'cell is' : 'cells are'} withheld (fewer than ${map.minimumPeople} people).`);
  if (empty > 0) parts.push(`${empty} ${empty === 1 ? 'cell has' : 'cells have'} no data.`);
  return parts.join(' ');
}
