import { type AxisOptions, type ChartFrame, type ChartSpec, chartConfig, frameOf, positional } from './chart-spec.js';

export interface DistributionChartOptions extends ChartFrame {
  /** One value per observation, grouped by category (a model, a task). */
  observations: readonly { category: string; value: number }[];
  value: AxisOptions;
  categoryTitle: string;
}

/**
 * The spread of a measure per category: a box plot (quartiles, whiskers to the 1.5 IQR rule)
 * over the individual observations as ticks, so skew and outliers stay visible. Categories are
 * rows, which keeps long model ids readable.
 */
export function buildDistributionChartSpec(options: DistributionChartOptions): ChartSpec {
  const categories = [...new Set(options.observations.map((observation) => observation.category))];
  const value = { field: 'value', type: 'quantitative', ...positional(options.value) };
  const category = { field: 'category', type: 'nominal', title: options.categoryTitle, sort: categories, axis: { labelLimit: 320 } };
  const frame = frameOf({ ...options, height: options.height ?? Math.max(120, 46 * categories.length) });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...frame,
    config: chartConfig(),
    data: { values: options.observations.map((observation) => ({ ...observation })) },
    layer: [
      {
        mark: { type: 'tick', opacity: 0.35, thickness: 1 },
        encoding: { x: value, y: category, color: { field: 'category', type: 'nominal', legend: null, scale: { domain: categories } } },
      },
      {
        mark: { type: 'boxplot', extent: 1.5, opacity: 0.55, size: 18, median: { color: 'black' } },
        encoding: { x: value, y: category, color: { field: 'category', type: 'nominal', legend: null, scale: { domain: categories } } },
      },
    ],
  } as ChartSpec;
}
