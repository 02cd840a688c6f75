import { buildLineChartSpec } from '../../charts/index.js';
import type { Panel } from '../api/dashboard-api-schema.js';
import { toRowFilter } from '../server/to-row-filter.js';
import { chartJson } from './chart-json.js';
import { type ViewContext, bucketDrill, emptyPanel, stopwatch, trailingWindow, unpricedNote, usd, within } from './view-context.js';

const base = {
  id: 'cost-by-family-day',
  title: 'Cost by model family per day (14 days)',
  columns: [
    { key: 'day', label: 'Day (UTC)', format: 'text' as const },
    { key: 'family', label: 'Model family', format: 'text' as const },
    { key: 'cost', label: 'Cost', format: 'usd' as const },
    { key: 'rows', label: 'Ledger rows', format: 'count' as const },
  ],
};

/** Spend view: cost per model family per day over the last 14 days of the range. */
export async function buildFamilyCostView(context: ViewContext): Promise<Panel> {
  const elapsed = stopwatch();
  const window = await trailingWindow(context, 14, 'day');
  if (window === null) return emptyPanel(base, window, elapsed());
  const rows = await context.queries.costByModelFamilyDay(toRowFilter(within(context.filter, window)));
  if (rows.length === 0) return emptyPanel(base, window, elapsed());
  const family = (name: string | null): string => name ?? '(unknown family)';
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(family(row.modelFamily), (totals.get(family(row.modelFamily)) ?? 0) + row.cost);
  const [topFamily, topCost] = [...totals].reduce((best, entry) => (entry[1] > best[1] ? entry : best));
  return {
    ...base,
    window,
    summary: `${usd(rows.reduce((sum, row) => sum + row.cost, 0))} across ${totals.size} model famil${totals.size === 1 ? 'y' : 'ies'} (${window.label}); ${topFamily} cost the most at ${usd(topCost)}.`,
    chart: chartJson(
      buildLineChartSpec({
        title: 'Cost by model family per day',
        subtitle: window.label,
        x: { title: 'Day', unit: 'UTC', time: true },
        y: { title: 'Cost', unit: 'USD', format: '$,.2f' },
        points: rows.map((row) => ({ x: row.day, y: row.cost, series: family(row.modelFamily) })),
      }),
    ),
    chartKind: 'line',
    rows: rows.map((row) => ({
      cells: { day: row.day, family: family(row.modelFamily), cost: row.cost, rows: row.rows },
      drill: bucketDrill(context.filter, window, row.day, row.modelFamily === null ? {} : { family: [row.modelFamily] }),
      chartKeys: [`${family(row.modelFamily)}|${row.day}`],
    })),
    notes: unpricedNote(rows.reduce((sum, row) => sum + row.unpricedRows, 0)),
    queryMs: elapsed(),
  };
}
