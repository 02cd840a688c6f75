import type { CachingRules } from '../pricing/index.js';
import type { CacheTtl } from '../providers/index.js';
import { type CacheAnchor, resolveCacheAnchor } from './cache-anchor.js';
import type { TraceRequest } from './create-trace-request.js';
import { findCandidateAnchors } from './find-candidate-anchors.js';
import { type CacheSimulation, type CacheUnitPrices, simulatePromptCache } from './simulate-prompt-cache.js';

export type CacheTtlChoice = CacheTtl | 'auto';

/**
 * `cache`: the chosen cache points save money. `costs-more`: the best placement found still
 * costs more than no caching (too little reuse within the TTL). `no-shared-prefix`: no prefix at
 * or above the minimum repeats. `unsupported`: the model has no prompt caching, or no price for it.
 */
export type CacheVerdict = 'cache' | 'costs-more' | 'no-shared-prefix' | 'unsupported';

export interface CachePlan {
  verdict: CacheVerdict;
  /** Why, in a sentence, for anything but `cache`. */
  reason?: string;
  /** The best simulation (the chosen anchors and TTL), also when it costs more. */
  best?: CacheSimulation;
  /** The best simulation for each TTL tried (for `auto`). */
  byTtl: CacheSimulation[];
  /** Cost of the same traffic with no caching (input only). */
  baselineCost: number;
  candidates: number;
}

export interface PlanCachePointsOptions {
  rules: CachingRules;
  /** Unit prices per TTL (`readCachePrices`). */
  prices: Partial<Record<CacheTtl, CacheUnitPrices>>;
  ttl: CacheTtlChoice;
  /** Candidate anchors to simulate (default 16). */
  candidateLimit?: number;
}

/** Adds anchors one at a time, each time the one that lowers the cost most, up to the model's maximum. */
function chooseAnchors(trace: readonly TraceRequest[], candidates: readonly CacheAnchor[], rules: Extract<CachingRules, { supported: true }>, ttl: CacheTtl, prices: CacheUnitPrices): CacheSimulation {
  let chosen: CacheAnchor[] = [];
  let best: CacheSimulation | undefined;
  while (chosen.length < rules.maxCheckpoints) {
    let round: CacheSimulation | undefined;
    for (const candidate of candidates) {
      if (chosen.includes(candidate)) continue;
      const simulation = simulatePromptCache(trace, [...chosen, candidate], { rules, ttl, prices });
      if (round === undefined || simulation.cachedCost < round.cachedCost) round = simulation;
    }
    // The first round always keeps its best, so a losing plan can still show its numbers.
    if (round === undefined || (best !== undefined && round.cachedCost >= best.cachedCost - 1e-12)) break;
    best = round;
    chosen = round.anchors;
  }
  if (best === undefined) throw new Error('chooseAnchors needs at least one candidate');
  // Report the anchors in prompt order (tools, system, messages), whatever order they were found in.
  const order = (anchor: CacheAnchor): number => trace.reduce((sum, request) => sum + (resolveCacheAnchor(anchor, request.layout) ?? 0), 0);
  const ordered = [...best.anchors].sort((left, right) => order(left) - order(right));
  return ordered.every((anchor, index) => anchor === best?.anchors[index]) ? best : simulatePromptCache(trace, ordered, { rules, ttl, prices });
}

/**
 * Chooses up to the model's maximum cache points for a workload, by simulating the real request
 * times against Bedrock's cache rules: candidates are the block boundaries whose prefix reaches
 * the minimum and recurs; anchors are added greedily while they cut the input cost. With `auto`
 * both TTLs the model offers are tried and the cheaper is kept.
 */
export function planCachePoints(trace: readonly TraceRequest[], options: PlanCachePointsOptions): CachePlan {
  const { rules } = options;
  const unsupported = (reason: string): CachePlan => ({ verdict: 'unsupported', reason, byTtl: [], baselineCost: 0, candidates: 0 });
  if (!rules.supported) return unsupported('the model does not offer prompt caching on Bedrock');
  const ttls = (options.ttl === 'auto' ? rules.ttls : [options.ttl]).filter((ttl) => rules.ttls.includes(ttl));
  if (ttls.length === 0) return unsupported(`the model does not offer a ${options.ttl} cache TTL (it offers ${rules.ttls.join(', ')})`);
  const priced = ttls.filter((ttl) => options.prices[ttl] !== undefined);
  if (priced.length === 0) return unsupported(`the catalog has no cache prices for this model at TTL ${ttls.join(', ')}`);

  const candidates = findCandidateAnchors(trace, rules, options.candidateLimit).map((candidate) => candidate.anchor);
  const anyPrices = options.prices[priced[0] ?? '5m'];
  const baselineCost = anyPrices === undefined ? 0 : (trace.reduce((sum, request) => sum + (request.cumulative.at(-1) ?? 0), 0) * anyPrices.input) / 1e6;
  if (candidates.length === 0) {
    return {
      verdict: 'no-shared-prefix',
      reason: `no prefix of at least ${rules.minTokensPerCheckpoint} tokens (the model's minimum per cache point) repeats in this traffic`,
      byTtl: [],
      baselineCost,
      candidates: 0,
    };
  }
  const byTtl = priced.map((ttl) => chooseAnchors(trace, candidates, rules, ttl, options.prices[ttl] as CacheUnitPrices));
  const best = byTtl.reduce((left, right) => (right.cachedCost < left.cachedCost ? right : left));
  if (best.cachedCost >= best.baselineCost) {
    return {
      verdict: 'costs-more',
      reason: `only ${(best.hitRate * 100).toFixed(1)}% of requests would read the cache within the ${best.ttl} TTL, and each miss writes the prefix at the higher cache-write price`,
      best,
      byTtl,
      baselineCost,
      candidates: candidates.length,
    };
  }
  return { verdict: 'cache', best, byTtl, baselineCost, candidates: candidates.length };
}
