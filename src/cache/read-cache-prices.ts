import type { Cost } from '../core/index.js';
import { type PricingCatalog, priceUsage } from '../pricing/index.js';
import type { CacheTtl } from '../providers/index.js';
import type { CacheUnitPrices } from './simulate-prompt-cache.js';

export interface CachePriceCard {
  /** USD per million tokens by TTL; a TTL the catalog has no write price for is missing. */
  byTtl: Partial<Record<CacheTtl, CacheUnitPrices>>;
  warnings: string[];
}

const perMillion = (cost: Cost, bucket: 'input' | 'cacheRead' | 'cacheWrite5m' | 'cacheWrite1h'): number | undefined => {
  const value = cost.byBucket[bucket];
  return typeof value === 'number' ? value : undefined;
};

/** The model's input, cache-read and cache-write prices from the catalog (through `priceUsage`, so overrides apply). */
export function readCachePrices(catalog: PricingCatalog, model: string, region: string | undefined): CachePriceCard {
  const million = 1_000_000;
  const cost = priceUsage({ model, ...(region !== undefined && { region }), inputTokens: million, cacheReadTokens: million, cacheWrite5mTokens: million, cacheWrite1hTokens: million }, catalog);
  const input = perMillion(cost, 'input');
  const cacheRead = perMillion(cost, 'cacheRead');
  const byTtl: Partial<Record<CacheTtl, CacheUnitPrices>> = {};
  for (const [ttl, bucket] of [['5m', 'cacheWrite5m'], ['1h', 'cacheWrite1h']] as const) {
    const cacheWrite = perMillion(cost, bucket);
    if (input !== undefined && cacheRead !== undefined && cacheWrite !== undefined) byTtl[ttl] = { input, cacheRead, cacheWrite };
  }
  // The 1h bucket is absent for most models: only say so when it matters (the caller asks for 1h).
  return { byTtl, warnings: cost.warnings.filter((warning) => !warning.includes('cacheWrite1h')) };
}
