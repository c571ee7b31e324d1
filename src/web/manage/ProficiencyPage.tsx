/**
 * `/manage/proficiency` (managers: their teams; admins: every team): how well each team knows each objective now
 * (FSRS recall probability of their review items), at their baseline, and the change, as a heat map with a legend,
 * a table of the same cells (the text alternative) and a CSV download. Values resting on fewer than three people
 * are withheld.
 */
import { lazy, Suspense, useMemo } from 'react';
import { Link } from 'react-router';
import { EmptyState, ErrorAlert, Loading } from '../lib/feedback.tsx';
import { SelectField } from '../lib/fields.tsx';
import { RadioGroup } from '../lib/form-controls.tsx';
import { formatDateTime } from '../lib/format.ts';
import { usePageTitle } from '../lib/page.hooks.ts';
import { useProficiency, useProficiencyFilters } from './proficiency.hooks.ts';
import { describeCell, type Measure, MEASURE_OPTIONS, measureName, type Proficiency, type ProficiencyFilters, proficiencyUrl } from './proficiency.ts';
import './outcomes.css';
import './proficiency.css';

// The chart library loads with the first map, not with the page.
const ProficiencyHeatMap = lazy(async () => ({ default: (await import('./ProficiencyHeatMap.tsx')).ProficiencyHeatMap }));

export function ProficiencyPage() {
  usePageTitle('Proficiency');
  const { filters, change } = useProficiencyFilters();
  const proficiency = useProficiency(filters.courseId);
  const map = proficiency.data;
  // A team no longer among the person's (or mistyped in the address) shows every team.
  const teamId = map?.teams.some((t) => t.id === filters.teamId) ? filters.teamId : '';
  const teamIds = useMemo(() => (teamId ? new Set([teamId]) : undefined), [teamId]);
  return (
    <>
      <p className="eyebrow">
        <Link to="/manage">Manage</Link>
      </p>
      <h1>Proficiency</h1>
      <p className="lead">
        How well each team knows each objective: now (the chance, by the spaced-repetition model, that they recall its answers today), at their baseline, and the change. Managers see the teams they manage; admins,
        every team.
      </p>
      <form className="filters-form" role="search" aria-label="Filter proficiency" onSubmit={(event) => event.preventDefault()}>
        <SelectField label="Course" value={filters.courseId} onValueChange={(courseId) => change({ courseId })} options={[{ value: '', label: 'All courses' }, ...(map?.courses ?? []).map((c) => ({ value: c.id, label: c.title }))]} />
        <SelectField label="Team" value={teamId} onValueChange={(id) => change({ teamId: id })} options={[{ value: '', label: 'All your teams' }, ...(map?.teams ?? []).map((t) => ({ value: t.id, label: t.name }))]} />
      </form>
      <ErrorAlert error={proficiency.error} />
      {proficiency.isPending && <Loading label="Loading proficiency…" />}
      {map && <ProficiencyResult map={map} filters={{ ...filters, teamId }} teamIds={teamIds} onMeasureChange={(measure) => change({ measure })} />}
    </>
  );
}

function ProficiencyResult({ map, filters, teamIds, onMeasureChange }: { map: Proficiency; filters: ProficiencyFilters; teamIds: ReadonlySet<string> | undefined; onMeasureChange: (measure: Measure) => void }) {
  const teams = map.teams.filter((t) => !teamIds || teamIds.has(t.id));
  if (teams.length === 0) {
    return (
      <EmptyState title="No team to show">
        <p>Proficiency is shown per team. When an admin makes you the manager of a team, it appears here.</p>
      </EmptyState>
    );
  }
  if (map.objectives.length === 0) {
    return (
      <EmptyState title="No answers yet">
        <p>Once people of your teams answer questions in lessons that serve an objective, their proficiency appears here.</p>
      </EmptyState>
    );
  }
  const cellOf = (objectiveId: string, teamId: string) => map.cells.find((c) => c.objectiveId === objectiveId && c.teamId === teamId);
  return (
    <section aria-labelledby="map-heading" className="outcome-result">
      <h2 id="map-heading">{measureName(filters.measure)}</h2>
      <RadioGroup className="proficiency-measure" legend="Show" options={MEASURE_OPTIONS} value={filters.measure} onValueChange={onMeasureChange} />
      <p>
        <a className="button" href={proficiencyUrl(filters, true)} download="proficiency.csv">
          Download CSV
        </a>
      </p>
      <Suspense fallback={<Loading label="Drawing the heat map…" />}>
        <ProficiencyHeatMap map={map} measure={filters.measure} teamIds={teamIds} />
      </Suspense>
      <div className="proficiency-table" role="region" aria-labelledby="table-caption" tabIndex={0}>
        <table className="table">
          <caption id="table-caption">
            Heat map data: {measureName(filters.measure).toLowerCase()} by objective and team
          </caption>
          <thead>
            <tr>
              <th scope="col">Objective</th>
              {teams.map((t) => (
                <th scope="col" key={t.id}>
                  {t.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {map.objectives.map((o) => (
              <tr key={o.id}>
                <th scope="row">{o.title}</th>
                {teams.map((t) => {
                  const cell = cellOf(o.id, t.id);
                  return <td key={t.id}>{cell ? describeCell(cell, filters.measure, map.minimumPeople) : 'No data'}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">
        Now: the mean recall probability of each person’s review items for the objective at {formatDateTime(map.at)} (their latest answers’ score when they have none). Baseline: their baseline check’s score (their
        first answers in lessons without one). Change: now − baseline over the people with both. Values resting on fewer than {map.minimumPeople} people are withheld.
      </p>
    </section>
  );
}
