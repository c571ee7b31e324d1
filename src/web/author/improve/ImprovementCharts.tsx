/**
 * The lesson's charts, drawn with Observable Plot (SVG): the share of starters who reached each block, and each
 * question's difficulty (share right) against its discrimination. Each chart is an image with an accessible name, a
 * visible text alternative, a table of the same numbers and a CSV link.
 */
import * as Plot from '@observablehq/plot';
import { PlotFigure } from '../../lib/plot-figure.tsx';
import { blockLabel, describeFunnel, describeQuestions, formatDiscrimination, formatShare, type LessonImprovement, type QuestionPoint, questionPoints } from './improvement.ts';

const TEAL = '#0f5f5a';
const ORANGE = '#a4551d';
const AXIS_COLOR = '#52605d';
const WIDTH = 640;

function drawFunnel(detail: LessonImprovement): SVGSVGElement | HTMLElement {
  const rows = detail.funnel.blocks.map((b) => ({ label: `${b.index + 1}. ${b.typeName}`, share: b.share ?? 0, text: formatShare(b.share) }));
  return Plot.plot({
    width: WIDTH,
    height: 60 + rows.length * 34,
    marginLeft: 130,
    marginRight: 48,
    style: { fontSize: '12px', color: AXIS_COLOR },
    x: { domain: [0, 1], label: 'Share of starters who reached the block →', tickFormat: (v: number) => `${Math.round(v * 100)} %`, grid: true },
    y: { domain: rows.map((r) => r.label), label: null },
    marks: [Plot.barX(rows, { x: 'share', y: 'label', fill: TEAL }), Plot.text(rows, { x: 'share', y: 'label', text: 'text', dx: 6, textAnchor: 'start', fill: AXIS_COLOR })],
  });
}

function drawQuestions(detail: LessonImprovement): SVGSVGElement | HTMLElement {
  const points = questionPoints(detail);
  return Plot.plot({
    width: WIDTH,
    height: 320,
    marginLeft: 56,
    style: { fontSize: '12px', color: AXIS_COLOR },
    x: { domain: [0, 1], label: 'Share right first time (difficulty) →', tickFormat: (v: number) => `${Math.round(v * 100)} %`, grid: true },
    y: { domain: [-1, 1], label: '↑ Discrimination', grid: true },
    marks: [
      // The rules' limits: below 40 % right is too hard, above 95 % too easy, below 0.2 discrimination poor.
      Plot.ruleX([0.4, 0.95], { stroke: ORANGE, strokeDasharray: '4,3' }),
      Plot.ruleY([0.2], { stroke: ORANGE, strokeDasharray: '4,3' }),
      Plot.dot(points, { x: 'difficulty', y: 'discrimination', fill: TEAL, r: 6 }),
      Plot.text(points, { x: 'difficulty', y: 'discrimination', text: (p: QuestionPoint) => p.label, dy: -12, fill: AXIS_COLOR, fontWeight: 600 }),
    ],
  });
}


/** The drop-off chart and its table. */
export function FunnelChart({ detail, csvHref }: { detail: LessonImprovement; csvHref: string }) {
  return (
    <>
      {detail.funnel.starters > 0 && <PlotFigure data={detail} draw={drawFunnel} name="Drop-off by block: share of starters who reached each block" description={describeFunnel(detail)} />}
      {detail.funnel.starters === 0 && <p>{describeFunnel(detail)}</p>}
      <table className="table table-stack">
        <caption>Chart data: learners who reached each block</caption>
        <thead>
          <tr>
            <th scope="col">Block</th>
            <th scope="col">Title</th>
            <th scope="col">Reached it</th>
            <th scope="col">Share of starters</th>
            <th scope="col">Stopped here</th>
          </tr>
        </thead>
        <tbody>
          {detail.funnel.blocks.map((block) => (
            <tr key={block.blockId}>
              <th scope="row">{blockLabel(block)}</th>
              <td data-label="Title">{block.title}</td>
              <td data-label="Reached it">{block.reached}</td>
              <td data-label="Share of starters">{formatShare(block.share)}</td>
              <td data-label="Stopped here">{formatShare(block.stoppedHere)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <a className="button" href={csvHref} download>
          Download the drop-off as CSV
        </a>
      </p>
    </>
  );
}

/** The difficulty/discrimination chart and its table. */
export function QuestionsChart({ detail, csvHref }: { detail: LessonImprovement; csvHref: string }) {
  const hasPoints = questionPoints(detail).length > 0;
  return (
    <>
      {hasPoints ? (
        <PlotFigure data={detail} draw={drawQuestions} name="Questions: share right first time against discrimination" description={describeQuestions(detail)} />
      ) : (
        <p>{describeQuestions(detail)} Discrimination needs at least {detail.minimums.discrimination} learners who answered other questions of the course.</p>
      )}
      <table className="table table-stack">
        <caption>Chart data: each question</caption>
        <thead>
          <tr>
            <th scope="col">Question</th>
            <th scope="col">First answers</th>
            <th scope="col">Right first time</th>
            <th scope="col">Discrimination</th>
          </tr>
        </thead>
        <tbody>
          {detail.questions.map((q, index) => (
            <tr key={q.questionId}>
              <th scope="row">
                Q{index + 1}: {q.prompt}
              </th>
              <td data-label="First answers">{q.answers}</td>
              <td data-label="Right first time">{formatShare(q.difficulty)}</td>
              <td data-label="Discrimination">
                {formatDiscrimination(q.discrimination.r)} {q.discrimination.n > 0 && <span className="muted">({q.discrimination.n} learners)</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <a className="button" href={csvHref} download>
          Download the questions as CSV
        </a>
      </p>
    </>
  );
}
