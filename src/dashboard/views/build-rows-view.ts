import type { RowsQuery } from '../api/dashboard-filter-schema.js';
import type { RowsPage } from '../api/dashboard-api-schema.js';
import { toRowFilter } from '../server/to-row-filter.js';
import { type ViewContext, stopwatch } from './view-context.js';

/** Drill-down: one page of the ledger rows behind a number, with how many there are in all. */
export async function buildRowsView(context: ViewContext, query: RowsQuery): Promise<RowsPage> {
  const elapsed = stopwatch();
  const { limit, offset, order, ...filter } = query;
  const rowFilter = toRowFilter(filter);
  // The row count alone: a distribution of a NOT NULL column counts every matching row with three
  // cheap aggregates, where a full aggregate would sum twenty measures to throw them away.
  const [counted, rows] = await Promise.all([
    context.queries.distribution({ measure: 'inputTokens', filter: rowFilter, quantiles: [] }),
    context.queries.listRequests({ filter: rowFilter, limit, offset, orderBy: order }),
  ]);
  return {
    filter,
    total: counted[0]?.count ?? 0,
    offset,
    limit,
    rows: rows.map((row) => ({
      time: row.usageStart,
      source: row.source,
      requestId: row.requestId,
      provider: row.provider,
      model: row.modelId,
      task: row.task,
      team: row.team,
      inputTokens: row.inputTokens,
      cacheReadTokens: row.cacheReadTokens,
      cacheWriteTokens: row.cacheWrite5mTokens + row.cacheWrite1hTokens,
      outputTokens: row.outputTokens,
      cost: row.cost,
      latencyMs: row.latencyMs,
      cacheHit: row.cacheHit,
      preview: row.requestPreview,
    })),
    queryMs: elapsed(),
  };
}
