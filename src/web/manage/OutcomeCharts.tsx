/**
 * The outcome's charts, drawn with Observable Plot (SVG): each group's mean before and after the cut-off with 95 %
 * intervals, and the differences between the groups with their intervals against zero. Each chart is an image with
 * an accessible name and a visible text alternative, and the same numbers follow as tables. This module, the chart
 * library and the t quantile load only when a result is shown.
 */
import * as Plot from '@observablehq/plot';
import { PlotFigure } from '../lib/plot-figure.tsx';
import {
  describeDifferences,
  describeMeans,
  differenceName,
  differenceRows,
  differencesChartName,
  formatInterval,
  type MeanPoint,
  meanPoints,
  meansChartName,
} from './outcome-chart.ts';
import { decimalsForOutcome, formatNumber, type Outcome } from './outcomes.ts';

/** Trained (or treated) in the app's teal, untrained (or hold-out) in a dark orange; each also has its own symbol. */
const STYLE = {
  treated: { color: '#0f5f5a', symbol: 'circle', dx: -8 },
  control: { color: '#a4551d', symbol: 'square', dx: 8 },
} as const;
const AXIS_COLOR = '#52605d';
const WIDTH = 640;

/** The marks of one group in the means chart: its interval rules, the line from before to after, the points and its name. */
function groupMarks(points: MeanPoint[], role: 'treated' | 'control') {
  const mine = points.filter((p) => p.role === role);
  const { color, symbol, dx } = STYLE[role];
  const withInterval = mine.filter((p) => p.interval !== null);
  // Named beside its outer point, where no line runs: the treated group left of "before", the other right of "after".
  const named = role === 'treated' ? mine.at(0) : mine.at(-1);
  return [
    Plot.ruleX(withInterval, { x: 'period', y1: (p: MeanPoint) => p.interval!.lower, y2: (p: MeanPoint) => p.interval!.upper, stroke: color, strokeWidth: 2, dx }),
    Plot.line(mine, { x: 'period', y: 'mean', stroke: color, strokeWidth: 1.5, dx }),
    Plot.dot(mine, { x: 'period', y: 'mean', fill: color, symbol, r: 5, dx }),
    ...(named ? [Plot.text([named], { x: 'period', y: 'mean', text: (p: MeanPoint) => `${p.group} (n = ${p.n})`, fill: color, dx: dx + (dx > 0 ? 10 : -10), textAnchor: dx > 0 ? 'start' : 'end', fontSize: 12, fontWeight: 600 })] : []),
  ];
}

function drawMeans(outcome: Outcome): SVGSVGElement | HTMLElement {
  const points = meanPoints(outcome);
  return Plot.plot({
    width: WIDTH,
    height: 320,
    marginLeft: 56,
    marginRight: 130,
    style: { fontSize: '12px', color: AXIS_COLOR, overflow: 'visible' },
    x: { type: 'point', domain: ['Before', 'After'], label: null, padding: 0.6 },
    y: { label: `Mean ${outcome.metric}`, grid: true, nice: true, zero: false },
    marks: [...groupMarks(points, 'treated'), ...groupMarks(points, 'control')],
  });
}

function drawDifferences(outcome: Outcome): SVGSVGElement | HTMLElement {
  const rows = differenceRows(outcome);
  const did = outcome.differenceInDifferences;
  const values = [0, ...rows.flatMap((row) => [row.estimate, row.interval?.lower ?? row.estimate, row.interval?.upper ?? row.estimate])];
  return Plot.plot({
    width: WIDTH,
    height: 70 + rows.length * 56,
    marginLeft: 230,
    marginRight: 24,
    style: { fontSize: '12px', color: AXIS_COLOR },
    x: { domain: [Math.min(...values), Math.max(...values)], nice: true, grid: true, label: `${differenceName(did.treated.label, did.control.label)} (${outcome.metric}) →` },
    y: { domain: rows.map((row) => row.label), label: null, padding: 0.6 },
    marks: [
      Plot.ruleX([0], { stroke: AXIS_COLOR, strokeDasharray: '4,3' }),
      Plot.ruleY(rows.filter((row) => row.interval !== null), { y: 'label', x1: (row: (typeof rows)[number]) => row.interval!.lower, x2: (row: (typeof rows)[number]) => row.interval!.upper, stroke: STYLE.treated.color, strokeWidth: 3 }),
      Plot.dot(rows, { x: 'estimate', y: 'label', fill: STYLE.treated.color, r: 6 }),
    ],
  });
}


/** Both charts, then their data as tables. */
export function OutcomeCharts({ outcome }: { outcome: Outcome }) {
  const decimals = decimalsForOutcome(outcome);
  const points = meanPoints(outcome);
  const rows = differenceRows(outcome);
  return (
    <>
      <div className="outcome-charts">
        <PlotFigure name={meansChartName(outcome)} description={describeMeans(outcome)} data={outcome} draw={drawMeans} />
        {rows.length > 0 && <PlotFigure name={differencesChartName(outcome)} description={describeDifferences(outcome)} data={outcome} draw={drawDifferences} />}
      </div>
      <table className="table table-stack">
        <caption>Chart data: mean of each group</caption>
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col">Period</th>
            <th scope="col">People</th>
            <th scope="col">Mean</th>
            <th scope="col">95 % interval</th>
          </tr>
        </thead>
        <tbody>
          {points.map((point) => (
            <tr key={`${point.role}-${point.period}`}>
              <th scope="row">{point.group}</th>
              <td data-label="Period">{point.period}</td>
              <td data-label="People">{point.n}</td>
              <td data-label="Mean">{formatNumber(point.mean, decimals)}</td>
              <td data-label="95 % interval">{formatInterval(point.interval, decimals)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > 0 && (
        <table className="table table-stack">
          <caption>Chart data: {differenceName(outcome.differenceInDifferences.treated.label, outcome.differenceInDifferences.control.label).toLowerCase()}</caption>
          <thead>
            <tr>
              <th scope="col">Difference</th>
              <th scope="col">Estimate</th>
              <th scope="col">95 % interval</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.label}>
                <th scope="row">{row.label}</th>
                <td data-label="Estimate">{formatNumber(row.estimate, decimals)}</td>
                <td data-label="95 % interval">{formatInterval(row.interval, decimals)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
