import type { DashboardSummary, Headline } from '../api/dashboard-api-schema.js';
import { type ViewContext, bucketDrill, rangeWindow, stopwatch, totalsOf, unpricedNote } from './view-context.js';

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * The headline figures: spend, requests, cost per request and cache hit rate in the range, and the
 * spend of the calendar month of the range's latest call (from the 1st, whatever the range start).
 */
export async function buildSummaryView(context: ViewContext): Promise<DashboardSummary> {
  const elapsed = stopwatch();
  const { filter } = context;
  const window = rangeWindow(filter);
  const totals = await totalsOf(context);
  const drill = bucketDrill(filter, window, null);
  const headlines: Headline[] = [
    { id: 'spend', label: 'Spend', value: totals.cost, format: 'usd', detail: window.label, drill },
    { id: 'requests', label: 'Requests', value: totals.requests, format: 'count', detail: `${totals.rows.toLocaleString('en-US')} ledger rows`, drill },
    { id: 'cost-per-request', label: 'Cost per request', value: totals.requests > 0 ? totals.cost / totals.requests : null, format: 'usd', detail: 'mean over the range', drill },
    {
      id: 'cache-hit-rate',
      label: 'Cache hit rate',
      value: totals.cacheKnownRows > 0 ? totals.cacheHitRows / totals.cacheKnownRows : null,
      format: 'percent',
      detail: `${totals.cacheHitRows.toLocaleString('en-US')} of ${totals.cacheKnownRows.toLocaleString('en-US')} requests read from the cache`,
      drill,
    },
  ];
  if (totals.lastUsage !== null) {
    const last = new Date(totals.lastUsage);
    const monthStart = new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth(), 1)).toISOString();
    const month = `${monthNames[last.getUTCMonth()]} ${last.getUTCFullYear()}`;
    const { since: _since, ...unbounded } = filter;
    const monthToDate = await totalsOf({ ...context, filter: unbounded }, { since: monthStart, until: filter.until ?? new Date(last.getTime() + 1).toISOString() });
    headlines.push({
      id: 'month-to-date',
      label: `${month} to date`,
      value: monthToDate.cost,
      format: 'usd',
      detail: `1 ${month} to ${totals.lastUsage.slice(0, 10)} (latest call in range)`,
      drill: bucketDrill(unbounded, { since: monthStart, until: filter.until ?? new Date(last.getTime() + 1).toISOString(), label: month }, null),
    });
  }
  return {
    window,
    headlines,
    notes: [...unpricedNote(totals.unpricedRows), ...(totals.rows === 0 ? ['No ledger rows match the filters.'] : [])],
    queryMs: elapsed(),
  };
}

