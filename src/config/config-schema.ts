import { z } from 'zod';
import { pricingOverridesSchema } from '../pricing/index.js';

/**
 * `frugal.yaml`. Each feature owns one top-level section; unknown sections are rejected so a
 * typo never silently drops a setting.
 */
export const configSchema = z
  .object({
    /** Replace the shipped catalog with this file (relative to the config file). */
    catalog: z.string().min(1).optional(),
    pricing: pricingOverridesSchema.default({ models: [], prices: [], provisioned: [], discounts: [], modelAliases: {} }),
  })
  .strict();
export type FrugalConfig = z.output<typeof configSchema>;
