import { type AxisOptions, type ChartFrame, type ChartSpec, chartConfig, frameOf, positional } from './chart-spec.js';
import { neutralInk, pointShapes } from './palette.js';

export interface ScatterPoint {
  x: number;
  y: number;
  /** Printed next to the point and used for colour and shape. */
  label: string;
  /** Extra tooltip lines. */
  details?: Record<string, string | number>;
  /** Drawn larger with a ring (a baseline, a knee). */
  marker?: string;
  /** Optional error bar on y (a confidence interval). */
  yLow?: number;
  yHigh?: number;
}

export interface ScatterChartOptions extends ChartFrame {
  x: AxisOptions;
  y: AxisOptions;
  points: readonly ScatterPoint[];
  /** Points joined by a line in x order (a Pareto frontier); they should be a subset of `points`. */
  line?: { label: string; points: readonly { x: number; y: number }[] };
}

/**
 * A labelled scatter plot with optional y error bars and a connecting line (e.g. cost vs quality
 * with its Pareto frontier). Colour and shape both encode the label, so it reads in greyscale.
 */
export function buildScatterChartSpec(options: ScatterChartOptions): ChartSpec {
  const values = options.points.map((point) => ({
    x: point.x,
    y: point.y,
    label: point.label,
    marker: point.marker ?? '',
    yLow: point.yLow ?? null,
    yHigh: point.yHigh ?? null,
    ...point.details,
  }));
  const x = { field: 'x', type: 'quantitative', ...positional(options.x) };
  const y = { field: 'y', type: 'quantitative', ...positional(options.y) };
  const labels = [...new Set(options.points.map((point) => point.label))];
  const tooltip = [
    { field: 'label', type: 'nominal', title: 'series' },
    { field: 'x', type: 'quantitative', title: options.x.title, ...(options.x.format !== undefined && { format: options.x.format }) },
    { field: 'y', type: 'quantitative', title: options.y.title, ...(options.y.format !== undefined && { format: options.y.format }) },
    ...Object.keys(options.points[0]?.details ?? {}).map((field) => ({ field, title: field })),
  ];
  const layers: unknown[] = [];
  if (options.line !== undefined && options.line.points.length > 0) {
    // The line's meaning goes in the subtitle or legend of the caller; a text mark would collide with point labels.
    const line = [...options.line.points].sort((a, b) => a.x - b.x).map((point, order) => ({ ...point, order, series: options.line?.label }));
    layers.push({
      data: { values: line },
      mark: { type: 'line', color: neutralInk, strokeDash: [6, 4], strokeWidth: 1.5 },
      encoding: { x, y, order: { field: 'order', type: 'quantitative' }, tooltip: [{ field: 'series', title: 'line' }] },
    });
  }
  if (values.some((value) => value.yLow !== null && value.yHigh !== null)) {
    layers.push({
      transform: [{ filter: 'datum.yLow !== null && datum.yHigh !== null' }],
      mark: { type: 'rule', strokeWidth: 1.2 },
      encoding: { x, y: { field: 'yLow', type: 'quantitative' }, y2: { field: 'yHigh' }, color: { field: 'label', type: 'nominal', legend: null, scale: { domain: labels } } },
    });
  }
  layers.push({
    mark: { type: 'point', filled: true, size: 90, opacity: 0.9 },
    encoding: {
      x,
      y,
      color: { field: 'label', type: 'nominal', title: null, scale: { domain: labels } },
      shape: { field: 'label', type: 'nominal', title: null, scale: { domain: labels, range: [...pointShapes] } },
      tooltip,
    },
  });
  layers.push({
    transform: [{ filter: "datum.marker !== ''" }],
    mark: { type: 'point', size: 320, strokeWidth: 1.5, color: neutralInk },
    encoding: { x, y },
  });
  layers.push({
    mark: { type: 'text', align: 'left', dx: 8, dy: -6, baseline: 'bottom', fontSize: 10 },
    encoding: { x, y, text: { field: 'label' }, color: { value: neutralInk } },
  });
  layers.push({
    transform: [{ filter: "datum.marker !== ''" }],
    mark: { type: 'text', align: 'left', dx: 8, dy: 8, baseline: 'top', fontSize: 10, fontStyle: 'italic' },
    encoding: { x, y, text: { field: 'marker' }, color: { value: neutralInk } },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...frameOf(options),
    config: chartConfig(),
    data: { values },
    layer: layers,
  } as ChartSpec;
}
