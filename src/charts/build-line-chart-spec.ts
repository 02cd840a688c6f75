import { type AxisOptions, type ChartFrame, type ChartSpec, axisTitle, chartConfig, frameOf, positional } from './chart-spec.js';

export interface LineChartOptions extends ChartFrame {
  /** `x` is a number, or an ISO date-time when `time` is set. */
  points: readonly { x: number | string; y: number; series: string }[];
  x: AxisOptions & { time?: boolean };
  y: AxisOptions;
}

/** Lines per series over x (spend per day, calls per minute), with points so single values show. */
export function buildLineChartSpec(options: LineChartOptions): ChartSpec {
  const x = options.x.time === true
    ? { field: 'x', type: 'temporal', title: axisTitle(options.x), ...(options.x.format !== undefined && { axis: { format: options.x.format } }) }
    : { field: 'x', type: 'quantitative', ...positional(options.x) };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...frameOf(options),
    config: chartConfig(),
    data: { values: options.points.map((point) => ({ ...point })) },
    mark: { type: 'line', point: true },
    encoding: {
      x,
      y: { field: 'y', type: 'quantitative', ...positional(options.y) },
      color: { field: 'series', type: 'nominal', title: null },
      tooltip: [{ field: 'series' }, { field: 'x' }, { field: 'y', type: 'quantitative', ...(options.y.format !== undefined && { format: options.y.format }) }],
    },
  } as ChartSpec;
}
