import { buildBarChartSpec } from '../../charts/index.js';
import type { Panel } from '../api/dashboard-api-schema.js';
import { toRowFilter } from '../server/to-row-filter.js';
import { chartJson, stackDomain } from './chart-json.js';
import { type ViewContext, bucketDrill, emptyPanel, modelLabels, percent, rangeWindow, stopwatch, usd } from './view-context.js';

const base = {
  id: 'cached-vs-uncached',
  title: 'Cached vs uncached spend per model',
  columns: [
    { key: 'model', label: 'Model', format: 'text' as const },
    { key: 'cacheRead', label: 'Cache reads', format: 'usd' as const },
    { key: 'cacheWrite', label: 'Cache writes', format: 'usd' as const },
    { key: 'input', label: 'Uncached input', format: 'usd' as const },
    { key: 'output', label: 'Output', format: 'usd' as const },
    { key: 'cachedShare', label: 'Input tokens from cache', format: 'percent' as const },
    { key: 'saved', label: 'Saved by cache reads (est.)', format: 'usd' as const },
  ],
};

const parts = [
  ['cacheRead', 'cache reads'],
  ['cacheWrite', 'cache writes'],
  ['input', 'uncached input'],
  ['output', 'output'],
] as const;

/**
 * Spend view: what each model's spend went on, cached input apart from uncached. "Saved" prices
 * the cache reads at the model's own uncached input rate in the ledger (its cost per input token)
 * minus what they cost: an estimate, labelled so.
 */
export async function buildCachedSpendView(context: ViewContext): Promise<Panel> {
  const elapsed = stopwatch();
  const window = rangeWindow(context.filter);
  const found = await context.queries.aggregate({ filter: toRowFilter(context.filter), groupBy: ['modelId'] });
  if (found.length === 0) return emptyPanel(base, window, elapsed());
  const label = modelLabels(found.map((row) => row.group.modelId as string | null));
  const rows = found.map((row) => {
    const inputRate = row.inputTokens > 0 ? row.costInput / row.inputTokens : null;
    const inputSide = row.inputTokens + row.cacheReadTokens + row.cacheWrite5mTokens + row.cacheWrite1hTokens;
    return {
      model: (row.group.modelId as string | null) ?? null,
      cacheRead: row.costCacheRead,
      cacheWrite: row.costCacheWrite,
      input: row.costInput,
      output: row.costOutput,
      cachedShare: inputSide > 0 ? (row.cacheReadTokens + row.cacheWrite5mTokens + row.cacheWrite1hTokens) / inputSide : null,
      saved: inputRate === null ? null : Math.max(0, row.cacheReadTokens * inputRate - row.costCacheRead),
    };
  });
  const cached = rows.reduce((sum, row) => sum + row.cacheRead + row.cacheWrite, 0);
  const uncached = rows.reduce((sum, row) => sum + row.input, 0);
  const saved = rows.reduce((sum, row) => sum + (row.saved ?? 0), 0);
  const bars = rows.flatMap((row) => parts.map(([key, name]) => ({ category: label(row.model), value: row[key], group: name })));
  return {
    ...base,
    window,
    summary: `Input spend ${usd(cached + uncached)} (${window.label}): ${usd(cached)} on cache reads and writes, ${usd(uncached)} uncached${cached + uncached > 0 ? ` (${percent(cached / (cached + uncached))} cached)` : ''}; cache reads saved about ${usd(saved)}.`,
    chart: chartJson(
      buildBarChartSpec({
        title: 'Cached vs uncached spend per model',
        subtitle: `spend by bucket; ${window.label}`,
        categoryTitle: 'model',
        value: { title: 'Spend', unit: 'USD', format: '$,.2f', domain: stackDomain(bars) },
        bars,
      }),
    ),
    chartKind: 'bar',
    rows: rows.map((row) => ({
      cells: { ...row, model: row.model ?? '(unknown model)' },
      drill: bucketDrill(context.filter, window, null, row.model === null ? {} : { model: [row.model] }),
      chartKeys: parts.map(([, name]) => `${label(row.model)}|${name}`),
    })),
    notes: rows.some((row) => row.saved !== null && row.saved > 0) ? ['Saved (est.): cache-read tokens at the model’s uncached input cost per token in this ledger, minus what the reads cost.'] : [],
    queryMs: elapsed(),
  };
}
