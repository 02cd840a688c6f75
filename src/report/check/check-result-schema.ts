import { z } from 'zod';

export const alarmKinds = ['budget', 'anomaly', 'cache-hit-rate', 'tier1-share', 'cost-per-task', 'provisioned-utilization'] as const;
export type AlarmKind = (typeof alarmKinds)[number];

const usd = z.number().finite();
const filterSchema = z.strictObject({
  since: z.string().optional(),
  until: z.string().optional(),
  sources: z.array(z.string()).optional(),
  tasks: z.array(z.string()).optional(),
  teams: z.array(z.string()).optional(),
  modelIds: z.array(z.string()).optional(),
  modes: z.array(z.string()).optional(),
});

/** One thing `frugal check` found; `alarm` makes the command exit 1, `warning` does not. */
export const alarmSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(alarmKinds),
  severity: z.enum(['alarm', 'warning']),
  message: z.string(),
  /** The measured value and the threshold it crossed, in the unit the message names. */
  value: z.number(),
  threshold: z.number(),
  /** The ledger rows behind the value. */
  filter: filterSchema,
});
export type Alarm = z.output<typeof alarmSchema>;

export const checkResultSchema = z.strictObject({
  kind: z.literal('frugal-check'),
  version: z.literal(1),
  generatedAt: z.string(),
  sample: z.string().nullable(),
  ledger: z.string(),
  /** The last complete day checked, and the ledger's latest call. */
  asOf: z.string(),
  lastUsage: z.string().nullable(),
  /** True when an alarm (not a warning) fired: the command then exits 1. */
  fired: z.boolean(),
  alarms: z.array(alarmSchema),
  budgets: z.array(
    z.strictObject({ name: z.string(), scope: z.record(z.string(), z.string()), monthly: usd, monthToDate: usd, forecast: usd, low: usd, high: usd, status: z.enum(['ok', 'at-risk', 'breached']), filter: filterSchema }),
  ),
  forecast: z.strictObject({
    month: z.string(),
    asOf: z.string(),
    monthToDate: usd,
    remainingDays: z.number().int().nonnegative(),
    expectedRemaining: usd,
    forecast: usd,
    low: usd,
    high: usd,
    interval: z.number(),
    method: z.string(),
  }),
  /** Daily cost with its same-weekday baseline and score (the anomaly chart draws these). */
  daily: z.array(
    z.strictObject({ day: z.string(), cost: usd, expected: z.number().nullable(), score: z.number().nullable(), scale: z.number().nullable(), compared: z.array(z.string()), anomaly: z.enum(['spike', 'drop']).nullable() }),
  ),
  drift: z.strictObject({
    cacheHitRate: z.array(z.strictObject({ task: z.string(), modelId: z.string(), baseline: z.number(), recent: z.number(), baselineRequests: z.number(), recentRequests: z.number() })),
    tier1Share: z.strictObject({ share: z.number().nullable(), target: z.number().nullable(), requests: z.number() }),
    costPerTask: z.array(z.strictObject({ task: z.string(), baseline: z.number(), recent: z.number(), change: z.number(), baselineRequests: z.number(), recentRequests: z.number() })),
    provisioned: z.array(z.strictObject({ model: z.string(), units: z.number(), sustained: z.number().nullable(), recommendation: z.string() })),
  }),
  notes: z.array(z.string()),
});
export type CheckResult = z.output<typeof checkResultSchema>;
