import { buildLineChartSpec } from '../../charts/index.js';
import type { Panel } from '../api/dashboard-api-schema.js';
import { toRowFilter } from '../server/to-row-filter.js';
import { chartJson } from './chart-json.js';
import { type ViewContext, bucketDrill, emptyPanel, modelLabels, rangeWindow, stopwatch, unpricedNote, usd } from './view-context.js';

const base = {
  id: 'daily-cost-by-model',
  title: 'Daily cost by model',
  columns: [
    { key: 'day', label: 'Day (UTC)', format: 'text' as const },
    { key: 'model', label: 'Model', format: 'text' as const },
    { key: 'cost', label: 'Cost', format: 'usd' as const },
    { key: 'requests', label: 'Requests', format: 'count' as const },
    { key: 'costPerRequest', label: 'Cost per request', format: 'usd' as const },
  ],
};

/** Weekly panel 1: what each model cost per UTC day over the selected range. */
export async function buildDailyCostView(context: ViewContext): Promise<Panel> {
  const elapsed = stopwatch();
  const window = rangeWindow(context.filter);
  const rows = await context.queries.aggregate({ filter: toRowFilter(context.filter), grain: 'day', groupBy: ['modelId'], orderBy: 'period' });
  if (rows.length === 0) return emptyPanel(base, window, elapsed());
  const label = modelLabels(rows.map((row) => row.group.modelId as string | null));
  const total = rows.reduce((sum, row) => sum + row.cost, 0);
  const byDay = new Map<string, number>();
  for (const row of rows) byDay.set(row.period ?? '', (byDay.get(row.period ?? '') ?? 0) + row.cost);
  const [peakDay, peakCost] = [...byDay].reduce((best, entry) => (entry[1] > best[1] ? entry : best));
  const days = byDay.size;
  return {
    ...base,
    window,
    summary: `${usd(total)} over ${days} day${days === 1 ? '' : 's'} (${window.label}), ${usd(total / days)} a day on average; the most expensive day was ${peakDay} at ${usd(peakCost)}.`,
    chart: chartJson(
      buildLineChartSpec({
        title: 'Daily cost by model',
        subtitle: window.label,
        x: { title: 'Day', unit: 'UTC', time: true },
        y: { title: 'Cost', unit: 'USD', format: '$,.2f' },
        points: rows.map((row) => ({ x: row.period ?? '', y: row.cost, series: label(row.group.modelId as string | null) })),
      }),
    ),
    chartKind: 'line',
    rows: rows.map((row) => ({
      cells: { day: row.period ?? '', model: (row.group.modelId as string | null) ?? '(unknown model)', cost: row.cost, requests: row.requests, costPerRequest: row.requests > 0 ? row.cost / row.requests : null },
      drill: bucketDrill(context.filter, window, row.period ?? null, row.group.modelId == null ? {} : { model: [String(row.group.modelId)] }),
      chartKeys: [`${label(row.group.modelId as string | null)}|${row.period ?? ''}`],
    })),
    notes: unpricedNote(rows.reduce((sum, row) => sum + row.unpricedRows, 0)),
    queryMs: elapsed(),
  };
}
