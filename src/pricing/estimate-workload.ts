import { type Cost, InvalidArgumentError, type ModelRef, normalizeModelId } from '../core/index.js';
import type { CachingRules } from './catalog-schema.js';
import type { PricingCatalog } from './create-pricing-catalog.js';
import { priceUsage } from './price-usage.js';

export interface Workload {
  model: string;
  /** Number of requests in the period being estimated (a day, a month, a run). */
  requests: number;
  /** Input tokens per request, including any cached prefix. */
  inputTokens: number;
  outputTokens: number;
  region?: string;
  /** Tokens at the start of every request's input that repeat exactly (system prompt, tools, documents). */
  cachedPrefixTokens?: number;
  /** Share of requests that find the prefix in the cache (0..1). */
  cacheHitRate?: number;
  cacheTtl?: '5m' | '1h';
}

export type ScenarioName = 'on-demand' | 'batch' | 'caching';

export interface ScenarioTokens {
  inputTokens: number;
  cacheReadTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  outputTokens: number;
}

export interface Scenario {
  name: ScenarioName;
  available: boolean;
  /** Why the scenario does not apply (no batch for this model, prefix below the cache minimum, ...). */
  reason?: string;
  tokens: ScenarioTokens;
  cost: Cost;
  /** On-demand total minus this scenario's total; null when either is unknown. */
  saving: number | null;
  savingPercent: number | null;
}

export interface WorkloadEstimate {
  model: ModelRef;
  region: string;
  workload: Workload;
  scenarios: Scenario[];
  warnings: string[];
}

function checkWorkload(workload: Workload): void {
  const counts: [string, number | undefined][] = [
    ['--requests', workload.requests],
    ['--input-tokens', workload.inputTokens],
    ['--output-tokens', workload.outputTokens],
    ['--cached-prefix-tokens', workload.cachedPrefixTokens],
  ];
  for (const [flag, value] of counts) {
    if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
      throw new InvalidArgumentError(flag, `${flag} must be a whole number of 0 or more, got ${value}.`);
    }
  }
  const { cacheHitRate, cachedPrefixTokens } = workload;
  if (cacheHitRate !== undefined && !(cacheHitRate >= 0 && cacheHitRate <= 1)) {
    throw new InvalidArgumentError('--cache-hit-rate', `--cache-hit-rate must be between 0 and 1, got ${cacheHitRate}.`);
  }
  if ((cachedPrefixTokens === undefined) !== (cacheHitRate === undefined)) {
    throw new InvalidArgumentError('--cached-prefix-tokens', 'Give --cached-prefix-tokens and --cache-hit-rate together to estimate prompt caching.');
  }
  if (cachedPrefixTokens !== undefined && cachedPrefixTokens > workload.inputTokens) {
    throw new InvalidArgumentError(
      '--cached-prefix-tokens',
      `--cached-prefix-tokens (${cachedPrefixTokens}) cannot exceed --input-tokens (${workload.inputTokens}): the prefix is part of the input.`,
    );
  }
}

/** Why a prefix would not be cached, or undefined when it would. */
function cachingBlocker(rules: CachingRules, prefixTokens: number, ttl: '5m' | '1h', name: string): string | undefined {
  if (!rules.supported) return `Bedrock does not offer prompt caching for ${name}.`;
  if (!rules.ttls.includes(ttl)) return `${name} does not offer a ${ttl} cache TTL (it offers ${rules.ttls.join(', ')}).`;
  if (prefixTokens < rules.minTokensPerCheckpoint) {
    return `A ${prefixTokens}-token prefix is below ${name}'s minimum of ${rules.minTokensPerCheckpoint} tokens per cache checkpoint; Bedrock would accept the request and cache nothing.`;
  }
  return undefined;
}

/**
 * Cost of a workload on-demand, in batch, and with prompt caching (writes on misses, reads on
 * hits), honouring whether the model caches at all and its minimum cacheable prefix. Pure.
 */
export function estimateWorkload(workload: Workload, catalog: PricingCatalog): WorkloadEstimate {
  checkWorkload(workload);
  const resolved = normalizeModelId(workload.model, catalog.registry);
  if (!resolved.ok) throw resolved.error;
  const model = resolved.model;
  const entry = catalog.model(model.id)?.entry;
  if (entry === undefined) throw new InvalidArgumentError('--model', `No prices for ${model.id} in catalog ${catalog.version}.`);
  const region = workload.region ?? model.region ?? catalog.catalog.defaultRegion;
  const warnings: string[] = [];
  if (workload.region === undefined && model.region === undefined && model.provider === 'bedrock') {
    warnings.push(`No --region given; priced as ${region}.`);
  }

  const { requests } = workload;
  const plain: ScenarioTokens = {
    inputTokens: requests * workload.inputTokens,
    cacheReadTokens: 0,
    cacheWrite5mTokens: 0,
    cacheWrite1hTokens: 0,
    outputTokens: requests * workload.outputTokens,
  };
  const price = (tokens: ScenarioTokens, mode: 'on-demand' | 'batch'): Cost => {
    const cost = priceUsage({ model: workload.model, region, mode, ...tokens }, catalog);
    for (const warning of cost.warnings) if (!warnings.includes(warning) && !warning.startsWith('No Region given')) warnings.push(warning);
    return cost;
  };

  const onDemand = price(plain, 'on-demand');
  const scenario = (name: ScenarioName, tokens: ScenarioTokens, cost: Cost, reason?: string): Scenario => {
    const saving = onDemand.total === null || cost.total === null ? null : onDemand.total - cost.total;
    return {
      name,
      available: reason === undefined,
      ...(reason !== undefined && { reason }),
      tokens,
      cost,
      saving: saving === null ? null : Math.round(saving * 1e10) / 1e10,
      savingPercent: saving === null || !onDemand.total ? null : saving / onDemand.total,
    };
  };

  const scenarios: Scenario[] = [scenario('on-demand', plain, onDemand)];
  scenarios.push(
    entry.batch.supported
      ? scenario('batch', plain, price(plain, 'batch'))
      : scenario('batch', plain, onDemand, `Bedrock does not offer batch inference for ${entry.name}.`),
  );

  if (workload.cachedPrefixTokens !== undefined && workload.cacheHitRate !== undefined) {
    const ttl = workload.cacheTtl ?? '5m';
    let prefix = workload.cachedPrefixTokens;
    if (entry.caching.supported && entry.caching.maxCachedTokens !== undefined && prefix > entry.caching.maxCachedTokens) {
      warnings.push(`${entry.name} caches at most ${entry.caching.maxCachedTokens} tokens; the rest of the prefix is billed as input.`);
      prefix = entry.caching.maxCachedTokens;
    }
    const blocker = cachingBlocker(entry.caching, prefix, ttl, entry.name);
    if (blocker !== undefined) {
      scenarios.push(scenario('caching', plain, onDemand, blocker));
    } else {
      const hits = Math.round(requests * workload.cacheHitRate);
      const misses = requests - hits;
      const tokens: ScenarioTokens = {
        inputTokens: requests * (workload.inputTokens - prefix),
        cacheReadTokens: hits * prefix,
        cacheWrite5mTokens: ttl === '5m' ? misses * prefix : 0,
        cacheWrite1hTokens: ttl === '1h' ? misses * prefix : 0,
        outputTokens: plain.outputTokens,
      };
      scenarios.push(scenario('caching', tokens, price(tokens, 'on-demand')));
    }
  }
  return { model, region, workload, scenarios, warnings };
}
