import { z } from 'zod';
import { InvalidArgumentError } from './errors.js';

export const usageModes = ['on-demand', 'batch', 'provisioned', 'flex', 'priority'] as const;
export type UsageMode = (typeof usageModes)[number];

export const commitmentTerms = ['none', '1m', '6m'] as const;
export type CommitmentTerm = (typeof commitmentTerms)[number];

/** Exclusive token buckets: a token is counted in exactly one of them. */
export const tokenBuckets = ['input', 'cacheRead', 'cacheWrite5m', 'cacheWrite1h', 'output'] as const;
export type TokenBucket = (typeof tokenBuckets)[number];
/** Provisioned Throughput is billed per model-unit hour, not per token. */
export type CostBucket = TokenBucket | 'modelUnitHours';

const tokenCount = z.number().int().nonnegative();

/**
 * One model call (or an aggregate of calls) in exclusive buckets, the way Bedrock Converse reports
 * it: `inputTokens` excludes cache reads and writes. Use `convertInclusiveUsage` for sources that
 * count cache inside input (OpenTelemetry, OpenAI).
 */
export const usageSchema = z.object({
  model: z.string().min(1),
  region: z.string().min(1).optional(),
  mode: z.enum(usageModes).default('on-demand'),
  inputTokens: tokenCount.default(0),
  cacheReadTokens: tokenCount.default(0),
  cacheWrite5mTokens: tokenCount.default(0),
  cacheWrite1hTokens: tokenCount.default(0),
  outputTokens: tokenCount.default(0),
  /** Provisioned Throughput only: model units × hours held. */
  modelUnitHours: z.number().nonnegative().optional(),
  commitment: z.enum(commitmentTerms).optional(),
  /** ISO-8601 time of the call; picks the price in force then. */
  time: z.iso.datetime({ offset: true }).optional(),
  task: z.string().optional(),
  requestId: z.string().optional(),
});
export type Usage = z.output<typeof usageSchema>;
export type UsageInput = z.input<typeof usageSchema>;

export function tokensInBucket(usage: Usage, bucket: TokenBucket): number {
  switch (bucket) {
    case 'input':
      return usage.inputTokens;
    case 'cacheRead':
      return usage.cacheReadTokens;
    case 'cacheWrite5m':
      return usage.cacheWrite5mTokens;
    case 'cacheWrite1h':
      return usage.cacheWrite1hTokens;
    case 'output':
      return usage.outputTokens;
  }
}

/** All input tokens, cached or not: what OpenTelemetry's `gen_ai.usage.input_tokens` means. */
export function totalInputTokens(usage: Pick<Usage, 'inputTokens' | 'cacheReadTokens' | 'cacheWrite5mTokens' | 'cacheWrite1hTokens'>): number {
  return usage.inputTokens + usage.cacheReadTokens + usage.cacheWrite5mTokens + usage.cacheWrite1hTokens;
}

export interface InclusiveTokenCounts {
  /** Input tokens including the cached ones. */
  inputTokens: number;
  cacheReadTokens?: number;
  cacheWrite5mTokens?: number;
  cacheWrite1hTokens?: number;
  outputTokens?: number;
}

export interface ExclusiveTokenCounts {
  inputTokens: number;
  cacheReadTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  outputTokens: number;
}

/**
 * Converts counts where cache tokens are inside `inputTokens` (OpenTelemetry GenAI, OpenAI's
 * `prompt_tokens`) into exclusive buckets. Throws when the cache counts exceed the input total,
 * which means the source was already exclusive.
 */
export function convertInclusiveUsage(counts: InclusiveTokenCounts): ExclusiveTokenCounts {
  const cacheReadTokens = counts.cacheReadTokens ?? 0;
  const cacheWrite5mTokens = counts.cacheWrite5mTokens ?? 0;
  const cacheWrite1hTokens = counts.cacheWrite1hTokens ?? 0;
  const uncached = counts.inputTokens - cacheReadTokens - cacheWrite5mTokens - cacheWrite1hTokens;
  if (uncached < 0) {
    throw new InvalidArgumentError(
      'inputTokens',
      `Inclusive input of ${counts.inputTokens} tokens is smaller than its cache tokens (${cacheReadTokens + cacheWrite5mTokens + cacheWrite1hTokens}); the counts are probably exclusive already (as Bedrock Converse reports them).`,
    );
  }
  return { inputTokens: uncached, cacheReadTokens, cacheWrite5mTokens, cacheWrite1hTokens, outputTokens: counts.outputTokens ?? 0 };
}

/** The inverse: exclusive buckets to the inclusive counts OpenTelemetry expects. */
export function convertExclusiveUsage(counts: ExclusiveTokenCounts): Required<InclusiveTokenCounts> {
  return { ...counts, inputTokens: totalInputTokens(counts) };
}
