import { z } from 'zod';
import { providers } from './model-ref.js';
import { usageModes } from './usage.js';

/** Where a ledger row came from. Rows are unique per (source, requestId). `batch`: records of a batch inference job collected by `frugal batch collect`. */
export const usageSources = ['invocation-log', 'cur', 'focus', 'bench', 'gateway', 'otel', 'batch'] as const;
export type UsageSource = (typeof usageSources)[number];

/**
 * `catalog`: priced by frugal from the catalog (invocation logs, bench, gateway).
 * `billed`: the amount on the bill (CUR / FOCUS), which wins over any catalog price.
 */
export const costBases = ['catalog', 'billed'] as const;
export type CostBasis = (typeof costBases)[number];

/** How the row's task was decided; `unattributed` traffic keeps the task label `unattributed`. */
export const taskSources = ['metadata', 'rule', 'iam-role', 'explicit', 'unattributed'] as const;
export type TaskSource = (typeof taskSources)[number];
export const unattributedTask = 'unattributed';

/** Prompt parts in the order Bedrock and Anthropic build the cache prefix: tools, system, then messages. */
export const promptBlockKinds = ['tools', 'system', 'user', 'assistant', 'prompt'] as const;
export type PromptBlockKind = (typeof promptBlockKinds)[number];

const count = z.number().int().nonnegative();
const usd = z.number().finite();
const text = z.string().min(1);

/**
 * One block of a logged request, reduced to what the caching detector needs without the body:
 * a content hash (equal blocks, equal hashes), its size, and whether the caller put a cache
 * point after it. The prefix up to block i is identified by the hashes of blocks 0..i.
 */
export const promptBlockSchema = z.object({
  kind: z.enum(promptBlockKinds),
  hash: text,
  chars: count,
  cachePoint: z.boolean().optional(),
});
export type PromptBlock = z.output<typeof promptBlockSchema>;

/** A distinct piece of prompt text, stored once in the ledger and referenced by hash. */
export const promptChunkSchema = z.object({ hash: text, chars: count, text: z.string() });
export type PromptChunk = z.output<typeof promptChunkSchema>;

/**
 * The stored text of a tools or system block: its chunk hashes in order. Chunks are cut at
 * paragraph breaks, independent of what precedes them, so a system prompt whose first line holds
 * a timestamp still shares every later chunk with its neighbours, each stored once, and a
 * detector can point at the chunk that changes.
 */
export const promptTextBlockSchema = z.object({
  hash: text,
  kind: z.enum(promptBlockKinds),
  chars: count,
  chunks: z.array(text),
});
export type PromptTextBlock = z.output<typeof promptTextBlockSchema>;

const bucketCosts = z.object({
  input: usd.nullable(),
  cacheRead: usd.nullable(),
  cacheWrite5m: usd.nullable(),
  cacheWrite1h: usd.nullable(),
  output: usd.nullable(),
});

/**
 * The ledger row: one model call (invocation log, bench, gateway, OTel span) or one billing line
 * item (CUR / FOCUS). Names follow FOCUS where a column fits (ProviderName → provider,
 * ServiceName, RegionId → region, SubAccountId → accountId, ChargePeriodStart/End →
 * usageStart/usageEnd, ConsumedQuantity → the token buckets, BilledCost → billedCost); the rest
 * is ours. Token buckets are exclusive (see `usageSchema`). Costs are USD; `null` means unknown,
 * never 0.
 */
export const usageRowSchema = z.object({
  source: z.enum(usageSources),
  /** Bedrock requestId for calls; a stable line-item key for billing rows. */
  requestId: text,
  /** File or s3:// URL the row was read from, and its 1-based line (null for Parquet and APIs). */
  sourceFile: z.string().nullable(),
  sourceLine: z.number().int().positive().nullable(),

  provider: z.enum(providers),
  serviceName: text,
  region: z.string().nullable(),
  /** Where cross-Region inference actually ran; billing uses `region` (the source Region). */
  inferenceRegion: z.string().nullable(),
  accountId: z.string().nullable(),
  /** IAM principal that made the call (`identity.arn`, CUR `line_item_iam_principal`). */
  callerArn: z.string().nullable(),
  /** Converse, ConverseStream, InvokeModel, InvokeModelWithResponseStream; CUR line_item_operation. */
  operation: z.string().nullable(),

  /** Canonical catalog id; null only for billing rows whose model could not be named. */
  modelId: z.string().nullable(),
  /** The id as the source wrote it (profile, ARN, usage-type model name). */
  rawModelId: text,
  modelFamily: z.string().nullable(),
  modelTier: z.union([z.literal(1), z.literal(2), z.literal(3)]).nullable(),
  inferenceScope: z.enum(['in-region', 'geo', 'global']).nullable(),
  /** Cross-Region profile prefix (`us`, `global`) or the application-profile / provisioned ARN. */
  inferenceProfile: z.string().nullable(),
  mode: z.enum(usageModes),
  /** Billing usage type (`USE1-Claude4Sonnet-input-tokens`); null for calls. */
  usageType: z.string().nullable(),
  /** Calls the row stands for: 1 for a logged call, null for billing line items (unknown). */
  requestCount: count.nullable(),

  usageStart: z.iso.datetime({ offset: true }),
  usageEnd: z.iso.datetime({ offset: true }),

  inputTokens: count,
  cacheReadTokens: count,
  cacheWrite5mTokens: count,
  cacheWrite1hTokens: count,
  outputTokens: count,

  /** What the row costs: the bill for billing rows, the catalog price otherwise. */
  cost: usd.nullable(),
  costBasis: z.enum(costBases),
  billedCost: usd.nullable(),
  /** frugal's catalog price of the same usage, for comparing with the bill. */
  catalogCost: usd.nullable(),
  /** `cost` split by bucket; a billing line item fills only its own bucket. */
  costByBucket: bucketCosts,
  pricingStatus: z.enum(['priced', 'partial', 'unpriced']),
  priceVersion: z.string().nullable(),
  /** Why a row is unpriced or partly priced, or how the bill differs from the catalog. */
  pricingNote: z.string().nullable(),

  task: text,
  taskSource: z.enum(taskSources),
  team: z.string().nullable(),
  /** requestMetadata (logs), resource tags (billing), or the caller's labels. */
  metadata: z.record(z.string(), z.string()),
  routeDecision: z.string().nullable(),
  /** True when the call read from the prompt cache; null when the source cannot tell. */
  cacheHit: z.boolean().nullable(),
  latencyMs: count.nullable(),
  ttftMs: count.nullable(),
  /** The caller's output cap (maxTokens / max_tokens); null when the request set none, or when no body was logged (then promptChars is null too). */
  maxTokens: count.nullable(),
  stopReason: z.string().nullable(),

  /** Hash of the whole system prompt, for grouping in SQL. */
  systemPromptHash: z.string().nullable(),
  promptBlocks: z.array(promptBlockSchema),
  /** Cache points the request set (Converse cachePoint / Anthropic cache_control); null without a logged body. */
  cachePoints: count.nullable(),
  messageCount: count.nullable(),
  promptChars: count.nullable(),
  /** The start of the last user message, for drill-down lists. */
  requestPreview: z.string().nullable(),
  responsePreview: z.string().nullable(),
  /** Offloaded bodies (large requests): where AWS put them. */
  inputBodyPath: z.string().nullable(),
  outputBodyPath: z.string().nullable(),
});
export type UsageRow = z.output<typeof usageRowSchema>;
