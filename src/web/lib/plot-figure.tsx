/**
 * Observable Plot charts as accessible images: every chart of the manager's and author's dashboards is one SVG named
 * as a whole and described by its visible caption (the page beside it holds the same numbers as text or a table).
 */
import { useEffect, useId, useRef } from 'react';

export type PlotChart = SVGSVGElement | HTMLElement;

/** Names the chart's SVGs as one image (Plot's labels of its inner groups mean nothing on their own) and describes them. */
export function asImage(chart: PlotChart, name: string, describedBy?: string): void {
  const svgs = chart instanceof SVGSVGElement ? [chart] : [...chart.querySelectorAll('svg')];
  for (const svg of svgs) {
    // ARIA forbids aria-label on a <g> without a role.
    for (const part of svg.querySelectorAll('[aria-label], [aria-description]')) {
      part.removeAttribute('aria-label');
      part.removeAttribute('aria-description');
    }
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', name);
    if (describedBy) svg.setAttribute('aria-describedby', describedBy);
  }
}

/** A chart made by `make`, mounted in the returned holder and drawn again when `deps` change. */
export function usePlot(make: () => PlotChart, deps: readonly unknown[]) {
  const holder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = make();
    holder.current?.append(chart);
    return () => chart.remove();
    // `make` closes over exactly `deps`.
  }, deps);
  return holder;
}

/** One chart of `data` in a figure: the SVG as an image named `name`, described by the visible caption. */
export function PlotFigure<T>({ data, draw, name, description }: { data: T; draw: (data: T) => PlotChart; name: string; description: string }) {
  const captionId = useId();
  const holder = usePlot(() => {
    const chart = draw(data);
    asImage(chart, name, captionId);
    return chart;
  }, [data, draw, name, captionId]);
  return (
    <figure className="outcome-chart">
      <div ref={holder} className="outcome-chart-canvas" />
      <figcaption id={captionId}>{description}</figcaption>
    </figure>
  );
}
