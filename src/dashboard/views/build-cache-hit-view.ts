import { buildLineChartSpec } from '../../charts/index.js';
import type { Panel } from '../api/dashboard-api-schema.js';
import { toRowFilter } from '../server/to-row-filter.js';
import { chartJson } from './chart-json.js';
import { type ViewContext, bucketDrill, emptyPanel, modelLabels, percent, rangeWindow, stopwatch } from './view-context.js';

const base = {
  id: 'cache-hit-rate',
  title: 'Cache hit rate over time',
  columns: [
    { key: 'day', label: 'Day (UTC)', format: 'text' as const },
    { key: 'model', label: 'Model', format: 'text' as const },
    { key: 'hitRate', label: 'Hit rate (requests)', format: 'percent' as const },
    { key: 'hits', label: 'Requests reading the cache', format: 'count' as const },
    { key: 'known', label: 'Requests', format: 'count' as const },
    { key: 'readShare', label: 'Input tokens read from cache', format: 'percent' as const },
  ],
};

/**
 * Weekly panel 3: the share of requests that read from the prompt cache, per model and day. Only
 * rows that can tell (cacheHit known) count, so billing rows do not dilute it. The same aggregate
 * as the daily cost panel, so the two share one ledger query.
 */
export async function buildCacheHitView(context: ViewContext): Promise<Panel> {
  const elapsed = stopwatch();
  const window = rangeWindow(context.filter);
  const found = await context.queries.aggregate({ filter: toRowFilter(context.filter), grain: 'day', groupBy: ['modelId'], orderBy: 'period' });
  const rows = found.filter((row) => row.cacheKnownRows > 0);
  if (rows.length === 0) return emptyPanel(base, window, elapsed());
  const label = modelLabels(rows.map((row) => row.group.modelId as string | null));
  const hits = rows.reduce((sum, row) => sum + row.cacheHitRows, 0);
  const known = rows.reduce((sum, row) => sum + row.cacheKnownRows, 0);
  const first = rows[0] as (typeof rows)[number];
  const last = rows[rows.length - 1] as (typeof rows)[number];
  const rate = (row: (typeof rows)[number]): number => row.cacheHitRows / row.cacheKnownRows;
  const inputSide = (row: (typeof rows)[number]): number => row.inputTokens + row.cacheReadTokens + row.cacheWrite5mTokens + row.cacheWrite1hTokens;
  return {
    ...base,
    window,
    summary: `${percent(hits / known)} of ${known.toLocaleString('en-US')} requests read from the prompt cache (${window.label}); ${first.period} ${percent(rate(first))}, ${last.period} ${percent(rate(last))}${rows.length > 1 && new Set(rows.map((row) => row.group.modelId)).size > 1 ? ' (first and last model-day shown)' : ''}.`,
    chart: chartJson(
      buildLineChartSpec({
        title: 'Cache hit rate over time',
        subtitle: `share of requests that read from the prompt cache; ${window.label}`,
        x: { title: 'Day', unit: 'UTC', time: true },
        y: { title: 'Hit rate', unit: 'share of requests', format: '.0%', domain: [0, 1] },
        points: rows.map((row) => ({ x: row.period ?? '', y: rate(row), series: label(row.group.modelId as string | null) })),
      }),
    ),
    chartKind: 'line',
    rows: rows.map((row) => ({
      cells: {
        day: row.period ?? '',
        model: (row.group.modelId as string | null) ?? '(unknown model)',
        hitRate: rate(row),
        hits: row.cacheHitRows,
        known: row.cacheKnownRows,
        readShare: inputSide(row) > 0 ? row.cacheReadTokens / inputSide(row) : null,
      },
      drill: bucketDrill(context.filter, window, row.period ?? null, row.group.modelId == null ? {} : { model: [String(row.group.modelId)] }),
      chartKeys: [`${label(row.group.modelId as string | null)}|${row.period ?? ''}`],
    })),
    notes: [],
    queryMs: elapsed(),
  };
}
