import { buildLineChartSpec } from '../../charts/index.js';
import type { Panel } from '../api/dashboard-api-schema.js';
import { toRowFilter } from '../server/to-row-filter.js';
import { chartJson } from './chart-json.js';
import { type ViewContext, bucketDrill, emptyPanel, stopwatch, tokens, trailingWindow, within } from './view-context.js';

const base = {
  id: 'hourly-tokens-by-provider',
  title: 'Hourly tokens by provider (2 days)',
  columns: [
    { key: 'hour', label: 'Hour (UTC)', format: 'time' as const },
    { key: 'provider', label: 'Provider', format: 'text' as const },
    { key: 'total', label: 'All tokens', format: 'tokens' as const },
    { key: 'input', label: 'Uncached input', format: 'tokens' as const },
    { key: 'cacheRead', label: 'Cache read', format: 'tokens' as const },
    { key: 'cacheWrite', label: 'Cache write', format: 'tokens' as const },
    { key: 'output', label: 'Output', format: 'tokens' as const },
  ],
};

/** Spend view: tokens per provider per UTC hour over the last 48 hours of the range (arrival pattern, peaks). */
export async function buildHourlyTokensView(context: ViewContext): Promise<Panel> {
  const elapsed = stopwatch();
  const window = await trailingWindow(context, 48, 'hour');
  if (window === null) return emptyPanel(base, window, elapsed());
  const found = await context.queries.hourlyTokensByProvider(toRowFilter(within(context.filter, window)));
  if (found.length === 0) return emptyPanel(base, window, elapsed());
  const rows = found.map((row) => ({ ...row, total: row.inputTokens + row.cacheReadTokens + row.cacheWriteTokens + row.outputTokens }));
  const peak = rows.reduce((best, row) => (row.total > best.total ? row : best));
  return {
    ...base,
    window,
    summary: `${tokens(rows.reduce((sum, row) => sum + row.total, 0))} in ${new Set(rows.map((row) => row.hour)).size} active hours (${window.label}); the busiest hour was ${peak.hour.slice(0, 13).replace('T', ' ')}:00 UTC with ${tokens(peak.total)} on ${peak.provider}.`,
    chart: chartJson(
      buildLineChartSpec({
        title: 'Hourly tokens by provider',
        subtitle: `input, cache and output tokens; ${window.label}`,
        x: { title: 'Hour', unit: 'UTC', time: true, format: '%d %b %H:00' },
        y: { title: 'Tokens', unit: 'tokens per hour', format: '~s' },
        points: rows.map((row) => ({ x: row.hour, y: row.total, series: row.provider })),
      }),
    ),
    chartKind: 'line',
    rows: rows.map((row) => ({
      cells: { hour: row.hour, provider: row.provider, total: row.total, input: row.inputTokens, cacheRead: row.cacheReadTokens, cacheWrite: row.cacheWriteTokens, output: row.outputTokens },
      drill: bucketDrill(context.filter, window, row.hour, { provider: [row.provider] }),
      chartKeys: [`${row.provider}|${row.hour}`],
    })),
    notes: [],
    queryMs: elapsed(),
  };
}
