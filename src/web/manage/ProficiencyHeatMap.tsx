/**
 * The proficiency heat map, drawn with Observable Plot (SVG cell and text marks): objectives as rows, teams as
 * columns, each cell coloured by the measure shown with its value written inside (black or white, whichever reads
 * better on the fill), and a colour legend. Each SVG is an image with an accessible name, described by a visible
 * caption; the page's table is the full text alternative. This module and the chart library load with the first map.
 */
import * as Plot from '@observablehq/plot';
import { useId } from 'react';
import { asImage, type PlotChart, usePlot } from '../lib/plot-figure.tsx';
import { colourStops, describeHeatMap, heatMapName, heatMapOf, type Measure, measureName, type Proficiency } from './proficiency.ts';

const AXIS_COLOR = '#52605d';
const COLUMN_WIDTH = 96;
const ROW_HEIGHT = 44;


function draw(map: Proficiency, measure: Measure, teamIds: ReadonlySet<string> | undefined): PlotChart {
  const { objectives, teams, cells } = heatMapOf(map, measure, teamIds);
  return Plot.plot({
    width: 240 + Math.max(teams.length, 1) * COLUMN_WIDTH,
    height: 60 + Math.max(objectives.length, 1) * ROW_HEIGHT,
    marginLeft: 232,
    marginTop: 44,
    marginRight: 8,
    style: { fontSize: '13px', color: AXIS_COLOR },
    color: { type: 'identity' },
    x: { domain: teams, axis: 'top', label: null, tickSize: 0, padding: 0.06 },
    y: { domain: objectives, label: null, tickSize: 0, padding: 0.08 },
    marks: [
      Plot.axisY({ tickSize: 0, lineWidth: 18, label: null }),
      Plot.cell(cells, { x: 'team', y: 'objective', fill: 'fill', inset: 1 }),
      Plot.text(cells, { x: 'team', y: 'objective', text: 'text', fill: 'ink', fontSize: 13, fontWeight: 600 }),
    ],
  });
}

function drawLegend(map: Proficiency, measure: Measure, teamIds: ReadonlySet<string> | undefined): PlotChart {
  const { domain } = heatMapOf(map, measure, teamIds);
  const stops = colourStops(measure, domain);
  return Plot.legend({
    color: { type: 'linear', domain: stops.domain, range: stops.range, interpolate: 'rgb', label: measure === 'change' ? `${measureName(measure)} (points)` : `${measureName(measure)} (%)` },
    width: 320,
    style: { color: AXIS_COLOR },
  });
}


/** The heat map with its legend and caption. `teamIds` narrows the columns (undefined: every team). */
export function ProficiencyHeatMap({ map, measure, teamIds }: { map: Proficiency; measure: Measure; teamIds: ReadonlySet<string> | undefined }) {
  const captionId = useId();
  const name = heatMapName(measure);
  const chart = usePlot(() => {
    const svg = draw(map, measure, teamIds);
    asImage(svg, name, captionId);
    return svg;
  }, [map, measure, teamIds, name, captionId]);
  const legend = usePlot(() => {
    const svg = drawLegend(map, measure, teamIds);
    const [low, high] = heatMapOf(map, measure, teamIds).domain;
    asImage(svg, measure === 'change' ? `Colour scale: orange for a fall of ${-low} points, white for no change, teal for a rise of ${high} points` : 'Colour scale: light for 0 %, teal for 100 %');
    return svg;
  }, [map, measure, teamIds]);
  return (
    <figure className="outcome-chart proficiency-chart">
      <div ref={legend} className="proficiency-legend" />
      <p className="proficiency-legend-note">
        <span className="proficiency-swatch" aria-hidden="true" /> Grey: no value. “n &lt; {map.minimumPeople}”: withheld, fewer than {map.minimumPeople} people have one, so no one’s own score can be read off the map.
      </p>
      <div ref={chart} className="outcome-chart-canvas proficiency-canvas" />
      <figcaption id={captionId}>{describeHeatMap(map, measure, teamIds)}</figcaption>
    </figure>
  );
}
