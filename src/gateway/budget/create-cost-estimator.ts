import { type PricingCatalog, priceUsage } from '../../pricing/index.js';
import type { ModelRequest } from '../../providers/index.js';

/** Output tokens assumed for a request with no cap anywhere: generous, so a budget is not overrun by surprise. */
export const uncappedOutputTokens = 4096;

export interface CostEstimate {
  usd: number;
  /** False when no model in question has a catalog price: the budget then only sees actual costs. */
  priced: boolean;
}

function countChars(request: ModelRequest): number {
  let chars = 0;
  for (const block of request.system ?? []) if ('text' in block) chars += block.text.length;
  for (const tool of request.tools ?? []) if ('toolSpec' in tool) chars += JSON.stringify(tool.toolSpec).length;
  for (const message of request.messages) {
    for (const block of message.content) {
      if ('text' in block) chars += block.text.length;
      else if (!('cachePoint' in block)) chars += JSON.stringify(block).length;
    }
  }
  return chars;
}

/**
 * What a call may cost before it is made, for budget reservations: input at about 4 characters a
 * token, output at the cap, priced at the dearest candidate model (a route may pick any tier) and
 * without cache discounts. Per-token rates are worked out once per model and Region.
 */
export function createCostEstimator(catalog: PricingCatalog): (request: ModelRequest, models: readonly string[], maxTokens: number | undefined, region: string | undefined) => CostEstimate {
  const rates = new Map<string, { input: number; output: number } | null>();
  const rateOf = (model: string, region: string | undefined): { input: number; output: number } | null => {
    const id = `${model}@${region ?? ''}`;
    if (!rates.has(id)) {
      const cost = priceUsage({ model, ...(region !== undefined && { region }), inputTokens: 1_000_000, outputTokens: 1_000_000 }, catalog);
      const input = cost.byBucket.input;
      const output = cost.byBucket.output;
      if (rates.size >= 4096) rates.clear();
      rates.set(id, typeof input === 'number' && typeof output === 'number' ? { input: input / 1_000_000, output: output / 1_000_000 } : null);
    }
    return rates.get(id) ?? null;
  };
  return (request, models, maxTokens, region) => {
    const inputTokens = Math.ceil(countChars(request) / 4);
    const outputTokens = maxTokens ?? uncappedOutputTokens;
    let usd = 0;
    let priced = false;
    for (const model of models) {
      const rate = rateOf(model, region);
      if (rate === null) continue;
      priced = true;
      usd = Math.max(usd, inputTokens * rate.input + outputTokens * rate.output);
    }
    return { usd, priced };
  };
}
