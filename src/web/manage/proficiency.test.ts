import { describe, expect, it } from 'vitest';
import { cellText, COLOURS, colourDomain, contrastRatio, describeCell, describeHeatMap, fillOf, filtersFromParams, filtersToParams, heatMapOf, type Proficiency, type ProficiencyCell, proficiencyUrl, textColourOn, uniqueLabels } from './proficiency.ts';

function cell(objectiveId: string, teamId: string, values: Partial<ProficiencyCell> = {}): ProficiencyCell {
  return { objectiveId, teamId, now: null, baseline: null, change: null, people: 0, counts: { now: 0, baseline: 0, change: 0 }, suppressed: false, reason: 'no_data', ...values };
}

const MAP: Proficiency = {
  at: '2026-03-03T09:00:00.000Z',
  courseId: null,
  courses: [],
  minimumPeople: 3,
  objectives: [
    { id: 'o1', title: 'Closing' },
    { id: 'o2', title: 'Safety' },
  ],
  teams: [
    { id: 'n', name: 'North', members: 4 },
    { id: 's', name: 'South', members: 2 },
  ],
  cells: [
    cell('o1', 'n', { now: 93.4, baseline: 50, change: 43.4, people: 4, counts: { now: 4, baseline: 4, change: 4 }, reason: null }),
    cell('o1', 's', { people: 2, counts: { now: 2, baseline: 0, change: 0 }, suppressed: true, reason: 'too_few_people' }),
    cell('o2', 'n', { now: 70.2, baseline: 75, change: -4.8, people: 4, counts: { now: 4, baseline: 4, change: 4 }, reason: null }),
    cell('o2', 's'),
  ],
};

describe('the proficiency page’s logic', () => {
  it('keeps the filters in the address, defaults left out', () => {
    const filters = filtersFromParams(new URLSearchParams('courseId=c1&measure=change'));
    expect(filters).toEqual({ courseId: 'c1', teamId: '', measure: 'change' });
    expect(filtersToParams(filters)).toEqual({ courseId: 'c1', measure: 'change' });
    expect(filtersFromParams(new URLSearchParams('measure=colour')).measure).toBe('now');
    expect(proficiencyUrl({ courseId: 'c1', teamId: 'n' })).toBe('/api/proficiency?courseId=c1');
    expect(proficiencyUrl({ courseId: '', teamId: 'n' }, true)).toBe('/api/proficiency.csv?teamId=n');
  });

  it('says what each cell holds: a value, withheld for too few people, or no data', () => {
    const [north, south, , empty] = MAP.cells as [ProficiencyCell, ProficiencyCell, ProficiencyCell, ProficiencyCell];
    expect(cellText(north, 'now', 3)).toBe('93 %');
    expect(cellText(north, 'change', 3)).toBe('+43');
    expect(cellText(MAP.cells[2]!, 'change', 3)).toBe('−5');
    expect(cellText(south, 'now', 3)).toBe('n < 3');
    expect(cellText(empty, 'now', 3)).toBe('–');
    expect(describeCell(north, 'change', 3)).toBe('+43 points (4 people)');
    expect(describeCell(south, 'now', 3)).toBe('Withheld: fewer than 3 people (2 people)');
    expect(describeCell(south, 'baseline', 3)).toBe('No data');
  });

  it('draws the teams shown, colours by value with readable text, and describes the map in words', () => {
    const all = heatMapOf(MAP, 'now', undefined);
    expect(all.objectives).toEqual(['Closing', 'Safety']);
    expect(all.teams).toEqual(['North', 'South']);
    expect(all.cells.find((c) => c.team === 'North' && c.objective === 'Closing')).toMatchObject({ value: 93.4, text: '93 %' });
    expect(heatMapOf(MAP, 'now', new Set(['s'])).cells.map((c) => c.team)).toEqual(['South', 'South']);
    for (const c of all.cells) expect(contrastRatio(c.fill, c.ink)).toBeGreaterThanOrEqual(4.5);
    expect(describeHeatMap(MAP, 'now', undefined)).toBe('Recall now, 2 objectives by 2 teams. Highest: Closing, North, 93 %. Lowest: Safety, North, 70 %. 1 cell is withheld (fewer than 3 people). 1 cell has no data.');
    expect(describeHeatMap(MAP, 'change', new Set(['s']))).toBe('Change from baseline, 2 objectives by 1 team. No cell has a value to show yet. 2 cells have no data.');
  });

  it('colours a level from light to teal and a change from orange through white to teal, text always readable', () => {
    expect(fillOf(0, 'now', [0, 100])).toBe(COLOURS.low);
    expect(fillOf(100, 'now', [0, 100])).toBe(COLOURS.high);
    expect(fillOf(null, 'now', [0, 100])).toBe(COLOURS.missing);
    expect(colourDomain('change', [43.4, -4.8, null])).toEqual([-50, 50]);
    expect(colourDomain('change', [])).toEqual([-10, 10]);
    expect(fillOf(-50, 'change', [-50, 50])).toBe(COLOURS.fall);
    expect(fillOf(0, 'change', [-50, 50])).toBe(COLOURS.middle);
    for (let v = -50; v <= 100; v += 1) {
      const fill = fillOf(v, v < 0 ? 'change' : 'now', v < 0 ? [-50, 50] : [0, 100]);
      expect(contrastRatio(fill, textColourOn(fill))).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('tells two rows of the same name apart', () => {
    expect(uniqueLabels(['Safety', 'Closing', 'Safety'])).toEqual(['Safety', 'Closing', 'Safety (2)']);
  });
});
