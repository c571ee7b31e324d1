/**
 * One of the Progress page's line charts, drawn with Observable Plot (SVG): completion (per cent of assigned lessons)
 * or active learners over time, a line per series (everyone in view, then each team) with its own colour and dash. The
 * chart is an image with an accessible name and a visible text alternative; its numbers follow in a table. This
 * module and the chart library load only when the page shows a chart.
 */
import * as Plot from '@observablehq/plot';
import { useId } from 'react';
import { asImage, usePlot } from '../lib/plot-figure.tsx';
import { bucketLabel, type ChartMetric, chartName, chartRows, chartSeries, describeChart, formatPercent, type Progress } from './progress.ts';

/** Distinct, accessible on white (WCAG AA for lines), and each series also has its own dash. */
const COLORS = ['#0f5f5a', '#a4551d', '#4b4fa6', '#7a3d75', '#2f6b2f', '#8a6d00', '#555f61'];
const DASHES = ['none', '6,3', '2,3', '8,3,2,3'];
const AXIS_COLOR = '#52605d';

function draw(progress: Progress, metric: ChartMetric): SVGSVGElement | HTMLElement {
  const rows = chartRows(progress, metric);
  const names = chartSeries(progress).map((s) => s.name);
  const points = progress.overall.points;
  const domain = [new Date(`${points[0]!.firstDay}T00:00:00.000Z`), new Date(`${points.at(-1)!.firstDay}T00:00:00.000Z`)];
  const highest = Math.max(1, ...rows.map((row) => row.value));
  return Plot.plot({
    width: 640,
    height: 300,
    marginLeft: 48,
    marginRight: 24,
    style: { fontSize: '12px', color: AXIS_COLOR },
    x: { type: 'utc', domain, label: null, tickFormat: '%-d %b', ticks: Math.min(6, points.length) },
    y: metric === 'completion' ? { label: '% of lessons completed', domain: [0, 100], grid: true } : { label: 'Active learners', domain: [0, highest], grid: true, ticks: Math.min(5, highest), tickFormat: 'd' },
    marks: [
      Plot.ruleY([0], { stroke: AXIS_COLOR }),
      ...names.flatMap((name, k) => {
        const { color, dash } = styleOf(k);
        const mine = rows.filter((row) => row.series === name);
        return [Plot.line(mine, { x: 'date', y: 'value', stroke: color, strokeWidth: 2, strokeDasharray: dash }), Plot.dot(mine, { x: 'date', y: 'value', fill: color, r: 3 })];
      }),
    ],
  });
}

const styleOf = (index: number) => ({ color: COLORS[index % COLORS.length]!, dash: DASHES[index % DASHES.length]! });

/** The key: each series' colour and dash, beside its name (hidden from assistive technology: the caption names them). */
function Key({ names }: { names: string[] }) {
  return (
    <ul className="progress-key" aria-hidden="true">
      {names.map((name, k) => (
        <li key={name}>
          <svg width="28" height="10" viewBox="0 0 28 10">
            <line x1="0" y1="5" x2="28" y2="5" stroke={styleOf(k).color} strokeWidth="2" strokeDasharray={styleOf(k).dash === 'none' ? undefined : styleOf(k).dash} />
          </svg>
          {name}
        </li>
      ))}
    </ul>
  );
}

/** The chart as an image named by `chartName`, described by its visible caption, with its numbers in a table below. */
export function ProgressChart({ progress, metric }: { progress: Progress; metric: ChartMetric }) {
  const captionId = useId();
  const name = chartName(progress, metric);
  const holder = usePlot(() => {
    const chart = draw(progress, metric);
    asImage(chart, name, captionId);
    return chart;
  }, [progress, metric, name, captionId]);
  const series = chartSeries(progress);
  return (
    <>
      <figure className="outcome-chart">
        <Key names={series.map((s) => s.name)} />
        <div ref={holder} className="outcome-chart-canvas" />
        <figcaption id={captionId}>{describeChart(progress, metric)}</figcaption>
      </figure>
      <details className="progress-chart-data">
        <summary>The chart’s numbers</summary>
        <div className="progress-table-scroll" tabIndex={0} role="region" aria-label={`Chart data: ${name.toLowerCase()}`}>
          <table className="table">
            <caption>Chart data: {name.toLowerCase()}</caption>
            <thead>
              <tr>
                <th scope="col">{progress.bucket === 'day' ? 'Day' : 'Week'}</th>
                {series.map((s) => (
                  <th scope="col" key={s.name}>
                    {s.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {progress.overall.points.map((point, k) => (
                <tr key={point.key}>
                  <th scope="row">{bucketLabel(point, progress.bucket)}</th>
                  {series.map((s) => {
                    const p = s.points[k]!;
                    return <td key={s.name}>{metric === 'completion' ? `${formatPercent(p.completionRate)} (${p.completedLessons} of ${p.assignedLessons})` : p.activeLearners}</td>;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}
