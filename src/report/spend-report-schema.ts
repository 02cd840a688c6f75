import { z } from 'zod';

export const reportViews = ['spend', 'models', 'tokens', 'hourly', 'tasks'] as const;
export type ReportView = (typeof reportViews)[number];

const usd = z.number().finite();
const tokens = z.number().nonnegative();
const count = z.number().int().nonnegative();
const period = z.strictObject({ since: z.string(), until: z.string() });

export const spendReportSchema = z.strictObject({
  kind: z.literal('frugal-report'),
  version: z.literal(1),
  generatedAt: z.string(),
  /** Sample-data label of the ledger, or null. */
  sample: z.string().nullable(),
  ledger: z.string(),
  /** Which rows the figures come from: model calls, or the bill (CUR / FOCUS) when the ledger has no calls. */
  basis: z.strictObject({ kind: z.enum(['calls', 'bill']), sources: z.array(z.string()) }),
  views: z.strictObject({
    /** Spend by provider per month, and each model's spend split into cached and uncached buckets. */
    spend: z
      .strictObject({
        period,
        months: z.array(z.strictObject({ month: z.string(), provider: z.string(), cost: usd, unpricedRows: count, rows: count })),
        /** Cost by bucket; `cachedShareOfInput`: input tokens read from or written to the cache, of all input tokens. */
        byModel: z.array(z.strictObject({ modelId: z.string(), modelFamily: z.string().nullable(), uncachedInput: usd, cacheRead: usd, cacheWrite: usd, output: usd, total: usd, cachedShareOfInput: z.number() })),
      })
      .optional(),
    /** Cost by model family per day. */
    models: z.strictObject({ period, days: z.array(z.strictObject({ day: z.string(), modelFamily: z.string().nullable(), cost: usd, unpricedRows: count, rows: count })) }).optional(),
    /** Tokens by model and bucket. */
    tokens: z
      .strictObject({
        period,
        models: z.array(z.strictObject({ modelId: z.string().nullable(), modelFamily: z.string().nullable(), inputTokens: tokens, cacheReadTokens: tokens, cacheWrite5mTokens: tokens, cacheWrite1hTokens: tokens, outputTokens: tokens, cost: usd, rows: count })),
      })
      .optional(),
    /** Tokens by provider per hour. */
    hourly: z.strictObject({ period, hours: z.array(z.strictObject({ hour: z.string(), provider: z.string(), inputTokens: tokens, cacheReadTokens: tokens, cacheWriteTokens: tokens, outputTokens: tokens, rows: count })) }).optional(),
    /** Cost per task per day, and per task over the period. */
    tasks: z
      .strictObject({
        period,
        days: z.array(z.strictObject({ day: z.string(), task: z.string(), cost: usd, requests: count, costPerRequest: z.number().nullable() })),
        totals: z.array(z.strictObject({ task: z.string(), cost: usd, requests: count, costPerRequest: z.number().nullable(), firstWeekCostPerRequest: z.number().nullable(), lastWeekCostPerRequest: z.number().nullable() })),
      })
      .optional(),
  }),
  notes: z.array(z.string()),
});
export type SpendReport = z.output<typeof spendReportSchema>;
