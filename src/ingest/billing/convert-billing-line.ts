import { type TokenBucket, type UsageRow, usageModes } from '../../core/index.js';
import { type PricingCatalog, priceUsage } from '../../pricing/index.js';
// The Price List parser is not on the pricing index; the usage types in CUR are the same strings.
import { parsePriceListUsageType } from '../../pricing/parse-price-list-usage-type.js';
import type { UsageRowDraft } from '../invocation-log/parse-invocation-log-record.js';
import { unknownRequestDetails } from '../unknown-request-details.js';
import type { BillingModelResolver } from './create-billing-model-resolver.js';
import type { BillingLine } from './read-billing-line.js';
import { readTokenUnit } from './read-token-unit.js';

export type BillingRowDraft = UsageRowDraft & Pick<UsageRow, 'cost' | 'costBasis' | 'billedCost' | 'catalogCost' | 'costByBucket' | 'pricingStatus' | 'priceVersion' | 'pricingNote'>;

const tokenFields: Record<TokenBucket, 'inputTokens' | 'cacheReadTokens' | 'cacheWrite5mTokens' | 'cacheWrite1hTokens' | 'outputTokens'> = {
  input: 'inputTokens',
  cacheRead: 'cacheReadTokens',
  cacheWrite5m: 'cacheWrite5mTokens',
  cacheWrite1h: 'cacheWrite1hTokens',
  output: 'outputTokens',
};

/** Bill and catalog differ enough to say so: over 1% and over a tenth of a cent. */
function compare(billed: number, catalog: number): string | undefined {
  const difference = billed - catalog;
  if (Math.abs(difference) <= 0.001 || Math.abs(difference) <= Math.abs(catalog) * 0.01) return undefined;
  const percent = catalog === 0 ? '' : ` (${difference > 0 ? '+' : ''}${((difference / catalog) * 100).toFixed(1)}%)`;
  return `billed $${billed} vs catalog $${catalog.toFixed(6).replace(/0+$/, '').replace(/\.$/, '')}${percent}`;
}

/**
 * A Bedrock billing line to a ledger row draft. The bill is the cost (`costBasis: billed`); the
 * usage type names the token bucket, mode and scope through the Price List parser, the model
 * through the Price List model map; where the model, Region and bucket are known, the catalog
 * prices the same tokens for comparison. Lines frugal cannot split into tokens (Provisioned
 * Throughput hours, images, latency-optimized) keep their cost and say why.
 */
export function convertBillingLine(line: BillingLine, context: { source: 'cur' | 'focus'; requestId: string; sourceFile: string; sourceLine: number | null; pricing: PricingCatalog; resolveModel: BillingModelResolver }): BillingRowDraft {
  const notes: string[] = [];
  const parsed = line.usageType === null ? undefined : parsePriceListUsageType(line.usageType);
  if (parsed !== undefined && !parsed.ok) notes.push(`usage type ${line.usageType}: ${parsed.reason}`);
  if (line.usageType === null) notes.push('no usage type column (x_UsageType / line_item_usage_type): token bucket unknown');
  const usageType = parsed?.ok === true ? parsed : undefined;
  // A usage type the parser refuses (Provisioned Throughput hours, say) may still name the model in one of its parts.
  const parts = usageType === undefined ? (line.usageType?.split('-').slice(1) ?? []) : [];
  const model = context.resolveModel([usageType?.modelName, line.productName, line.serviceName, ...parts]);
  if (model === undefined) notes.push(`model not recognised from ${[usageType?.modelName, line.productName].filter(Boolean).join(' / ') || 'the row'}`);

  const perUnit = readTokenUnit(line.unit, line.usageType);
  const tokens = usageType !== undefined && perUnit !== undefined && line.quantity !== null ? Math.round(line.quantity * perUnit) : undefined;
  if (usageType !== undefined && tokens === undefined) notes.push(`token count unknown: quantity ${line.quantity ?? 'missing'} in unit "${line.unit ?? 'missing'}"`);
  const counts = { inputTokens: 0, cacheReadTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, outputTokens: 0 };
  if (usageType !== undefined && tokens !== undefined) counts[tokenFields[usageType.bucket]] = Math.max(0, tokens);

  const provisioned = /provision|modelunit/i.test(`${line.usageType ?? ''} ${line.operation ?? ''}`);
  const mode = provisioned ? 'provisioned' : (usageType?.mode ?? 'on-demand');
  let catalogCost: number | null = null;
  let priceVersion: string | null = null;
  if (model !== undefined && usageType !== undefined && tokens !== undefined && (usageModes as readonly string[]).includes(mode) && line.region !== null) {
    const cost = priceUsage({ model: usageType.scope === 'global' ? `global.${model.id}` : model.id, region: line.region, mode, ...counts, time: line.start }, context.pricing);
    catalogCost = cost.total;
    priceVersion = cost.priceVersion;
    if (cost.total === null) notes.push(`catalog: ${cost.warnings.join('; ')}`);
  }
  if (catalogCost !== null && line.billedCost !== null) {
    const difference = compare(line.billedCost, catalogCost);
    if (difference !== undefined) notes.push(difference);
  }
  const costByBucket = { input: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: 0 } as UsageRow['costByBucket'];
  if (usageType !== undefined) costByBucket[usageType.bucket] = line.billedCost;

  return {
    source: context.source,
    requestId: context.requestId,
    sourceFile: context.sourceFile,
    sourceLine: context.sourceLine,
    provider: 'bedrock',
    serviceName: line.serviceName ?? 'Amazon Bedrock',
    region: line.region,
    inferenceRegion: null,
    accountId: line.accountId,
    callerArn: line.callerArn,
    operation: line.operation,
    modelId: model?.id ?? null,
    rawModelId: usageType?.modelName ?? line.productName ?? line.usageType ?? 'unknown',
    modelFamily: model?.family ?? null,
    modelTier: model?.tier ?? null,
    inferenceScope: usageType?.scope === 'global' ? 'global' : null,
    inferenceProfile: null,
    mode,
    usageType: line.usageType,
    requestCount: null,
    usageStart: line.start,
    usageEnd: line.end,
    ...counts,
    metadata: line.tags,
    ...unknownRequestDetails(),
    cost: line.billedCost,
    costBasis: 'billed',
    billedCost: line.billedCost,
    catalogCost,
    costByBucket,
    pricingStatus: line.billedCost === null ? 'unpriced' : 'priced',
    priceVersion,
    pricingNote: notes.length === 0 ? null : notes.join('; '),
  };
}
