import { buildBarChartSpec } from '../../charts/index.js';
import type { Panel } from '../api/dashboard-api-schema.js';
import { toRowFilter } from '../server/to-row-filter.js';
import { chartJson } from './chart-json.js';
import { type ViewContext, bucketDrill, emptyPanel, modelLabels, rangeWindow, stopwatch } from './view-context.js';

const base = {
  id: 'latency-by-model',
  title: 'p50 / p95 latency by model',
  columns: [
    { key: 'model', label: 'Model', format: 'text' as const },
    { key: 'p50', label: 'p50 latency', format: 'ms' as const },
    { key: 'p95', label: 'p95 latency', format: 'ms' as const },
    { key: 'max', label: 'Slowest', format: 'ms' as const },
    { key: 'calls', label: 'Calls with a latency', format: 'count' as const },
  ],
};

/** Weekly panel 4: median and 95th percentile of total call latency per model (quantiles computed in the database). */
export async function buildLatencyView(context: ViewContext): Promise<Panel> {
  const elapsed = stopwatch();
  const window = rangeWindow(context.filter);
  const rows = await context.queries.distribution({ measure: 'latencyMs', filter: toRowFilter(context.filter), groupBy: ['modelId'], quantiles: [0.5, 0.95] });
  if (rows.length === 0) return emptyPanel(base, window, elapsed());
  const label = modelLabels(rows.map((row) => row.group.modelId as string | null));
  const ms = (value: number | undefined): number => Math.round(value ?? 0);
  const slowest = rows.reduce((best, row) => ((row.quantiles[1] ?? 0) > (best.quantiles[1] ?? 0) ? row : best));
  return {
    ...base,
    window,
    summary: `${rows.length} model${rows.length === 1 ? '' : 's'} (${window.label}); the slowest at p95 is ${label(slowest.group.modelId as string | null)}: p50 ${ms(slowest.quantiles[0]).toLocaleString('en-US')} ms, p95 ${ms(slowest.quantiles[1]).toLocaleString('en-US')} ms over ${slowest.count.toLocaleString('en-US')} calls.`,
    chart: chartJson(
      buildBarChartSpec({
        title: 'p50 / p95 latency by model',
        subtitle: `total call latency; ${window.label}`,
        categoryTitle: 'model · percentile',
        value: { title: 'Latency', unit: 'ms', format: ',.0f' },
        bars: rows.flatMap((row) => [
          { category: `${label(row.group.modelId as string | null)} · p50`, value: ms(row.quantiles[0]), group: 'p50' },
          { category: `${label(row.group.modelId as string | null)} · p95`, value: ms(row.quantiles[1]), group: 'p95' },
        ]),
      }),
    ),
    chartKind: 'bar',
    rows: rows.map((row) => ({
      cells: { model: (row.group.modelId as string | null) ?? '(unknown model)', p50: ms(row.quantiles[0]), p95: ms(row.quantiles[1]), max: row.max === null ? null : Math.round(row.max), calls: row.count },
      drill: bucketDrill(context.filter, window, null, row.group.modelId == null ? {} : { model: [String(row.group.modelId)] }),
      chartKeys: ['p50', 'p95'].map((quantile) => `${label(row.group.modelId as string | null)} · ${quantile}|${quantile}`),
    })),
    notes: [],
    queryMs: elapsed(),
  };
}
