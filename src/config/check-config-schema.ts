import { z } from 'zod';

const fraction = z.number().min(0).max(1);
const positiveInt = z.number().int().positive();
const usd = z.number().finite().nonnegative();

/**
 * One budget of `frugal check`: monthly USD for the calls matching every scope it names (a team,
 * a task, a model), or for all spend when it names none.
 */
export const budgetSchema = z.strictObject({
  name: z.string().min(1).optional(),
  team: z.string().min(1).optional(),
  task: z.string().min(1).optional(),
  /** Any model id form; matched on the canonical id. */
  model: z.string().min(1).optional(),
  monthly: z.number().positive(),
  /** Warn when the forecast passes this share of the budget (default 100%). */
  warnAt: fraction.default(1),
});
export type Budget = z.output<typeof budgetSchema>;

/** `alarms:` — thresholds of `frugal check`. Every alarm is on by default except tier-1 share, which needs a target. */
export const alarmsConfigSchema = z.strictObject({
  anomaly: z
    .strictObject({
      /** Robust z-score (deviation from the same weekday's median over the MAD scale) that counts as an anomaly. */
      threshold: z.number().positive().default(3.5),
      /** Same weekdays looked back on. */
      weeks: positiveInt.default(4),
      /** Ignore days below this cost and deviations smaller than this. */
      minDailyCost: usd.default(1),
      /** Anomalies on the latest this many days raise an alarm; older ones are listed. */
      recentDays: positiveInt.default(2),
    })
    .prefault({}),
  cacheHitRate: z
    .strictObject({
      /** Alarm when the hit rate of requests that set cache points falls by this much (absolute). */
      maxDrop: fraction.default(0.15),
      recentDays: positiveInt.default(7),
      baselineDays: positiveInt.default(21),
      minRequests: positiveInt.default(50),
    })
    .prefault({}),
  tier1Share: z
    .strictObject({
      /** Share of requests served by tier-1 models that the routing aims for; no alarm without it. */
      target: fraction.optional(),
      recentDays: positiveInt.default(7),
      /** Only these tasks (all by default). */
      tasks: z.array(z.string().min(1)).optional(),
    })
    .prefault({}),
  costPerTask: z
    .strictObject({
      /** Alarm when a task's cost per request rises by more than this share. */
      maxIncrease: z.number().positive().default(0.25),
      recentDays: positiveInt.default(7),
      baselineDays: positiveInt.default(21),
      minRequests: positiveInt.default(50),
    })
    .prefault({}),
  provisionedUtilization: z
    .strictObject({
      /** Sustained (time-weighted median) utilisation below which provisioned units are mostly idle. */
      min: fraction.default(0.5),
    })
    .prefault({}),
  forecast: z
    .strictObject({
      /** Coverage of the month-end forecast interval. */
      interval: z.number().gt(0).lt(1).default(0.8),
    })
    .prefault({}),
});
export type AlarmsConfig = z.output<typeof alarmsConfigSchema>;
