import { buildBarChartSpec } from '../../charts/index.js';
import type { Panel } from '../api/dashboard-api-schema.js';
import { toRowFilter } from '../server/to-row-filter.js';
import { chartJson, stackDomain } from './chart-json.js';
import { type ViewContext, bucketDrill, emptyPanel, rangeWindow, stopwatch, unpricedNote, usd } from './view-context.js';

const base = {
  id: 'spend-by-provider-month',
  title: 'Spend by provider per month',
  columns: [
    { key: 'month', label: 'Month (UTC)', format: 'text' as const },
    { key: 'provider', label: 'Provider', format: 'text' as const },
    { key: 'cost', label: 'Spend', format: 'usd' as const },
    { key: 'rows', label: 'Ledger rows', format: 'count' as const },
  ],
};

/** Spend view: each provider's spend per calendar month (stacked), over the selected range. */
export async function buildMonthlySpendView(context: ViewContext): Promise<Panel> {
  const elapsed = stopwatch();
  const window = rangeWindow(context.filter);
  const rows = await context.queries.spendByProviderMonth(toRowFilter(context.filter));
  if (rows.length === 0) return emptyPanel(base, window, elapsed());
  const months = new Map<string, number>();
  for (const row of rows) months.set(row.month, (months.get(row.month) ?? 0) + row.cost);
  const [lastMonth, lastCost] = [...months].at(-1) as [string, number];
  const bars = rows.map((row) => ({ category: row.month, value: row.cost, group: row.provider }));
  return {
    ...base,
    window,
    summary: `${usd(rows.reduce((sum, row) => sum + row.cost, 0))} over ${months.size} month${months.size === 1 ? '' : 's'} (${window.label}); ${lastMonth}: ${usd(lastCost)} across ${new Set(rows.filter((row) => row.month === lastMonth).map((row) => row.provider)).size} provider(s).`,
    chart: chartJson(
      buildBarChartSpec({
        title: 'Spend by provider per month',
        subtitle: window.label,
        categoryTitle: 'month (UTC)',
        value: { title: 'Spend', unit: 'USD', format: '$,.2f', domain: stackDomain(bars) },
        bars,
      }),
    ),
    chartKind: 'bar',
    rows: rows.map((row) => ({
      cells: { month: row.month, provider: row.provider, cost: row.cost, rows: row.rows },
      drill: bucketDrill(context.filter, window, row.month, { provider: [row.provider] }),
      chartKeys: [`${row.month}|${row.provider}`],
    })),
    notes: unpricedNote(rows.reduce((sum, row) => sum + row.unpricedRows, 0)),
    queryMs: elapsed(),
  };
}
