import {
  type Cost,
  type CostBucket,
  costOfTokens,
  costOfUnits,
  normalizeModelId,
  type Picodollars,
  picoToUsd,
  type PriceReference,
  tokenBuckets,
  tokensInBucket,
  type ModelRef,
  type Usage,
  type UsageInput,
  type UsageMode,
  usageSchema,
} from '../core/index.js';
import { InvalidArgumentError } from '../core/index.js';
import type { PricingCatalog, ResolvedPriceRow } from './create-pricing-catalog.js';
import { findPriceRow } from './find-price-row.js';
import { formatSchemaIssues } from './parse-catalog.js';

function unpriced(catalog: PricingCatalog, warning: string): Cost {
  return { total: null, byBucket: {}, pricingStatus: 'unpriced', priceVersion: catalog.version, currency: 'USD', warnings: [warning] };
}

function validateUsage(input: UsageInput | Usage): Usage {
  const result = usageSchema.safeParse(input);
  if (!result.success) throw new InvalidArgumentError('usage', `Invalid usage record: ${formatSchemaIssues(result.error).join('; ')}`);
  return result.data;
}

/**
 * What pricing a call takes from its model, Region, mode and day (not its token counts): the
 * price row, or why there is none. `priceUsage` reuses it per catalog (see `rateFor`).
 */
type TokenRate =
  | { kind: 'unpriced'; warning: string }
  | { kind: 'provisioned'; modelId: string; region: string; warnings: readonly string[] }
  | { kind: 'row'; model: ModelRef; region: string; mode: UsageMode; row: ResolvedPriceRow; warnings: readonly string[] };

function resolveTokenRate(usage: Usage, catalog: PricingCatalog): TokenRate {
  const resolved = normalizeModelId(usage.model, catalog.registry);
  if (!resolved.ok) return { kind: 'unpriced', warning: resolved.error.message };
  const model = resolved.model;
  const priced = catalog.model(model.id);
  if (!priced) return { kind: 'unpriced', warning: `No prices for ${model.id} in catalog ${catalog.version}.` };

  const warnings: string[] = [];
  let region = usage.region ?? model.region;
  if (region === undefined) {
    region = catalog.catalog.defaultRegion;
    if (model.provider === 'bedrock') warnings.push(`No Region given for ${model.id}; priced as ${region}.`);
  }
  const mode = model.provisioned ? 'provisioned' : usage.mode;
  if (mode === 'provisioned') return { kind: 'provisioned', modelId: model.id, region, warnings };

  const found = findPriceRow(priced, { region, scope: model.scope, mode, ...(usage.time !== undefined && { time: usage.time }) });
  if (!found.ok) return { kind: 'unpriced', warning: `${found.reason}; cost unknown.` };
  warnings.push(...found.warnings);
  return { kind: 'row', model, region, mode, row: found.row, warnings };
}

function costAtRate(usage: Usage, rate: TokenRate, catalog: PricingCatalog): Cost {
  if (rate.kind === 'unpriced') return unpriced(catalog, rate.warning);
  const warnings = [...rate.warnings];
  if (rate.kind === 'provisioned') return priceProvisioned(usage, catalog, rate.modelId, rate.region, warnings);
  const { model, region, mode, row } = rate;

  const byBucket: Partial<Record<CostBucket, number | null>> = {};
  let total: Picodollars = 0n;
  let missing = 0;
  let billed = 0;
  for (const bucket of tokenBuckets) {
    const tokens = tokensInBucket(usage, bucket);
    if (tokens === 0) {
      byBucket[bucket] = 0;
      continue;
    }
    billed += 1;
    const price = row[bucket];
    if (price === undefined) {
      byBucket[bucket] = null;
      missing += 1;
      warnings.push(`${model.id} has no ${bucket} price for ${mode} in ${region}; ${tokens} ${bucket} tokens left unpriced.`);
      continue;
    }
    const cost = costOfTokens(tokens, price);
    byBucket[bucket] = picoToUsd(cost);
    total += cost;
  }
  const price: PriceReference = {
    modelId: model.id,
    region,
    scope: model.scope,
    mode,
    effectiveDate: row.effectiveDate,
    source: row.source,
    overridden: row.overridden,
  };
  const pricingStatus = missing === 0 ? 'priced' : missing === billed ? 'unpriced' : 'partial';
  return {
    total: missing === 0 ? picoToUsd(total) : null,
    byBucket,
    pricingStatus,
    priceVersion: catalog.version,
    currency: 'USD',
    price,
    warnings,
  };
}

/**
 * Prices one usage record (one call or an aggregate) against the catalog, in any mode. Pure.
 * A model, Region or bucket the catalog cannot price gives `null` for that part and a warning
 * naming the model; the total is null unless every billed bucket is priced. Never a silent 0.
 */
export function priceUsage(input: UsageInput | Usage, catalog: PricingCatalog): Cost {
  return priceValidUsage(validateUsage(input), catalog);
}

/**
 * `priceUsage` for a caller whose usage is already valid (every field its schema fills in set,
 * counts whole and non-negative): a ledger row built from a validated record. Ingest prices
 * every record it reads, and validating the usage again cost as much as pricing it.
 */
export function priceValidUsage(usage: Usage, catalog: PricingCatalog): Cost {
  return costAtRate(usage, rateFor(usage, catalog), catalog);
}

/** Distinct (model, Region, mode, day) rates kept per catalog; the cache starts over when full. */
const maxRates = 10_000;
const ratesByCatalog = new WeakMap<PricingCatalog, Map<string, TokenRate>>();

/**
 * The last rate `rateFor` gave, with what it was for (~0.5 µs a record saved at ingest). Like the
 * cache, it changes no result; it keeps the one catalog it was for alive until another is used.
 */
let last: { catalog: PricingCatalog; model: string; region: string | undefined; mode: Usage['mode']; day: string; rate: TokenRate } | undefined;

/**
 * The price row of a call, resolved once per catalog, model id, Region, mode and day (all that
 * `resolveTokenRate` reads): logs and gateways repeat a handful of models, and resolving (id
 * parsing, the catalog's row search) cost more than the arithmetic. Catalogs are immutable, so
 * the cache changes no result.
 */
function rateFor(usage: Usage, catalog: PricingCatalog): TokenRate {
  const day = usage.time?.slice(0, 10) ?? '';
  // A log file's records mostly share all five: comparing them costs less than the key's hash.
  if (last !== undefined && last.catalog === catalog && last.model === usage.model && last.region === usage.region && last.mode === usage.mode && last.day === day) return last.rate;
  let rates = ratesByCatalog.get(catalog);
  if (rates === undefined) {
    rates = new Map();
    ratesByCatalog.set(catalog, rates);
  }
  const key = `${usage.model}\u0000${usage.region ?? ''}\u0000${usage.mode}\u0000${day}`;
  let rate = rates.get(key);
  if (rate === undefined) {
    rate = resolveTokenRate(usage, catalog);
    if (rates.size >= maxRates) rates.clear();
    rates.set(key, rate);
  }
  last = { catalog, model: usage.model, region: usage.region, mode: usage.mode, day, rate };
  return rate;
}

/** Provisioned Throughput: tokens cost nothing per call; the model-unit hours carry the bill. */
function priceProvisioned(usage: Usage, catalog: PricingCatalog, modelId: string, region: string, warnings: string[]): Cost {
  const byBucket: Partial<Record<CostBucket, number | null>> = {};
  for (const bucket of tokenBuckets) byBucket[bucket] = 0;
  const base = { priceVersion: catalog.version, currency: 'USD' as const };
  if (usage.modelUnitHours === undefined || usage.modelUnitHours === 0) {
    byBucket.modelUnitHours = 0;
    return { ...base, total: 0, byBucket, pricingStatus: 'priced', warnings };
  }
  const term = usage.commitment;
  const rate = term === undefined
    ? undefined
    : catalog.model(modelId)?.provisioned
        .filter((candidate) => candidate.term === term && (candidate.regions.includes(region) || candidate.regions.includes('*')))
        .sort((a, b) => b.effectiveDate.localeCompare(a.effectiveDate))[0];
  if (rate === undefined) {
    byBucket.modelUnitHours = null;
    const why = term === undefined ? 'no commitment term given' : `no published ${term} Provisioned Throughput rate in ${region}`;
    warnings.push(`${modelId}: ${why}; ${usage.modelUnitHours} model-unit hours left unpriced. Add the rate under pricing.provisioned in frugal.yaml.`);
    return { ...base, total: null, byBucket, pricingStatus: 'unpriced', warnings };
  }
  const cost = costOfUnits(usage.modelUnitHours, rate.hourlyPerUnit);
  byBucket.modelUnitHours = picoToUsd(cost);
  return {
    ...base,
    total: picoToUsd(cost),
    byBucket,
    pricingStatus: 'priced',
    price: { modelId, region, scope: 'n/a', mode: 'provisioned', effectiveDate: rate.effectiveDate, source: rate.source, overridden: rate.overridden },
    warnings,
  };
}
