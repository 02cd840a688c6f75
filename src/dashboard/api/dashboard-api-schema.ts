import { z } from 'zod';
import { dashboardBases, dashboardFilterSchema } from './dashboard-filter-schema.js';

/**
 * What the dashboard API answers, as zod schemas: the server's tests parse every response with
 * them and the page parses what it fetches, so a change on one side fails loudly on the other.
 * Imports nothing but zod (the page bundles this file).
 */

/** How the page prints a cell: the unit always shows (currency symbol, "tokens", "ms", "%"). */
export const cellFormats = ['usd', 'tokens', 'count', 'percent', 'ms', 'text', 'time'] as const;
export type CellFormat = (typeof cellFormats)[number];

export const columnSchema = z.strictObject({ key: z.string(), label: z.string(), format: z.enum(cellFormats) });
export type Column = z.output<typeof columnSchema>;

/** A drill-down target: the ledger rows behind a number, as a dashboard filter. */
export const drillSchema = dashboardFilterSchema.partial().extend({ basis: z.enum(dashboardBases).optional() });
export type Drill = z.output<typeof drillSchema>;

export const tableRowSchema = z.strictObject({
  cells: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  /** Every number in the row is computed from exactly these rows. */
  drill: drillSchema,
  /** The chart marks drawn from this row (`series|x` for lines, `category|group` for bars), so clicking a mark drills too. */
  chartKeys: z.array(z.string()).optional(),
});
export type TableRow = z.output<typeof tableRowSchema>;

export const panelSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  /** The period the numbers cover (fixed-window views narrow the selected range). */
  window: z.strictObject({ since: z.string().nullable(), until: z.string().nullable(), label: z.string() }),
  /** One or two sentences with the key numbers: the chart's text alternative. */
  summary: z.string(),
  /** A Vega-Lite spec from the shared builders in src/charts; null when there is nothing to draw. */
  chart: z.record(z.string(), z.unknown()).nullable(),
  /** How chart marks map to table rows: `line` (series|x) or `bar` (category|group). */
  chartKind: z.enum(['line', 'bar']).nullable(),
  columns: z.array(columnSchema),
  rows: z.array(tableRowSchema),
  notes: z.array(z.string()),
  /** Milliseconds spent in the ledger (for the benchmark and the curious). */
  queryMs: z.number(),
});
export type Panel = z.output<typeof panelSchema>;

export const headlineSchema = z.strictObject({
  id: z.string(),
  label: z.string(),
  value: z.number().nullable(),
  format: z.enum(cellFormats),
  detail: z.string(),
  drill: drillSchema.nullable(),
});
export type Headline = z.output<typeof headlineSchema>;

export const summarySchema = z.strictObject({
  window: z.strictObject({ since: z.string().nullable(), until: z.string().nullable(), label: z.string() }),
  headlines: z.array(headlineSchema),
  notes: z.array(z.string()),
  queryMs: z.number(),
});
export type DashboardSummary = z.output<typeof summarySchema>;

export const metaSchema = z.strictObject({
  ledger: z.strictObject({ kind: z.enum(['duckdb', 'postgres']), location: z.string() }),
  /** The sample-data label when the ledger holds generated data. */
  sample: z.string().nullable(),
  currency: z.literal('USD'),
  bases: z.array(z.strictObject({ basis: z.enum(dashboardBases), rows: z.number(), firstUsage: z.string().nullable(), lastUsage: z.string().nullable() })),
  options: z.strictObject({ provider: z.array(z.string()), family: z.array(z.string()), task: z.array(z.string()), team: z.array(z.string()) }),
  queryMs: z.number(),
});
export type DashboardMeta = z.output<typeof metaSchema>;

export const ledgerRowSchema = z.strictObject({
  time: z.string(),
  source: z.string(),
  requestId: z.string(),
  provider: z.string(),
  model: z.string().nullable(),
  task: z.string(),
  team: z.string().nullable(),
  inputTokens: z.number(),
  cacheReadTokens: z.number(),
  cacheWriteTokens: z.number(),
  outputTokens: z.number(),
  cost: z.number().nullable(),
  latencyMs: z.number().nullable(),
  cacheHit: z.boolean().nullable(),
  preview: z.string().nullable(),
});
export type LedgerRowView = z.output<typeof ledgerRowSchema>;

export const rowsPageSchema = z.strictObject({
  filter: drillSchema,
  total: z.number(),
  offset: z.number(),
  limit: z.number(),
  rows: z.array(ledgerRowSchema),
  queryMs: z.number(),
});
export type RowsPage = z.output<typeof rowsPageSchema>;

export const benchTaskSchema = z.strictObject({
  task: z.string(),
  chart: z.record(z.string(), z.unknown()).nullable(),
  summary: z.string(),
  models: z.array(
    z.strictObject({
      model: z.string(),
      costPerTask: z.number().nullable(),
      quality: z.number().nullable(),
      qualityLow: z.number().nullable(),
      qualityHigh: z.number().nullable(),
      examples: z.number(),
      onFrontier: z.boolean(),
      knee: z.boolean(),
      current: z.boolean(),
      verdict: z.string().nullable(),
    }),
  ),
});

export const benchViewSchema = z.discriminatedUnion('available', [
  z.strictObject({ available: z.literal(false), reason: z.string(), directory: z.string() }),
  z.strictObject({
    available: z.literal(true),
    directory: z.string(),
    suite: z.string(),
    createdAt: z.string(),
    simulated: z.boolean(),
    baseline: z.string().nullable(),
    tasks: z.array(benchTaskSchema),
    notes: z.array(z.string()),
  }),
]);
export type BenchView = z.output<typeof benchViewSchema>;

export const apiErrorSchema = z.strictObject({ error: z.strictObject({ code: z.string(), message: z.string() }) });

/** The chart panels, in page order: the four the playbook reviews weekly, then the spend views. */
export const weeklyPanelIds = ['daily-cost-by-model', 'cost-per-task-by-model', 'cache-hit-rate', 'latency-by-model'] as const;
export const spendPanelIds = ['spend-by-provider-month', 'cost-by-family-day', 'tokens-by-model', 'hourly-tokens-by-provider', 'cached-vs-uncached'] as const;
export const panelIds = [...weeklyPanelIds, ...spendPanelIds] as const;
export type PanelId = (typeof panelIds)[number];
