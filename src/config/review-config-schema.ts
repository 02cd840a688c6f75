import { z } from 'zod';
import { commitmentTerms } from '../core/index.js';

const fraction = z.number().min(0).max(1);
const positiveInt = z.number().int().positive();

/**
 * How long a task's callers can wait for an answer. `24h`: a batch job (Bedrock batch inference);
 * `minutes`: no one watches the reply arrive (the flex service tier); `interactive`: a person or a
 * live system waits.
 */
export const latencyTolerances = ['interactive', 'minutes', '24h'] as const;
export type LatencyTolerance = (typeof latencyTolerances)[number];

/** What a team knows about one task that its traffic cannot show. */
export const reviewTaskSchema = z.strictObject({
  /** Overrides the heuristics (metadata, callers, arrival pattern). */
  latency: z.enum(latencyTolerances).optional(),
  /** `true`: tier-1 work whatever the traffic looks like; `false`: never propose a cheaper tier. */
  tier1: z.boolean().optional(),
  /** The bench suite of this task's examples, for the command that confirms a cheaper model. */
  benchSuite: z.string().min(1).optional(),
});
export type ReviewTaskConfig = z.output<typeof reviewTaskSchema>;

/**
 * Provisioned Throughput the account holds: the ledger sees its traffic (mode `provisioned`) but
 * not how many units were bought, for how long, or what an hour costs.
 */
export const provisionedHoldingSchema = z.strictObject({
  /** The provisioned model ARN, or the base model id it serves. */
  model: z.string().min(1),
  units: positiveInt,
  term: z.enum(commitmentTerms),
  /** USD per model unit per hour, when the catalog has no published rate. */
  hourlyRate: z.number().positive().optional(),
  /** Input+output tokens per minute one unit serves (AWS does not publish it; ask your account team). */
  tokensPerMinutePerUnit: z.number().positive().optional(),
  region: z.string().min(1).optional(),
});
export type ProvisionedHolding = z.output<typeof provisionedHoldingSchema>;

/** `review:` — settings of `frugal review`. */
export const reviewConfigSchema = z.strictObject({
  /** Period reviewed when --since is not given: a duration back from the ledger's latest call, or an ISO date. */
  since: z.string().min(1).default('30d'),
  tasks: z.record(z.string().min(1), reviewTaskSchema).default({}),
  batch: z
    .strictObject({
      /** Metadata text that marks asynchronous work (lower-case substrings of the metadata JSON). */
      asyncMetadata: z.array(z.string().min(1)).default(['nightly', 'batch', 'backfill', 'offline', 'async', 'cron', '"job"', '"job_id"', '"jobid"']),
      /** Caller role names that mark asynchronous work (regular expression, case-insensitive). */
      asyncCallers: z.string().min(1).default('pipeline|batch|etl|nightly|cron|backfill|worker|job'),
      /** Share of a day's calls inside its busiest 4 hours above which arrivals count as a burst. */
      burstShare: fraction.default(0.8),
    })
    .prefault({}),
  caching: z
    .strictObject({
      /** Requests per model replayed through the cache simulation; larger ledgers are sampled in time windows. */
      maxRequestsPerModel: positiveInt.default(4000),
      ttl: z.enum(['5m', '1h', 'auto']).default('auto'),
    })
    .prefault({}),
  routing: z
    .strictObject({
      /** Tier-1 models to propose (default: the catalog's tier-1 models of the same provider and publisher). */
      candidates: z.array(z.string().min(1)).optional(),
      /** Outputs whose p95 stays under this many tokens count as short answers. */
      shortOutputTokens: positiveInt.default(300),
    })
    .prefault({}),
  caps: z
    .strictObject({
      /** The cap proposed for uncapped traffic: this quantile of the task's output tokens. */
      quantile: z.number().gt(0).max(1).default(0.95),
    })
    .prefault({}),
  provisioned: z.array(provisionedHoldingSchema).default([]),
});
export type ReviewConfig = z.output<typeof reviewConfigSchema>;
