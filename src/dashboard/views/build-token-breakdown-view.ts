import { buildBarChartSpec } from '../../charts/index.js';
import type { Panel } from '../api/dashboard-api-schema.js';
import { toRowFilter } from '../server/to-row-filter.js';
import { chartJson, stackDomain } from './chart-json.js';
import { type ViewContext, bucketDrill, emptyPanel, modelLabels, stopwatch, tokens, trailingWindow, within } from './view-context.js';

const base = {
  id: 'tokens-by-model',
  title: 'Tokens by model and bucket (30 days)',
  columns: [
    { key: 'model', label: 'Model', format: 'text' as const },
    { key: 'input', label: 'Uncached input', format: 'tokens' as const },
    { key: 'cacheRead', label: 'Cache read', format: 'tokens' as const },
    { key: 'cacheWrite', label: 'Cache write', format: 'tokens' as const },
    { key: 'output', label: 'Output', format: 'tokens' as const },
    { key: 'cost', label: 'Cost', format: 'usd' as const },
  ],
};

const buckets = [
  ['input', 'uncached input'],
  ['cacheRead', 'cache read'],
  ['cacheWrite', 'cache write'],
  ['output', 'output'],
] as const;

/** Spend view: each model's tokens split by bucket (uncached input, cache read, cache write, output) over the last 30 days. */
export async function buildTokenBreakdownView(context: ViewContext): Promise<Panel> {
  const elapsed = stopwatch();
  const window = await trailingWindow(context, 30, 'day');
  if (window === null) return emptyPanel(base, window, elapsed());
  const found = await context.queries.tokensByModel(toRowFilter(within(context.filter, window)));
  if (found.length === 0) return emptyPanel(base, window, elapsed());
  const label = modelLabels(found.map((row) => row.modelId));
  const rows = found.map((row) => ({ ...row, cacheWrite: row.cacheWrite5mTokens + row.cacheWrite1hTokens, input: row.inputTokens, cacheRead: row.cacheReadTokens, output: row.outputTokens }));
  const sum = (key: 'input' | 'cacheRead' | 'cacheWrite' | 'output'): number => rows.reduce((total, row) => total + row[key], 0);
  const bars = rows.flatMap((row) => buckets.map(([key, name]) => ({ category: label(row.modelId), value: row[key], group: name })));
  return {
    ...base,
    window,
    summary: `${rows.length} model${rows.length === 1 ? '' : 's'} (${window.label}): ${tokens(sum('input'))} uncached input, ${tokens(sum('cacheRead'))} read from cache, ${tokens(sum('cacheWrite'))} written to cache, ${tokens(sum('output'))} output.`,
    chart: chartJson(
      buildBarChartSpec({
        title: 'Tokens by model and bucket',
        subtitle: window.label,
        categoryTitle: 'model',
        value: { title: 'Tokens', unit: 'tokens', format: '~s', domain: stackDomain(bars) },
        bars,
      }),
    ),
    chartKind: 'bar',
    rows: rows.map((row) => ({
      cells: { model: row.modelId ?? '(unknown model)', input: row.input, cacheRead: row.cacheRead, cacheWrite: row.cacheWrite, output: row.output, cost: row.cost },
      drill: bucketDrill(context.filter, window, null, row.modelId === null ? {} : { model: [row.modelId] }),
      chartKeys: buckets.map(([, name]) => `${label(row.modelId)}|${name}`),
    })),
    notes: [],
    queryMs: elapsed(),
  };
}
