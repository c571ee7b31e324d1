/**
 * `/author/search/gaps`: the questions learners asked that found no good answer (nothing, a weak result, or one
 * they marked as not answering), grouped by their words, over the last 7, 30 or 90 days; with the teams asking, a
 * CSV export and a way to write the missing lesson.
 */
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { EmptyState, ErrorAlert, Loading } from '../../lib/feedback.tsx';
import { SelectField } from '../../lib/fields.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { usePageTitle } from '../../lib/page.hooks.ts';
import { type ContentGap, describeTeams, GAP_ORDER_OPTIONS, GAP_PERIODS, type GapOrder, gapsCsv, gapsCsvFilename, parseGapPeriod, sortGaps } from './content-gaps.ts';
import { useContentGaps } from './search-studio.hooks.ts';
import { SearchStudioNav } from './SearchStudioNav.tsx';

/** Saves text as a file through a temporary link (the list is already in the page; no second request). */
function downloadText(text: string, filename: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `/author/search/gaps[?days=7|90]`: the content-gap table with its period, order and CSV export. */
export function ContentGapsPage() {
  usePageTitle('Content gaps');
  const [params, setParams] = useSearchParams();
  const days = parseGapPeriod(params.get('days'));
  const [order, setOrder] = useState<GapOrder>('unanswered');
  const gaps = useContentGaps(days);
  const rows = gaps.data ? sortGaps(gaps.data.gaps, order) : [];
  return (
    <>
      <h1>Search</h1>
      <p className="lead">What learners find when they ask a question, and what they ask that nothing answers yet.</p>
      <SearchStudioNav />
      <h2>Content gaps</h2>
      <p>Questions learners asked that found no good answer: nothing, only a weak match, or a lesson they marked as not answering it. Each is a lesson waiting to be written (or words to add as synonyms).</p>
      <form className="gaps-filters" aria-label="Content gaps to show" onSubmit={(event) => event.preventDefault()}>
        <SelectField
          label="Asked in the last"
          value={String(days)}
          onValueChange={(value) => setParams(value === '30' ? {} : { days: value }, { replace: true })}
          options={GAP_PERIODS.map((period) => ({ value: String(period), label: `${period} days` }))}
        />
        <SelectField label="Order" value={order} onValueChange={(value) => setOrder(value as GapOrder)} options={GAP_ORDER_OPTIONS} />
      </form>
      <ErrorAlert error={gaps.error} title="The content gaps could not be loaded" />
      {gaps.isPending && <Loading label="Loading content gaps…" />}
      {gaps.data &&
        (rows.length === 0 ? (
          <EmptyState title="No gaps in this period">
            <p>Every question learners asked in the last {days} days found a lesson, and none was marked as not answering it.</p>
          </EmptyState>
        ) : (
          <>
            <div className="gaps-toolbar">
              <p className="muted">
                {rows.length} {rows.length === 1 ? 'question' : 'questions'} in the last {days} days.
              </p>
              <button type="button" className="button" onClick={() => downloadText(gapsCsv(rows), gapsCsvFilename(days, new Date()), 'text/csv;charset=utf-8')}>
                Export CSV
              </button>
            </div>
            <GapTable gaps={rows} days={days} />
          </>
        ))}
    </>
  );
}

function GapTable({ gaps, days }: { gaps: readonly ContentGap[]; days: number }) {
  return (
    <table className="table table-stack gaps-table">
      <caption className="visually-hidden">Questions without a good answer in the last {days} days</caption>
      <thead>
        <tr>
          <th scope="col">Question</th>
          <th scope="col">As asked</th>
          <th scope="col">Asked</th>
          <th scope="col">Without an answer</th>
          <th scope="col">Marked unhelpful</th>
          <th scope="col">Teams</th>
          <th scope="col">Last asked</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {gaps.map((gap) => (
          <tr key={gap.question}>
            <th scope="row" data-label="Question">
              {gap.question}
            </th>
            <td data-label="As asked">“{gap.example}”</td>
            <td data-label="Asked" className="cell-number">
              {gap.asked}
            </td>
            <td data-label="Without an answer" className="cell-number">
              {gap.withoutAnswer}
            </td>
            <td data-label="Marked unhelpful" className="cell-number">
              {gap.unhelpful}
            </td>
            <td data-label="Teams">{describeTeams(gap.teams)}</td>
            <td data-label="Last asked">{formatDateTime(gap.lastAskedAt)}</td>
            <td className="cell-actions">
              <Link to={`/author/lessons/new?coreQuestion=${encodeURIComponent(gap.example)}`} className="button button-small">
                Write a lesson for this<span className="visually-hidden"> question: “{gap.example}”</span>
              </Link>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
