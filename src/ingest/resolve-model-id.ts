import { type ModelRegistry, type NormalizeModelIdResult, normalizeModelId } from '../core/index.js';

// A source holds a handful of distinct model ids across millions of records: resolve each once.
const resolved = new WeakMap<ModelRegistry, Map<string, NormalizeModelIdResult>>();

/** `normalizeModelId`, memoised per registry (at most 10,000 ids each). */
export function resolveModelId(id: string, registry: ModelRegistry): NormalizeModelIdResult {
  let cache = resolved.get(registry);
  if (cache === undefined) {
    cache = new Map();
    resolved.set(registry, cache);
  }
  let result = cache.get(id);
  if (result === undefined) {
    result = normalizeModelId(id, registry);
    if (cache.size < 10_000) cache.set(id, result);
  }
  return result;
}
