import { shortenModelIds } from '../../bench/report/shorten-model-ids.js';
import type { AggregateMeasures, AggregateRow } from '../../ledger/index.js';
import type { DashboardFilter } from '../api/dashboard-filter-schema.js';
import { compact, formatDollars } from '../api/format-cell.js';
import type { Drill, Panel } from '../api/dashboard-api-schema.js';
import type { CachedQueries } from '../server/create-cached-queries.js';
import { toRowFilter } from '../server/to-row-filter.js';

export interface ViewContext {
  queries: CachedQueries;
  filter: DashboardFilter;
}

/** The period a view covers, as ISO times (null: open-ended). */
export interface ViewWindow {
  since: string | null;
  until: string | null;
  label: string;
}

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

const day = (iso: string): string => iso.slice(0, 10);
const later = (a: string | null | undefined, b: string | null | undefined): string | null => (a == null ? (b ?? null) : b == null ? a : a > b ? a : b);
const earlier = (a: string | null | undefined, b: string | null | undefined): string | null => (a == null ? (b ?? null) : b == null ? a : a < b ? a : b);

function describe(since: string | null, until: string | null): string {
  if (since === null && until === null) return 'all time';
  const end = until === null ? null : day(new Date(Date.parse(until) - 1).toISOString());
  if (since === null) return `up to ${end} (UTC)`;
  if (end === null) return `from ${day(since)} (UTC)`;
  return day(since) === end ? `${end} (UTC)` : `${day(since)} to ${end} (UTC)`;
}

/** Totals for the filter (memoised, so every view asking for the last usage shares one query). */
export async function totalsOf(context: ViewContext, extra: Partial<DashboardFilter> = {}): Promise<AggregateMeasures> {
  const [row] = await context.queries.aggregate({ filter: toRowFilter({ ...context.filter, ...extra }) });
  return row ?? emptyMeasures;
}

/** The selected range as it is. */
export function rangeWindow(filter: DashboardFilter): ViewWindow {
  return { since: filter.since ?? null, until: filter.until ?? null, label: describe(filter.since ?? null, filter.until ?? null) };
}

/**
 * The last `size` days (or hours) of the selected range that hold data: the window ends at the
 * range's latest call, rounded up to the day (hour), so a ledger whose traffic stopped last week
 * still shows its last two weeks instead of empty days. Null when the range has no rows.
 */
export async function trailingWindow(context: ViewContext, size: number, unit: 'day' | 'hour'): Promise<ViewWindow | null> {
  const { lastUsage } = await totalsOf(context);
  if (lastUsage === null) return null;
  const step = unit === 'day' ? dayMs : hourMs;
  const end = (Math.floor(Date.parse(lastUsage) / step) + 1) * step;
  const until = earlier(new Date(end).toISOString(), context.filter.until);
  const since = later(new Date(end - size * step).toISOString(), context.filter.since);
  const span = unit === 'day' ? `${size} days` : `${size} hours`;
  return { since, until, label: `last ${span}: ${describe(since, until)}` };
}

/** The filter narrowed to a window. */
export function within(filter: DashboardFilter, window: ViewWindow): DashboardFilter {
  return { ...filter, ...(window.since !== null && { since: window.since }), ...(window.until !== null && { until: window.until }) };
}

/**
 * The drill-down for one time bucket (`2026-07-03`, `2026-07-03T14:00:00Z`, `2026-07`) inside a
 * window, plus any dimension values: exactly the rows the bucket's numbers were summed from.
 */
export function bucketDrill(filter: DashboardFilter, window: ViewWindow, period: string | null, extra: Partial<DashboardFilter> = {}): Drill {
  let since = window.since;
  let until = window.until;
  if (period !== null) {
    const start = period.length === 7 ? `${period}-01T00:00:00.000Z` : period.length === 10 ? `${period}T00:00:00.000Z` : new Date(period).toISOString();
    const next = new Date(start);
    if (period.length === 7) next.setUTCMonth(next.getUTCMonth() + 1);
    else next.setTime(next.getTime() + (period.length === 10 ? dayMs : hourMs));
    since = later(start, since);
    until = earlier(next.toISOString(), until);
  }
  const drill: Drill = { ...filter, ...extra };
  if (since !== null) drill.since = since;
  if (until !== null) drill.until = until;
  return drill;
}

/** Chart labels for model ids (the bench charts' rule: `claude-sonnet-4`); tables keep full ids. */
export function modelLabels(ids: readonly (string | null | undefined)[]): (id: string | null | undefined) => string {
  const known = [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
  const short = shortenModelIds(known);
  return (id) => (id === null || id === undefined ? '(unknown model)' : (short.get(id) ?? id));
}

/** The group value as text (`(none)` for a null column, e.g. rows without a team). */
export function groupText(row: Pick<AggregateRow, 'group'>, key: keyof AggregateRow['group']): string | null {
  const value = row.group[key];
  return value === null || value === undefined ? null : String(value);
}

export const usd = formatDollars;
export const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;
export const tokens = (count: number): string => `${compact(count)} tokens`;

/** A note when some rows have no price, since their cost is missing from every sum. */
export function unpricedNote(unpricedRows: number): string[] {
  return unpricedRows > 0 ? [`${unpricedRows.toLocaleString('en-US')} rows have no known price: the costs shown leave them out (at least this much was spent).`] : [];
}

export function emptyPanel(base: Pick<Panel, 'id' | 'title' | 'columns'>, window: ViewWindow | null, queryMs: number): Panel {
  return {
    ...base,
    window: window ?? { since: null, until: null, label: 'no data' },
    summary: 'No ledger rows match the filters.',
    chart: null,
    chartKind: null,
    rows: [],
    notes: [],
    queryMs,
  };
}

export const emptyMeasures: AggregateMeasures = {
  rows: 0,
  requests: 0,
  inputTokens: 0,
  cacheReadTokens: 0,
  cacheWrite5mTokens: 0,
  cacheWrite1hTokens: 0,
  outputTokens: 0,
  cost: 0,
  unpricedRows: 0,
  billedCost: null,
  catalogCost: null,
  costInput: 0,
  costCacheRead: 0,
  costCacheWrite: 0,
  costOutput: 0,
  cacheHitRows: 0,
  cacheKnownRows: 0,
  uncappedRows: 0,
  firstUsage: null,
  lastUsage: null,
};

/** Wall time of the ledger work in a view. */
export function stopwatch(): () => number {
  const started = performance.now();
  return () => Math.round(performance.now() - started);
}
