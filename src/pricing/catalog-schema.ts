import { z } from 'zod';
import { commitmentTerms, providers } from '../core/index.js';

/**
 * The pricing catalog file format. Prices are data: `catalog.json` is validated against this
 * schema at load, and every row names its source and the date it took effect.
 */
export const usdPerMillionTokensSchema = z.number().finite().nonnegative();
export const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
export const regionSchema = z.string().regex(/^(\*|[a-z]{2}(-gov)?-[a-z]+-\d)$/, 'expected an AWS Region such as us-east-1, or * for any');
const provenance = {
  effectiveDate: isoDateSchema,
  source: z.string().min(1),
  note: z.string().optional(),
};

export const priceModes = ['on-demand', 'batch', 'flex', 'priority'] as const;
export type PriceMode = (typeof priceModes)[number];

/** `global`: the `global.` cross-Region profile price. `regional`: in-Region ids and geo profiles. */
export const priceScopes = ['regional', 'global'] as const;
export type PriceScope = (typeof priceScopes)[number];

export const priceRowSchema = z
  .object({
    regions: z.array(regionSchema).min(1),
    scope: z.enum(priceScopes).default('regional'),
    mode: z.enum(priceModes).default('on-demand'),
    /** USD per million tokens. A bucket left out is not sold for this model. */
    input: usdPerMillionTokensSchema,
    output: usdPerMillionTokensSchema,
    cacheRead: usdPerMillionTokensSchema.optional(),
    cacheWrite5m: usdPerMillionTokensSchema.optional(),
    cacheWrite1h: usdPerMillionTokensSchema.optional(),
    ...provenance,
  })
  .strict();
export type PriceRow = z.output<typeof priceRowSchema>;

export const provisionedRateSchema = z
  .object({
    regions: z.array(regionSchema).min(1),
    term: z.enum(commitmentTerms),
    /** USD per model unit per hour, billed 24/7 while the units exist. */
    hourlyPerUnit: z.number().finite().positive(),
    /** Input+output tokens per minute one model unit serves, where AWS has published it. */
    tokensPerMinutePerUnit: z.number().positive().optional(),
    ...provenance,
  })
  .strict();
export type ProvisionedRate = z.output<typeof provisionedRateSchema>;

export const cacheTtls = ['5m', '1h'] as const;
export const cacheFields = ['system', 'messages', 'tools'] as const;

export const cachingSchema = z.discriminatedUnion('supported', [
  z.object({ supported: z.literal(false), source: z.string().min(1), note: z.string().optional() }).strict(),
  z
    .object({
      supported: z.literal(true),
      minTokensPerCheckpoint: z.number().int().positive(),
      maxCheckpoints: z.number().int().positive(),
      ttls: z.array(z.enum(cacheTtls)).min(1),
      fields: z.array(z.enum(cacheFields)).min(1),
      /** Largest prefix the model caches (Amazon Nova caches at most 20K tokens). */
      maxCachedTokens: z.number().int().positive().optional(),
      source: z.string().min(1),
      note: z.string().optional(),
    })
    .strict(),
]);
export type CachingRules = z.output<typeof cachingSchema>;

export const batchSchema = z
  .object({
    supported: z.boolean(),
    minRecordsPerJob: z.number().int().positive().optional(),
    maxRecordsPerJob: z.number().int().positive().optional(),
    maxRecordsPerFile: z.number().int().positive().optional(),
    maxFileSizeBytes: z.number().int().positive().optional(),
    maxJobSizeBytes: z.number().int().positive().optional(),
    source: z.string().min(1),
    note: z.string().optional(),
  })
  .strict();
export type BatchRules = z.output<typeof batchSchema>;

export const crossCheckFields = [
  'input',
  'output',
  'cacheRead',
  'cacheWrite5m',
  'cacheWrite1h',
  'batchInput',
  'batchOutput',
  'provisioned1m',
  'provisioned6m',
] as const;
export type CrossCheckField = (typeof crossCheckFields)[number];

/** A known, explained difference from another public catalog (LiteLLM). */
export const crossCheckNoteSchema = z
  .object({
    against: z.literal('litellm'),
    key: z.string().min(1),
    field: z.enum(crossCheckFields),
    reason: z.string().min(10),
  })
  .strict();
export type CrossCheckNote = z.output<typeof crossCheckNoteSchema>;

export const modelEntrySchema = z
  .object({
    id: z.string().min(1),
    provider: z.enum(providers),
    publisher: z.string().min(1),
    name: z.string().min(1),
    family: z.string().min(1),
    tier: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    aliases: z.array(z.string().min(1)).default([]),
    status: z.enum(['active', 'legacy', 'preview']).default('active'),
    caching: cachingSchema,
    batch: batchSchema,
    prices: z.array(priceRowSchema).min(1),
    provisioned: z.array(provisionedRateSchema).default([]),
    crossCheck: z.array(crossCheckNoteSchema).default([]),
  })
  .strict();
export type ModelEntry = z.output<typeof modelEntrySchema>;
export type ModelEntryInput = z.input<typeof modelEntrySchema>;

export const catalogSchema = z
  .object({
    $schema: z.string().optional(),
    schemaVersion: z.literal(1),
    /** Bumped on every data change; recorded beside every cost as `priceVersion`. */
    version: z.string().min(1),
    currency: z.literal('USD'),
    unit: z.literal('USD per 1M tokens'),
    /** Region assumed (with a warning) when a usage record names none. */
    defaultRegion: regionSchema,
    sources: z.array(z.object({ id: z.string(), title: z.string(), url: z.string().optional(), retrieved: isoDateSchema.optional() }).strict()).default([]),
    models: z.array(modelEntrySchema),
  })
  .strict();
export type Catalog = z.output<typeof catalogSchema>;
export type CatalogInput = z.input<typeof catalogSchema>;
