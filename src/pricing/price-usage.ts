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
  type Usage,
  type UsageInput,
  usageSchema,
} from '../core/index.js';
import { InvalidArgumentError } from '../core/index.js';
import type { PricingCatalog } from './create-pricing-catalog.js';
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
 * Prices one usage record (one call or an aggregate) against the catalog, in any mode. Pure.
 * A model, Region or bucket the catalog cannot price gives `null` for that part and a warning
 * naming the model; the total is null unless every billed bucket is priced. Never a silent 0.
 */
export function priceUsage(input: UsageInput | Usage, catalog: PricingCatalog): Cost {
  const usage = validateUsage(input);
  const resolved = normalizeModelId(usage.model, catalog.registry);
  if (!resolved.ok) return unpriced(catalog, resolved.error.message);
  const model = resolved.model;
  const priced = catalog.model(model.id);
  if (!priced) return unpriced(catalog, `No prices for ${model.id} in catalog ${catalog.version}.`);

  const warnings: string[] = [];
  let region = usage.region ?? model.region;
  if (region === undefined) {
    region = catalog.catalog.defaultRegion;
    if (model.provider === 'bedrock') warnings.push(`No Region given for ${model.id}; priced as ${region}.`);
  }
  const mode = model.provisioned ? 'provisioned' : usage.mode;
  if (mode === 'provisioned') return priceProvisioned(usage, catalog, model.id, region, warnings);

  const found = findPriceRow(priced, { region, scope: model.scope, mode, ...(usage.time !== undefined && { time: usage.time }) });
  if (!found.ok) return unpriced(catalog, `${found.reason}; cost unknown.`);
  warnings.push(...found.warnings);
  const { row } = found;

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
