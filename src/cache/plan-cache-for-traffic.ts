import { type Cost, InvalidArgumentError, normalizeModelId } from '../core/index.js';
import { type CachingRules, type PricingCatalog, priceUsage } from '../pricing/index.js';
import { createTraceRequest } from './create-trace-request.js';
import { type CachePlan, type CacheTtlChoice, planCachePoints } from './plan-cache-points.js';
import { readCachePrices } from './read-cache-prices.js';
import type { PromptLayout } from './read-prompt-layout.js';

/** One request of the traffic to plan for, from a REQUESTS file or the ledger. */
export interface TrafficRequest {
  /** Epoch milliseconds. */
  time: number;
  /** As logged (profile ids and ARNs resolve to their model; the first one seen prices the plan). */
  modelId: string;
  layout: PromptLayout;
  line?: number;
}

export interface ModelCachePlan {
  modelId: string;
  modelName: string;
  region: string;
  rules: CachingRules;
  requests: number;
  firstTime: number;
  lastTime: number;
  plan: CachePlan;
  /** Exact input cost through the catalog, without caching and with the chosen cache points. */
  baseline: Cost;
  cached?: Cost;
  warnings: string[];
}

export interface PlanCacheForTrafficOptions {
  catalog: PricingCatalog;
  ttl: CacheTtlChoice;
  region?: string;
  /** Plan only this model's traffic. */
  model?: string;
}

/**
 * Plans prompt caching for each model in the traffic: groups requests by canonical model (each
 * model has its own cache), orders them by time, and runs `planCachePoints` with the model's
 * caching rules and prices from the catalog.
 */
export function planCacheForTraffic(traffic: readonly TrafficRequest[], options: PlanCacheForTrafficOptions): ModelCachePlan[] {
  const { catalog } = options;
  const only = options.model === undefined ? undefined : normalizeModelId(options.model, catalog.registry);
  if (only !== undefined && !only.ok) throw only.error;
  const groups = new Map<string, TrafficRequest[]>();
  for (const request of traffic) {
    const resolved = normalizeModelId(request.modelId, catalog.registry);
    if (!resolved.ok) throw new InvalidArgumentError('modelId', `${request.line === undefined ? '' : `line ${request.line}: `}${resolved.error.message}`);
    if (only !== undefined && only.ok && resolved.model.id !== only.model.id) continue;
    const list = groups.get(resolved.model.id) ?? [];
    list.push(request);
    groups.set(resolved.model.id, list);
  }

  return [...groups.entries()].map(([modelId, requests]) => {
    requests.sort((left, right) => left.time - right.time);
    const entry = catalog.model(modelId)?.entry;
    if (entry === undefined) throw new InvalidArgumentError('modelId', `No catalog entry for ${modelId}.`);
    const priceAs = requests[0]?.modelId ?? modelId;
    const region = options.region ?? normalizeModelIdRegion(priceAs, catalog) ?? catalog.catalog.defaultRegion;
    const trace = requests.map((request) => createTraceRequest(request.time, request.layout, modelId, request.line));
    const prices = readCachePrices(catalog, priceAs, region);
    const plan = planCachePoints(trace, { rules: entry.caching, prices: prices.byTtl, ttl: options.ttl });
    const totalTokens = trace.reduce((sum, request) => sum + (request.cumulative.at(-1) ?? 0), 0);
    const baseline = priceUsage({ model: priceAs, region, inputTokens: totalTokens }, catalog);
    const best = plan.best;
    const cached = best === undefined
      ? undefined
      : priceUsage(
          {
            model: priceAs,
            region,
            inputTokens: best.inputTokens,
            cacheReadTokens: best.cacheReadTokens,
            ...(best.ttl === '1h' ? { cacheWrite1hTokens: best.cacheWriteTokens } : { cacheWrite5mTokens: best.cacheWriteTokens }),
          },
          catalog,
        );
    const warnings = [...new Set([...prices.warnings, ...baseline.warnings, ...(cached?.warnings ?? [])])];
    return {
      modelId,
      modelName: entry.name,
      region,
      rules: entry.caching,
      requests: requests.length,
      firstTime: requests[0]?.time ?? 0,
      lastTime: requests.at(-1)?.time ?? 0,
      plan,
      baseline,
      ...(cached !== undefined && { cached }),
      warnings,
    };
  });
}

function normalizeModelIdRegion(modelId: string, catalog: PricingCatalog): string | undefined {
  const resolved = normalizeModelId(modelId, catalog.registry);
  return resolved.ok ? resolved.model.region : undefined;
}
