import { z } from 'zod';

/**
 * The dashboard's filters as they travel in a URL (`?since=...&provider=bedrock&provider=openai`)
 * and inside drill-down links. Shared by the server (which turns them into a ledger RowFilter) and
 * the page (which builds the links), so both sides agree on every name. Imports nothing but zod:
 * the page bundles this file.
 */
const instant = z
  .string()
  .trim()
  .refine((value) => /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) && !Number.isNaN(Date.parse(value)), 'an ISO-8601 date (2026-07-01) or time (2026-07-01T12:00:00Z)')
  .transform((value) => new Date(value.length === 10 ? `${value}T00:00:00Z` : value).toISOString());

const names = z.array(z.string().trim().min(1).max(200)).max(50);

/** `calls`: model calls (invocation logs, gateway, OTel, batch); `billing`: CUR / FOCUS line items. Never both: they describe the same spend twice. */
export const dashboardBases = ['calls', 'billing'] as const;
export type DashboardBasis = (typeof dashboardBases)[number];

export const dashboardFilterSchema = z.strictObject({
  /** Inclusive start, exclusive end (UTC). */
  since: instant.optional(),
  until: instant.optional(),
  provider: names.optional(),
  family: names.optional(),
  task: names.optional(),
  team: names.optional(),
  /** Canonical model ids (drill-down from a per-model number). */
  model: names.optional(),
  /** Pricing modes and caller ARNs: a review finding's or an alarm's evidence names them. */
  mode: z.array(z.enum(['on-demand', 'batch', 'provisioned', 'flex', 'priority'])).max(5).optional(),
  caller: names.optional(),
  /** Exact request ids (a finding's example calls). */
  request: names.optional(),
  basis: z.enum(dashboardBases).default('calls'),
});
export type DashboardFilter = z.output<typeof dashboardFilterSchema>;
/** A filter as written in a link: every field optional, times as given. */
export type DashboardFilterInput = z.input<typeof dashboardFilterSchema>;

export const rowsOrders = ['time', 'cost', 'outputTokens', 'inputTokens'] as const;

/**
 * Drill-down pages start at most 1,000 rows in: paging by offset makes the database sort and skip
 * that many rows for every page (on a million-row range, offset 10,000 cost ~600 ms of CPU, offset
 * 1,000 a fraction), and nobody reads row 50,000 of a list. Narrow the filters, or sort by cost or
 * tokens to see the rows that matter first.
 */
export const maxRowsOffset = 1_000;

/** `/api/rows`: the filter plus a page. */
export const rowsQuerySchema = dashboardFilterSchema.extend({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(maxRowsOffset, `at most ${maxRowsOffset.toLocaleString('en-US')}: narrow the filters or sort by cost to reach the rows that matter`).default(0),
  order: z.enum(rowsOrders).default('time'),
});
export type RowsQuery = z.output<typeof rowsQuerySchema>;

const listKeys = new Set(['provider', 'family', 'task', 'team', 'model', 'mode', 'caller', 'request']);

/**
 * URL search parameters as the object the schemas read: list filters keep every repeated value,
 * the rest keep their last value. Empty values are dropped, so an unset `<select>` means "all".
 */
export function readSearchParams(entries: Iterable<[string, string]>): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [key, value] of entries) {
    if (value === '') continue;
    if (listKeys.has(key)) result[key] = [...((result[key] as string[] | undefined) ?? []), value];
    else result[key] = value;
  }
  return result;
}

/** The inverse of `readSearchParams`, for links and fetches. */
export function writeSearchParams(filter: Record<string, unknown>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
    else params.append(key, String(value));
  }
  return params;
}
