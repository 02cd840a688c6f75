import type { UsageRow } from '../../src/core/index.js';
import { normalizeModelId } from '../../src/core/index.js';
import { type PricingCatalog, priceUsage } from '../../src/pricing/index.js';
import { makeUsageRow } from './make-usage-row.js';

export const sonnet4 = 'anthropic.claude-sonnet-4-20250514-v1:0';

/**
 * A ledger row priced exactly as ingest prices it (catalog price of its buckets, mode and Region),
 * with the model's family and tier from the catalog: detectors' savings can then be checked
 * against priceUsage by hand. `rawModelId` defaults to the `us.` profile of `modelId`.
 */
export function makePricedRow(catalog: PricingCatalog, overrides: Partial<UsageRow> & { requestId: string; usageStart: string }): UsageRow {
  const modelId = overrides.modelId ?? sonnet4;
  const rawModelId = overrides.rawModelId ?? (overrides.mode === 'provisioned' ? modelId : `us.${modelId}`);
  const resolved = normalizeModelId(modelId, catalog.registry);
  const entry = resolved.ok ? catalog.model(resolved.model.id)?.entry : undefined;
  const base = makeUsageRow({ modelId, rawModelId, ...(entry !== undefined && { modelFamily: entry.family, modelTier: entry.tier }), ...overrides });
  const cost = priceUsage(
    {
      model: base.rawModelId,
      ...(base.region !== null && { region: base.region }),
      mode: base.mode,
      inputTokens: base.inputTokens,
      cacheReadTokens: base.cacheReadTokens,
      cacheWrite5mTokens: base.cacheWrite5mTokens,
      cacheWrite1hTokens: base.cacheWrite1hTokens,
      outputTokens: base.outputTokens,
      time: base.usageStart,
    },
    catalog,
  );
  const bucket = (value: number | null | undefined): number | null => (value === undefined ? 0 : value);
  return {
    ...base,
    usageEnd: overrides.usageEnd ?? new Date(Date.parse(base.usageStart) + 1000).toISOString(),
    cost: cost.total,
    catalogCost: cost.total,
    costByBucket: { input: bucket(cost.byBucket.input), cacheRead: bucket(cost.byBucket.cacheRead), cacheWrite5m: bucket(cost.byBucket.cacheWrite5m), cacheWrite1h: bucket(cost.byBucket.cacheWrite1h), output: bucket(cost.byBucket.output) },
    pricingStatus: cost.pricingStatus,
    priceVersion: cost.priceVersion,
  };
}

/** ISO time `minutes` after a start. */
export function minutesAfter(start: string, minutes: number): string {
  return new Date(Date.parse(start) + minutes * 60_000).toISOString();
}
