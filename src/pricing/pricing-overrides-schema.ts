import { z } from 'zod';
import { isoDateSchema, modelEntrySchema, priceModes, priceScopes, provisionedRateSchema, regionSchema, usdPerMillionTokensSchema } from './catalog-schema.js';

/**
 * A negotiated or private price for one model. Buckets left out keep the catalog price; a row
 * for a Region or mode the catalog lacks is added (and then needs input and output).
 */
export const priceOverrideSchema = z
  .object({
    model: z.string().min(1),
    regions: z.array(regionSchema).min(1).default(['*']),
    scope: z.enum(priceScopes).default('regional'),
    mode: z.enum(priceModes).default('on-demand'),
    input: usdPerMillionTokensSchema.optional(),
    output: usdPerMillionTokensSchema.optional(),
    cacheRead: usdPerMillionTokensSchema.optional(),
    cacheWrite5m: usdPerMillionTokensSchema.optional(),
    cacheWrite1h: usdPerMillionTokensSchema.optional(),
    effectiveDate: isoDateSchema.default('1970-01-01'),
    source: z.string().min(1).default('user override'),
  })
  .strict();
export type PriceOverride = z.output<typeof priceOverrideSchema>;

/** A percentage off every token price of the matching models (an enterprise discount, say). */
export const discountSchema = z
  .object({
    percent: z.number().gt(0).lt(100),
    provider: z.string().optional(),
    publisher: z.string().optional(),
    model: z.string().optional(),
    source: z.string().min(1).default('user discount'),
  })
  .strict();
export type Discount = z.output<typeof discountSchema>;

export const pricingOverridesSchema = z
  .object({
    /** Models the catalog lacks (custom or private models), in the catalog's own format. */
    models: z.array(modelEntrySchema).default([]),
    prices: z.array(priceOverrideSchema).default([]),
    provisioned: z.array(provisionedRateSchema.extend({ model: z.string().min(1) })).default([]),
    discounts: z.array(discountSchema).default([]),
    /** Extra names for known models: opaque provisioned-model or application-profile ARNs, house names. */
    modelAliases: z.record(z.string(), z.string()).default({}),
  })
  .strict();
export type PricingOverrides = z.output<typeof pricingOverridesSchema>;
export type PricingOverridesInput = z.input<typeof pricingOverridesSchema>;
