import { type AxisOptions, type ChartFrame, type ChartSpec, chartConfig, frameOf, positional } from './chart-spec.js';

export interface BarChartOptions extends ChartFrame {
  bars: readonly { category: string; value: number; group?: string }[];
  value: AxisOptions;
  categoryTitle: string;
}

/** Horizontal bars per category, optionally stacked by group (cost by bucket, spend by team). */
export function buildBarChartSpec(options: BarChartOptions): ChartSpec {
  const categories = [...new Set(options.bars.map((bar) => bar.category))];
  const grouped = options.bars.some((bar) => bar.group !== undefined);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...frameOf({ ...options, height: options.height ?? Math.max(120, 28 * categories.length) }),
    config: chartConfig(),
    data: { values: options.bars.map((bar) => ({ ...bar, group: bar.group ?? bar.category })) },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'value', type: 'quantitative', stack: grouped ? 'zero' : null, ...positional({ ...options.value, domain: options.value.domain ?? [0, Math.max(0, ...options.bars.map((bar) => bar.value))] }) },
      y: { field: 'category', type: 'nominal', title: options.categoryTitle, sort: categories, axis: { labelLimit: 320 } },
      color: { field: 'group', type: 'nominal', title: null, ...(!grouped && { legend: null }) },
      tooltip: [{ field: 'category' }, { field: 'group' }, { field: 'value', type: 'quantitative', ...(options.value.format !== undefined && { format: options.value.format }) }],
    },
  } as ChartSpec;
}
