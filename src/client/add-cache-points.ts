import { normalizeModelId } from '../core/index.js';
import { type PlacedCachePoint, placeCachePoints, type SkippedCacheAnchor } from '../cache/index.js';
import type { PricingCatalog } from '../pricing/index.js';
import type { ModelRequest } from '../providers/index.js';
import type { AutoCacheOptions } from './pipeline-options.js';

export interface CachePointsAdded {
  request: ModelRequest;
  placed: PlacedCachePoint[];
  skipped: SkippedCacheAnchor[];
  /** Why nothing was tried: unknown model, prompt router, provider without cache points. */
  note?: string;
}

/**
 * Cache points for one model call, with that model's catalog rules (minimum tokens per
 * checkpoint, maximum 4, cacheable fields, TTLs): a cascade calls models with different minimums,
 * so the placement is made per call. A model the catalog does not know (a prompt-router ARN, a
 * local model) is left alone rather than guessed at.
 */
export function addCachePoints(request: ModelRequest, catalog: PricingCatalog, options: AutoCacheOptions, providerName: string): CachePointsAdded {
  // OpenAI-compatible servers cache prefixes on their own; the provider drops cache points.
  if (providerName !== 'bedrock') return { request, placed: [], skipped: [], note: `${providerName} does not take cache points` };
  const resolved = normalizeModelId(request.modelId, catalog.registry);
  if (!resolved.ok) return { request, placed: [], skipped: [], note: `no caching rules for ${request.modelId}` };
  const rules = catalog.model(resolved.model.id)?.entry.caching;
  if (rules === undefined || !rules.supported) return { request, placed: [], skipped: [], note: `${resolved.model.id} has no prompt caching` };
  // 1h where the model offers it, else the 5-minute cache every caching model has.
  const ttl = options.ttl === '1h' && rules.ttls.includes('1h') ? '1h' : '5m';
  if (!rules.ttls.includes(ttl)) return { request, placed: [], skipped: [], note: `${resolved.model.id} offers no ${ttl} cache` };
  const placement = placeCachePoints(request, {
    rules,
    ttl,
    ...(options.anchors !== undefined && { anchors: options.anchors }),
    ...(options.existing !== undefined && { existing: options.existing }),
    ...(options.countTokens !== undefined && { countTokens: options.countTokens }),
  });
  return { request: placement.request, placed: placement.placed, skipped: placement.skipped };
}
