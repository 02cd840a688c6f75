import {
  CatalogError,
  createModelRegistry,
  type ModelInfo,
  type ModelRegistry,
  normalizeModelId,
} from '../core/index.js';
import type { Catalog, ModelEntry, PriceRow, ProvisionedRate } from './catalog-schema.js';
import { defaultCatalog } from './default-catalog.js';
import { type PricingOverrides, type PricingOverridesInput, pricingOverridesSchema } from './pricing-overrides-schema.js';
import { formatSchemaIssues, parseCatalog } from './parse-catalog.js';

export interface ResolvedPriceRow extends PriceRow {
  /** The row (or part of it) comes from the user's overrides, not the shipped catalog. */
  overridden: boolean;
}
export interface ResolvedProvisionedRate extends ProvisionedRate {
  overridden: boolean;
}
export interface PricedModel {
  entry: ModelEntry;
  prices: ResolvedPriceRow[];
  provisioned: ResolvedProvisionedRate[];
}

/** The catalog ready for pricing: overrides merged, ids indexed. Build it once and reuse it. */
export interface PricingCatalog {
  readonly catalog: Catalog;
  /** Catalog version, suffixed when user overrides changed any price. */
  readonly version: string;
  readonly registry: ModelRegistry;
  readonly overridesApplied: boolean;
  model(canonicalId: string): PricedModel | undefined;
}

function modelInfo(entry: ModelEntry): ModelInfo {
  const { id, provider, publisher, name, family, tier, aliases } = entry;
  return { id, provider, publisher, name, family, tier, aliases };
}

/** A short stable fingerprint of the overrides, so two override sets give two price versions. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

function applyPriceOverride(priced: PricedModel, override: PricingOverrides['prices'][number]): string | undefined {
  const buckets = {
    ...(override.input !== undefined && { input: override.input }),
    ...(override.output !== undefined && { output: override.output }),
    ...(override.cacheRead !== undefined && { cacheRead: override.cacheRead }),
    ...(override.cacheWrite5m !== undefined && { cacheWrite5m: override.cacheWrite5m }),
    ...(override.cacheWrite1h !== undefined && { cacheWrite1h: override.cacheWrite1h }),
  };
  const matches = priced.prices.filter(
    (row) =>
      row.mode === override.mode &&
      row.scope === override.scope &&
      (override.regions.includes('*') || row.regions.some((region) => override.regions.includes(region))),
  );
  if (matches.length > 0 && override.regions.includes('*')) {
    for (const row of matches) Object.assign(row, buckets, { source: override.source, overridden: true });
    return undefined;
  }
  if (matches.length > 0) {
    // Split the matched rows so only the overridden Regions change.
    for (const row of matches) {
      const kept = row.regions.filter((region) => !override.regions.includes(region));
      const changed = row.regions.filter((region) => override.regions.includes(region));
      if (kept.length > 0) priced.prices.push({ ...row, regions: kept });
      Object.assign(row, buckets, { regions: changed, source: override.source, overridden: true });
    }
    return undefined;
  }
  if (override.input === undefined || override.output === undefined) {
    return `${priced.entry.id}: no ${override.mode} ${override.scope} price in ${override.regions.join(', ')} to adjust; give both input and output to add one`;
  }
  priced.prices.push({
    regions: override.regions,
    scope: override.scope,
    mode: override.mode,
    input: override.input,
    output: override.output,
    ...buckets,
    effectiveDate: override.effectiveDate,
    source: override.source,
    overridden: true,
  });
  return undefined;
}

function applyDiscount(priced: PricedModel, discount: PricingOverrides['discounts'][number]): void {
  const factor = 1 - discount.percent / 100;
  const scale = (value: number | undefined): number | undefined => (value === undefined ? undefined : Math.round(value * factor * 1e6) / 1e6);
  for (const row of priced.prices) {
    row.input = scale(row.input) ?? row.input;
    row.output = scale(row.output) ?? row.output;
    const cacheRead = scale(row.cacheRead);
    const cacheWrite5m = scale(row.cacheWrite5m);
    const cacheWrite1h = scale(row.cacheWrite1h);
    if (cacheRead !== undefined) row.cacheRead = cacheRead;
    if (cacheWrite5m !== undefined) row.cacheWrite5m = cacheWrite5m;
    if (cacheWrite1h !== undefined) row.cacheWrite1h = cacheWrite1h;
    row.source = `${row.source}; ${discount.percent}% off (${discount.source})`;
    row.overridden = true;
  }
}

/**
 * Merges user overrides (added models, negotiated prices, discounts, id aliases) into a catalog.
 * Overrides win and every row they touch is marked, so costs report them as overridden.
 */
export function createPricingCatalog(catalog: Catalog = defaultCatalog(), overridesInput: PricingOverridesInput = {}): PricingCatalog {
  const parsedOverrides = pricingOverridesSchema.safeParse(overridesInput);
  if (!parsedOverrides.success) {
    throw new CatalogError('The pricing overrides are invalid:', formatSchemaIssues(parsedOverrides.error));
  }
  const overrides = parsedOverrides.data;
  const merged: Catalog = overrides.models.length > 0
    ? parseCatalog({ ...catalog, models: [...catalog.models.filter((model) => !overrides.models.some((added) => added.id === model.id)), ...overrides.models] }, 'catalog with override models')
    : catalog;

  const models = new Map<string, PricedModel>();
  for (const entry of merged.models) {
    const addedByUser = overrides.models.some((added) => added.id === entry.id);
    models.set(entry.id, {
      entry,
      prices: entry.prices.map((row) => ({ ...row, overridden: addedByUser })),
      provisioned: entry.provisioned.map((rate) => ({ ...rate, overridden: addedByUser })),
    });
  }
  const registry = createModelRegistry(merged.models.map(modelInfo), overrides.modelAliases);

  const problems: string[] = [];
  for (const [alias, target] of Object.entries(overrides.modelAliases)) {
    if (registry.lookup(target.toLowerCase()) === undefined) problems.push(`modelAliases: "${alias}" points at unknown model "${target}"`);
  }
  const resolve = (id: string): PricedModel | undefined => {
    const result = normalizeModelId(id, registry);
    if (!result.ok) {
      problems.push(result.error.message);
      return undefined;
    }
    return models.get(result.model.id);
  };
  for (const override of overrides.prices) {
    const priced = resolve(override.model);
    const problem = priced && applyPriceOverride(priced, override);
    if (problem !== undefined) problems.push(problem);
  }
  for (const { model, ...rate } of overrides.provisioned) {
    const priced = resolve(model);
    if (!priced) continue;
    priced.provisioned = priced.provisioned.filter((existing) => existing.term !== rate.term || !existing.regions.some((region) => rate.regions.includes(region)));
    priced.provisioned.push({ ...rate, overridden: true });
  }
  for (const discount of overrides.discounts) {
    for (const priced of models.values()) {
      const { entry } = priced;
      const matches =
        (discount.provider === undefined || discount.provider === entry.provider) &&
        (discount.publisher === undefined || discount.publisher === entry.publisher) &&
        (discount.model === undefined || registry.lookup(discount.model.toLowerCase())?.id === entry.id);
      if (matches) applyDiscount(priced, discount);
    }
  }
  if (problems.length > 0) throw new CatalogError('The pricing overrides do not apply to the catalog:', problems);

  const changed = overrides.models.length + overrides.prices.length + overrides.provisioned.length + overrides.discounts.length > 0;
  return {
    catalog: merged,
    version: changed ? `${merged.version}+override.${fingerprint(JSON.stringify(overrides))}` : merged.version,
    registry,
    overridesApplied: changed,
    model: (canonicalId) => models.get(canonicalId),
  };
}
