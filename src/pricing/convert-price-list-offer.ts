import { z } from 'zod';
import { CatalogError, ParseError, createModelRegistry } from '../core/index.js';
import modelMapData from './data/price-list-model-map.json' with { type: 'json' };
import type { Catalog, ModelEntry, PriceMode, PriceRow, PriceScope } from './catalog-schema.js';
import { formatSchemaIssues, parseCatalog } from './parse-catalog.js';
import { type PriceBucket, parsePriceListUsageType, priceBuckets } from './parse-price-list-usage-type.js';

/**
 * A deliberately partial schema of an AWS Price List offer file (Bulk API, JSON): only the fields
 * the converter reads are checked, and every object stays open, because AWS adds attributes and
 * fields freely. `terms.OnDemand[sku][sku.offerTermCode].priceDimensions[rateCode]` holds prices.
 */
const priceDimensionSchema = z.looseObject({
  unit: z.string(),
  pricePerUnit: z.record(z.string(), z.string()),
  description: z.string().optional(),
});
const termSchema = z.looseObject({
  effectiveDate: z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'expected an ISO date'),
  priceDimensions: z.record(z.string(), priceDimensionSchema),
});
const termsBySkuSchema = z.record(z.string(), z.record(z.string(), termSchema));
const productSchema = z.looseObject({
  sku: z.string(),
  productFamily: z.string().optional(),
  attributes: z.record(z.string(), z.string()).default({}),
});
export const priceListOfferSchema = z.looseObject({
  formatVersion: z.string(),
  offerCode: z.string(),
  version: z.string(),
  publicationDate: z.string(),
  products: z.record(z.string(), productSchema),
  terms: z.looseObject({ OnDemand: termsBySkuSchema.default({}), Reserved: z.record(z.string(), z.unknown()).optional() }).default({ OnDemand: {} }),
});
export type PriceListOffer = z.output<typeof priceListOfferSchema>;

const modelMapSchema = z.object({
  $comment: z.string().optional(),
  models: z.array(
    z.object({
      id: z.string().min(1),
      usageTypeNames: z.array(z.string().min(1)).default([]),
      priceListNames: z.array(z.string().min(1)).default([]),
      evidence: z.enum(['observed', 'inferred']),
    }),
  ),
});
export type PriceListModelMap = z.input<typeof modelMapSchema>;

export interface PriceListOfferInput {
  /** Where the offer came from (file path or URL), for messages. */
  origin: string;
  data: unknown;
}

export interface ConvertPriceListOfferOptions {
  /** Only convert SKUs in these Regions. */
  regions?: readonly string[];
  /** Date the offer was fetched (YYYY-MM-DD), recorded on the catalog source. */
  retrieved?: string;
  /** Names AWS uses for models → catalog ids; the shipped `price-list-model-map.json` by default. */
  modelMap?: PriceListModelMap;
}

export type BucketPrices = Partial<Record<PriceBucket, number>>;
export interface PriceRowKey {
  model: string;
  region: string;
  scope: PriceScope;
  mode: PriceMode;
}
export interface ChangedRow extends PriceRowKey {
  effectiveDate: string;
  changes: { bucket: PriceBucket; old: number | undefined; new: number }[];
}
export interface AddedRow extends PriceRowKey {
  effectiveDate: string;
  prices: BucketPrices;
}
export interface UnmatchedSku {
  sku: string;
  usageType: string;
  region: string | undefined;
  reason: string;
}
export interface SkippedSku extends UnmatchedSku {
  unit: string | undefined;
  productFamily: string | undefined;
}
export interface MissingModel {
  /** The name AWS uses (usage-type model name, embedded id, or product name). */
  awsName: string;
  /** The catalog id the model map points at, when the map knows the name but the catalog lacks the id. */
  catalogId: string | undefined;
  regions: string[];
  skus: string[];
}
export interface PriceListConversionReport {
  offers: { origin: string; offerCode: string; version: string; publicationDate: string; source: string }[];
  changed: ChangedRow[];
  added: AddedRow[];
  /** Catalog rows the offer confirmed as they are. */
  unchanged: number;
  /** Token SKUs that could not become catalog prices, each with the reason. */
  unmatched: UnmatchedSku[];
  /** SKUs that are not per-token prices (provisioned throughput, images, reserved capacity, ...). */
  skipped: SkippedSku[];
  /** Token SKUs for models the catalog does not have. */
  missingModels: MissingModel[];
  /** SKUs outside the requested Regions. */
  outsideRegions: number;
}
export interface PriceListConversion {
  catalog: Catalog;
  report: PriceListConversionReport;
}

/** Token units AWS uses → decimal places to shift to reach USD per 1M tokens. */
const tokenUnits: Record<string, number> = { '1k tokens': 3, '1k token': 3, '1m tokens': 0, '1m token': 0, tokens: 6, token: 6 };

/**
 * USD per unit as AWS writes it ("0.0002500000" per 1K tokens) → USD per 1M tokens, by moving the
 * decimal point in the string and rounding to 9 decimals (half up), so no float noise gets in.
 */
export function scaleDecimalPrice(text: string, places: number): number | undefined {
  const match = /^(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (match === null || !/\d/.test(text)) return undefined;
  const whole = match[1] ?? '';
  const fraction = (match[2] ?? '').padEnd(places + 10, '0');
  const digits = `${whole}${fraction.slice(0, places + 9)}`;
  const roundUp = (fraction[places + 9] ?? '0') >= '5';
  const scaled = (BigInt(digits.length > 0 ? digits : '0') + (roundUp ? 1n : 0n)).toString().padStart(10, '0');
  return Number(`${scaled.slice(0, -9)}.${scaled.slice(-9)}`);
}

interface OfferPrice {
  sku: string;
  usageType: string;
  value: number;
  effectiveDate: string;
}
type SkuOutcome =
  | { kind: 'price'; model: string; key: PriceRowKey; bucket: PriceBucket; price: OfferPrice }
  | { kind: 'unmatched'; item: UnmatchedSku }
  | { kind: 'skipped'; item: SkippedSku }
  | { kind: 'missing'; awsName: string; catalogId: string | undefined; region: string; sku: string }
  | { kind: 'outside' };

interface Resolver {
  resolve(names: readonly (string | undefined)[]): { id: string } | { missing: string; catalogId: string | undefined } | undefined;
}

function createResolver(catalog: Catalog, mapInput: unknown): Resolver {
  const parsed = modelMapSchema.safeParse(mapInput);
  if (!parsed.success) throw new CatalogError('The Price List model map is invalid:', formatSchemaIssues(parsed.error));
  const byName = new Map<string, string>();
  for (const entry of parsed.data.models) {
    for (const name of [...entry.usageTypeNames, ...entry.priceListNames]) byName.set(name.toLowerCase(), entry.id);
  }
  const bedrock = catalog.models.filter((model) => model.provider === 'bedrock');
  const registry = createModelRegistry(bedrock.map(({ id, provider, publisher, name, family, tier, aliases }) => ({ id, provider, publisher, name, family, tier, aliases })));
  return {
    resolve(names) {
      const known = names.filter((name): name is string => name !== undefined && name.length > 0);
      for (const name of known) {
        const mapped = byName.get(name.toLowerCase());
        if (mapped !== undefined) {
          const model = registry.lookup(mapped.toLowerCase());
          return model === undefined ? { missing: name, catalogId: mapped } : { id: model.id };
        }
        // A mantle usage type embeds a real model id, which the catalog may know directly.
        const direct = name.includes('.') ? registry.lookup(name.toLowerCase()) : undefined;
        if (direct !== undefined) return { id: direct.id };
      }
      return known[0] === undefined ? undefined : { missing: known[0], catalogId: undefined };
    },
  };
}

/** The latest OnDemand term of a SKU and its single per-token price, or why there is none. */
function readSkuPrice(
  offer: PriceListOffer,
  sku: string,
): { unit: string; usd: string | undefined; effectiveDate: string } | { problem: string; skip: boolean; unit?: string } {
  const terms = Object.values(offer.terms.OnDemand[sku] ?? {});
  if (terms.length === 0) {
    const reserved = offer.terms.Reserved?.[sku] !== undefined;
    return reserved
      ? { problem: 'only Reserved terms (provisioned throughput / reserved capacity): not converted', skip: true }
      : { problem: 'no OnDemand price in the offer', skip: false };
  }
  const term = [...terms].sort((a, b) => b.effectiveDate.localeCompare(a.effectiveDate))[0] as (typeof terms)[number];
  const dimensions = Object.values(term.priceDimensions);
  const first = dimensions[0];
  if (first === undefined) return { problem: 'the OnDemand term has no price dimension', skip: false };
  const isToken = (unit: string): boolean => tokenUnits[unit.trim().toLowerCase()] !== undefined;
  if (!dimensions.some((dimension) => isToken(dimension.unit))) {
    return { problem: `priced per "${first.unit}", not per token`, skip: true, unit: first.unit };
  }
  if (dimensions.length > 1) return { problem: `${dimensions.length} price dimensions (tiered pricing) are not in the catalog format`, skip: false };
  return { unit: first.unit, usd: first.pricePerUnit.USD, effectiveDate: term.effectiveDate.slice(0, 10) };
}

function classifySku(offer: PriceListOffer, sku: string, resolver: Resolver, regions: readonly string[] | undefined): SkuOutcome {
  const product = offer.products[sku];
  const attributes = product?.attributes ?? {};
  const usageType = attributes.usagetype ?? '';
  const region = attributes.regionCode;
  const base = { sku, usageType, region };
  if (regions !== undefined && (region === undefined || !regions.includes(region))) return { kind: 'outside' };

  const price = readSkuPrice(offer, sku);
  if ('problem' in price) {
    return price.skip
      ? { kind: 'skipped', item: { ...base, reason: price.problem, unit: price.unit, productFamily: product?.productFamily } }
      : { kind: 'unmatched', item: { ...base, reason: price.problem } };
  }
  if (usageType === '') return { kind: 'unmatched', item: { ...base, reason: 'no usagetype attribute' } };
  if (region === undefined) return { kind: 'unmatched', item: { ...base, reason: 'no regionCode attribute' } };
  if (price.usd === undefined) return { kind: 'unmatched', item: { ...base, reason: 'no USD price' } };
  const places = tokenUnits[price.unit.trim().toLowerCase()] ?? 0;
  const value = scaleDecimalPrice(price.usd, places);
  if (value === undefined) return { kind: 'unmatched', item: { ...base, reason: `price "${price.usd}" is not a decimal number` } };

  const parsed = parsePriceListUsageType(usageType);
  if (!parsed.ok) return { kind: 'unmatched', item: { ...base, reason: parsed.reason } };
  // Marketplace products name the model in `servicename`: "Claude Sonnet 4.6 (Amazon Bedrock Edition)".
  const edition = /^(.*?)\s*\(Amazon Bedrock Edition\)\s*$/i.exec(attributes.servicename ?? '');
  const serviceName = edition?.[1];
  const resolved = resolver.resolve([parsed.modelName, attributes.model, serviceName]);
  if (resolved === undefined) return { kind: 'unmatched', item: { ...base, reason: 'no model name in the usage type or product attributes' } };
  if ('missing' in resolved) return { kind: 'missing', awsName: resolved.missing, catalogId: resolved.catalogId, region, sku };
  return {
    kind: 'price',
    model: resolved.id,
    key: { model: resolved.id, region, scope: parsed.scope, mode: parsed.mode },
    bucket: parsed.bucket,
    price: { sku, usageType, value, effectiveDate: price.effectiveDate },
  };
}

interface Group {
  key: PriceRowKey;
  source: string;
  buckets: Map<PriceBucket, OfferPrice>;
}

const keyText = (key: PriceRowKey): string => `${key.model}|${key.region}|${key.scope}|${key.mode}`;

function bucketValues(row: PriceRow | undefined): BucketPrices {
  const values: BucketPrices = {};
  if (row === undefined) return values;
  for (const bucket of priceBuckets) {
    const value = row[bucket];
    if (value !== undefined) values[bucket] = value;
  }
  return values;
}

/** Why the catalog cannot take these buckets for the model, per bucket; empty when all fit. */
function incompatibleBuckets(entry: ModelEntry, group: Group): Map<PriceBucket, string> {
  const problems = new Map<PriceBucket, string>();
  for (const bucket of group.buckets.keys()) {
    if (group.key.mode === 'batch' && !entry.batch.supported) {
      problems.set(bucket, `the catalog says ${entry.id} has no batch inference; set its batch rules before importing batch prices`);
    } else if (bucket.startsWith('cache') && !entry.caching.supported) {
      problems.set(bucket, `the catalog says ${entry.id} does not support prompt caching`);
    }
  }
  return problems;
}

function missingBuckets(entry: ModelEntry, mode: PriceMode, values: BucketPrices): PriceBucket[] {
  const required: PriceBucket[] = ['input', 'output'];
  if (entry.caching.supported && mode !== 'batch') {
    required.push('cacheRead', 'cacheWrite5m');
    if (entry.caching.ttls.includes('1h')) required.push('cacheWrite1h');
  }
  return required.filter((bucket) => values[bucket] === undefined);
}

/** Applies one (model, Region, scope, mode) group of offer prices to the model's rows. */
function applyGroup(entry: ModelEntry, group: Group, report: PriceListConversionReport): PriceRow | undefined {
  const { key } = group;
  const unmatch = (prices: Iterable<OfferPrice>, reason: string): undefined => {
    for (const price of prices) report.unmatched.push({ sku: price.sku, usageType: price.usageType, region: key.region, reason });
    return undefined;
  };
  for (const [bucket, reason] of incompatibleBuckets(entry, group)) {
    const price = group.buckets.get(bucket) as OfferPrice;
    group.buckets.delete(bucket);
    unmatch([price], reason);
  }
  if (group.buckets.size === 0) return undefined;

  const rows = entry.prices
    .filter((row) => row.mode === key.mode && row.scope === key.scope && (row.regions.includes(key.region) || row.regions.includes('*')))
    .sort((a, b) => b.effectiveDate.localeCompare(a.effectiveDate));
  const current = rows[0];
  if (current?.regions.includes('*')) {
    return unmatch(group.buckets.values(), `the catalog prices ${entry.id} for every Region (*); edit that row by hand`);
  }
  const offered: BucketPrices = {};
  for (const [bucket, price] of group.buckets) offered[bucket] = price.value;
  const values: BucketPrices = { ...bucketValues(current), ...offered };
  const missing = missingBuckets(entry, key.mode, values);
  if (missing.length > 0) {
    return unmatch(group.buckets.values(), `incomplete: the offer has no ${missing.join('/')} price for ${entry.id} ${key.region} ${key.scope} ${key.mode}, and the catalog has no row to keep it from`);
  }
  const changes = priceBuckets
    .filter((bucket) => offered[bucket] !== undefined && offered[bucket] !== current?.[bucket])
    .map((bucket) => ({ bucket, old: current?.[bucket], new: offered[bucket] as number }));
  if (current !== undefined && changes.length === 0) {
    report.unchanged += 1;
    return undefined;
  }

  const offerDate = [...group.buckets.values()].map((price) => price.effectiveDate).sort().at(-1) as string;
  const notes: string[] = [];
  const carried = priceBuckets.filter((bucket) => offered[bucket] === undefined && values[bucket] !== undefined);
  if (carried.length > 0 && current !== undefined) notes.push(`${carried.join(', ')} kept from the earlier row (${current.source}); the offer has no such price`);
  let effectiveDate = offerDate;
  if (current !== undefined && offerDate <= current.effectiveDate) {
    // The offer is the current price, but its term predates the catalog row: replace that row here.
    effectiveDate = current.effectiveDate;
    if (offerDate < current.effectiveDate) notes.push(`AWS term effective ${offerDate}; replaces the ${current.source} row of ${current.effectiveDate}`);
    current.regions = current.regions.filter((region) => region !== key.region);
    if (current.regions.length === 0) entry.prices.splice(entry.prices.indexOf(current), 1);
  }
  const row: PriceRow = {
    regions: [key.region],
    scope: key.scope,
    mode: key.mode,
    input: values.input as number,
    output: values.output as number,
    ...(values.cacheRead !== undefined && { cacheRead: values.cacheRead }),
    ...(values.cacheWrite5m !== undefined && { cacheWrite5m: values.cacheWrite5m }),
    ...(values.cacheWrite1h !== undefined && { cacheWrite1h: values.cacheWrite1h }),
    effectiveDate,
    source: group.source,
    ...(notes.length > 0 && { note: notes.join('; ') }),
  };
  if (current === undefined) report.added.push({ ...key, effectiveDate, prices: values });
  else report.changed.push({ ...key, effectiveDate, changes });
  return row;
}

/** New rows that differ only by Region become one row listing the Regions. */
function mergeRows(rows: readonly PriceRow[]): PriceRow[] {
  const merged = new Map<string, PriceRow>();
  for (const row of rows) {
    const { regions, ...rest } = row;
    const signature = JSON.stringify(rest);
    const existing = merged.get(signature);
    if (existing === undefined) merged.set(signature, { ...row, regions: [...regions] });
    else existing.regions.push(...regions);
  }
  return [...merged.values()].map((row) => ({ ...row, regions: [...row.regions].sort() }));
}

function parseOffer(input: PriceListOfferInput): PriceListOffer {
  const result = priceListOfferSchema.safeParse(input.data);
  if (!result.success) {
    throw new ParseError(`not an AWS Price List offer file:\n  - ${formatSchemaIssues(result.error).slice(0, 10).join('\n  - ')}`, { file: input.origin });
  }
  if (!result.data.offerCode.startsWith('AmazonBedrock')) {
    throw new ParseError(`offer ${result.data.offerCode} is not for Amazon Bedrock (expected AmazonBedrock, AmazonBedrockService or AmazonBedrockFoundationModels).`, { file: input.origin });
  }
  return result.data;
}

/**
 * Converts AWS Price List offer files for Amazon Bedrock into catalog prices. Every token SKU is
 * mapped to (model, Region, scope, mode, bucket) and lands in the returned catalog, or in the
 * report with a reason: nothing is dropped silently. Prices move to USD per 1M tokens exactly.
 * Changed prices become new rows dated by the AWS term, so earlier rows stay as history.
 */
export function convertPriceListOffer(
  input: PriceListOfferInput | readonly PriceListOfferInput[],
  catalog: Catalog,
  options: ConvertPriceListOfferOptions = {},
): PriceListConversion {
  const inputs: readonly PriceListOfferInput[] = Array.isArray(input) ? input : [input as PriceListOfferInput];
  const offers = inputs.map((each) => ({ origin: each.origin, offer: parseOffer(each) }));
  const resolver = createResolver(catalog, options.modelMap ?? modelMapData);
  const report: PriceListConversionReport = {
    offers: [],
    changed: [],
    added: [],
    unchanged: 0,
    unmatched: [],
    skipped: [],
    missingModels: [],
    outsideRegions: 0,
  };
  const groups = new Map<string, Group>();
  const missing = new Map<string, MissingModel>();

  for (const { origin, offer } of offers) {
    const source = `aws-price-list:${offer.offerCode}:${offer.version}`;
    report.offers.push({ origin, offerCode: offer.offerCode, version: offer.version, publicationDate: offer.publicationDate, source });
    for (const sku of Object.keys(offer.products)) {
      const outcome = classifySku(offer, sku, resolver, options.regions);
      if (outcome.kind === 'outside') report.outsideRegions += 1;
      else if (outcome.kind === 'unmatched') report.unmatched.push(outcome.item);
      else if (outcome.kind === 'skipped') report.skipped.push(outcome.item);
      else if (outcome.kind === 'missing') {
        const entry = missing.get(outcome.awsName) ?? { awsName: outcome.awsName, catalogId: outcome.catalogId, regions: [], skus: [] };
        if (!entry.regions.includes(outcome.region)) entry.regions.push(outcome.region);
        entry.skus.push(outcome.sku);
        missing.set(outcome.awsName, entry);
      } else {
        const id = keyText(outcome.key);
        const group = groups.get(id) ?? { key: outcome.key, source, buckets: new Map() };
        groups.set(id, group);
        const earlier = group.buckets.get(outcome.bucket);
        if (earlier === undefined) group.buckets.set(outcome.bucket, outcome.price);
        else if (earlier.value !== outcome.price.value) {
          // Two SKUs price the same thing differently: trust neither, say so.
          group.buckets.delete(outcome.bucket);
          const reason = `conflicting ${outcome.bucket} prices for ${id.replaceAll('|', ' ')}: ${earlier.sku} says ${earlier.value}, ${outcome.price.sku} says ${outcome.price.value} (USD per 1M)`;
          report.unmatched.push({ sku: earlier.sku, usageType: earlier.usageType, region: outcome.key.region, reason });
          report.unmatched.push({ sku: outcome.price.sku, usageType: outcome.price.usageType, region: outcome.key.region, reason });
        }
      }
    }
  }
  report.missingModels = [...missing.values()].map((entry) => ({ ...entry, regions: entry.regions.sort() }));

  const models: ModelEntry[] = structuredClone(catalog.models);
  const newRows = new Map<ModelEntry, PriceRow[]>();
  for (const group of groups.values()) {
    const entry = models.find((model) => model.id === group.key.model) as ModelEntry;
    const row = applyGroup(entry, group, report);
    if (row !== undefined) newRows.set(entry, [...(newRows.get(entry) ?? []), row]);
  }
  for (const [entry, rows] of newRows) entry.prices.push(...mergeRows(rows));
  const order = (row: PriceRowKey): string => `${String(models.findIndex((model) => model.id === row.model)).padStart(6, '0')}|${row.region}|${row.scope}|${row.mode}`;
  report.changed.sort((a, b) => order(a).localeCompare(order(b)));
  report.added.sort((a, b) => order(a).localeCompare(order(b)));

  const used = new Set([...newRows.values()].flat().map((row) => row.source));
  const sources = [...catalog.sources];
  for (const { offerCode, version, publicationDate, source } of report.offers) {
    if (!used.has(source) || sources.some((existing) => existing.id === source)) continue;
    sources.push({
      id: source,
      title: `AWS Price List offer ${offerCode}, version ${version}, published ${publicationDate}`,
      url: `https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/${offerCode}/${version}/index.json`,
      ...(options.retrieved !== undefined && { retrieved: options.retrieved }),
    });
  }
  const versions = [...new Set(report.offers.filter((offer) => used.has(offer.source)).map((offer) => offer.version))].sort();
  const version = versions.length === 0 ? catalog.version : `${catalog.version.replace(/\+aws-price-list\..*$/, '')}+aws-price-list.${versions.join('.')}`;
  const updated = parseCatalog({ ...catalog, version, sources, models }, 'catalog updated from the AWS Price List');
  return { catalog: updated, report };
}
