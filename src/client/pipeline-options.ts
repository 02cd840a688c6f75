import { z } from 'zod';
import { InvalidArgumentError, type UsageSource, usageSources } from '../core/index.js';
import { type CacheAnchor, cacheAnchorSchema, type CountTokens } from '../cache/index.js';
import { outputCapConfigSchema, serviceTierConfigSchema } from '../config/index.js';
import { cacheTtls, formatSchemaIssues, type PricingCatalog } from '../pricing/index.js';
import type { CacheTtl, ModelProvider, ServiceTier } from '../providers/index.js';
import type { Router, Validator } from '../route/index.js';
import type { GenAiTelemetry } from '../telemetry/index.js';
import type { PipelineLogger } from './pipeline-logger.js';
import type { UsageSink } from './usage-sink.js';

/** Picks the provider for a model id (e.g. `gpt-*` to an OpenAI-compatible server, the rest to Bedrock). */
export type ProviderResolver = (modelId: string) => ModelProvider;

/** Automatic cache points (on by default): `placeCachePoints` with the model's catalog rules. */
export interface AutoCacheOptions {
  /** Default `defaultCacheAnchors`: after the tools, the system prompt, and the history before the last turn. */
  anchors?: readonly CacheAnchor[];
  /** Default `5m`; `1h` is used only on models that offer it (others fall back to 5m). */
  ttl?: CacheTtl;
  /** `keep` (default): the caller's own cache points stay and count against the model's maximum. */
  existing?: 'keep' | 'replace';
  /** Exact token counter for the minimum-prefix check; the stated estimate by default. */
  countTokens?: CountTokens;
}

/** Output caps, the cheapest lever after routing: output tokens cost 4-5× input. */
export interface OutputCapOptions {
  /** maxTokens for requests that set none. */
  default?: number;
  /** Per task type, over `default`. */
  tasks?: Readonly<Record<string, number>>;
  /** `fill` (default): only requests without maxTokens get the cap. `clamp`: a larger maxTokens is lowered to it too. */
  mode?: 'fill' | 'clamp';
}

/** Service tier for requests that name none: one for all, or per task (`flex` for work that can wait). */
export type ServiceTierOption = ServiceTier | { default?: ServiceTier; tasks?: Readonly<Record<string, ServiceTier>> };

export interface PipelineOptions {
  /** The one way to call models (src/providers), or a function choosing one per model id. */
  provider: ModelProvider | ProviderResolver;
  /** Prices every call and supplies each model's caching rules; the shipped catalog by default. */
  catalog?: PricingCatalog;
  /** Region calls are billed in (cost and the usage row); null in the row when not given. */
  region?: string;
  /** Routing (src/route): rules, classifier, pinning. Without it the request's modelId is called as is. */
  router?: Router;
  /** Validators of the cascade; a decision marked `cascade` (or every request with `cascade: 'always'`) escalates on failure. */
  validators?: readonly Validator[];
  cascade?: 'rules' | 'always';
  onRefusal?: 'return' | 'escalate';
  /** Automatic cache points; `false` to leave requests as they come. */
  cache?: boolean | AutoCacheOptions;
  maxOutputTokens?: OutputCapOptions;
  /** Added to every request's requestMetadata (the request's own keys win); Bedrock copies them into invocation logs. */
  requestMetadata?: Readonly<Record<string, string>>;
  serviceTier?: ServiceTierOption;
  /** Where ledger rows go; none by default. */
  usageSink?: UsageSink;
  /** Ledger `source` of the rows; `gateway` (frugal's run-time pipeline) by default. */
  usageSource?: UsageSource;
  /** Recorded as `metadata.frugal_entry` on every row: `client` or `gateway`. */
  entryPoint?: string;
  /** Spans and metrics (`createGenAiTelemetry`); none by default. */
  telemetry?: GenAiTelemetry;
  /** Request and response previews in usage rows, and the system/tools text for the ledger; off by default. */
  captureContent?: boolean;
  logger?: PipelineLogger;
  /** Request ids when the context gives none; `crypto.randomUUID` by default. */
  createId?: () => string;
}

const fn = z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', 'expected a function');
const settingsSchema = z.looseObject({
  region: z.string().min(1).optional(),
  validators: z.array(z.looseObject({ name: z.string(), validate: fn })).optional(),
  cascade: z.enum(['rules', 'always']).optional(),
  onRefusal: z.enum(['return', 'escalate']).optional(),
  cache: z
    .union([z.boolean(), z.looseObject({ anchors: z.array(cacheAnchorSchema).optional(), ttl: z.enum(cacheTtls).optional(), existing: z.enum(['keep', 'replace']).optional(), countTokens: fn.optional() })])
    .optional(),
  maxOutputTokens: outputCapConfigSchema.optional(),
  requestMetadata: z.record(z.string(), z.string()).optional(),
  serviceTier: serviceTierConfigSchema.optional(),
  usageSource: z.enum(usageSources).optional(),
  entryPoint: z.string().min(1).optional(),
  captureContent: z.boolean().optional(),
});

/**
 * Checks the plain settings of the options (caps, tiers, cache, metadata) with the same schemas
 * frugal.yaml uses, so a negative cap or a misspelt tier fails at start-up, naming the option.
 */
export function parsePipelineOptions(options: PipelineOptions): PipelineOptions {
  if (typeof options !== 'object' || options === null || (typeof options.provider !== 'function' && typeof options.provider?.invoke !== 'function')) {
    throw new InvalidArgumentError('provider', 'createPipeline needs a provider (createBedrockProvider, createOpenAICompatibleProvider) or a function choosing one per model id.');
  }
  const result = settingsSchema.safeParse(options);
  if (!result.success) throw new InvalidArgumentError('options', `Invalid pipeline options:\n  - ${formatSchemaIssues(result.error).join('\n  - ')}`);
  return options;
}
