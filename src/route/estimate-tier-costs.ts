import { InvalidArgumentError } from '../core/index.js';
import { type PricingCatalog, priceUsage } from '../pricing/index.js';
import type { TierEntry } from './route-decision.js';

/**
 * Mean USD per request on each tier for a typical request, from the catalog: what a cost
 * ceiling is converted into a top-tier share with. A prompt-router tier has no price of its own
 * (Bedrock picks the model), so it needs costs from bench results or the ledger instead.
 */
export function estimateTierCosts(ladder: readonly TierEntry[], catalog: PricingCatalog, typical: { inputTokens: number; outputTokens: number; region?: string }): number[] {
  return ladder.map((entry) => {
    if (entry.promptRouter) {
      throw new InvalidArgumentError('target', `Tier ${entry.tier} is a prompt router, whose price depends on the model it picks; give meanCostPerRequest measured on your traffic instead of a catalog estimate.`);
    }
    const cost = priceUsage({ model: entry.modelId, inputTokens: typical.inputTokens, outputTokens: typical.outputTokens, ...(typical.region !== undefined && { region: typical.region }) }, catalog);
    if (cost.total === null) throw new InvalidArgumentError('target', `Cannot price tier ${entry.tier} (${entry.modelId}): ${cost.warnings.join(' ')}`);
    return cost.total;
  });
}
