import { z } from 'zod';
import { type ModelRef, type ModelRegistry, normalizeModelId } from '../../core/index.js';
import modelMapData from '../../pricing/data/price-list-model-map.json' with { type: 'json' };

const modelMapSchema = z.object({
  models: z.array(z.object({ id: z.string().min(1), usageTypeNames: z.array(z.string()).default([]), priceListNames: z.array(z.string()).default([]) })),
});

export type BillingModelResolver = (names: readonly (string | null | undefined)[]) => ModelRef | undefined;

/**
 * Names AWS uses for models in usage types (`Claude4Sonnet`), mantle usage types (an embedded
 * model id) and Marketplace products ("Claude Sonnet 4.6 (Amazon Bedrock Edition)") → catalog
 * models, through the same map `frugal prices update` uses (src/pricing/data/price-list-model-map.json).
 */
export function createBillingModelResolver(registry: ModelRegistry): BillingModelResolver {
  const byName = new Map<string, string>();
  for (const entry of modelMapSchema.parse(modelMapData).models) {
    for (const name of [...entry.usageTypeNames, ...entry.priceListNames]) byName.set(name.toLowerCase(), entry.id);
  }
  return (names) => {
    for (const name of names) {
      if (name === null || name === undefined || name.trim() === '') continue;
      const bare = name.replace(/\s*\(Amazon Bedrock Edition\)\s*$/i, '').trim();
      const mapped = byName.get(bare.toLowerCase());
      const candidate = mapped ?? (bare.includes('.') ? bare : undefined);
      if (candidate === undefined) continue;
      const resolved = normalizeModelId(candidate, registry);
      if (resolved.ok) return resolved.model;
    }
    return undefined;
  };
}
