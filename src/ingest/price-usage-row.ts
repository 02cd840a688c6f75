import type { UsageRow } from '../core/index.js';
import { type PricingCatalog, priceValidUsage } from '../pricing/index.js';
import type { CostFields, UsageRowDraft } from './invocation-log/parse-invocation-log-record.js';

export type RowCost = Pick<UsageRow, CostFields>;

/** An unpriced cost has no buckets at all: a bucket with tokens is then unknown, an empty one 0. */
function bucket(value: number | null | undefined, tokens: number): number | null {
  return value === undefined ? (tokens > 0 ? null : 0) : value;
}

/**
 * Prices a call from the catalog with `priceUsage`, using the id as logged (so a `global.`
 * profile or a provisioned ARN prices as such), the source Region (where AWS bills cross-Region
 * inference) and the call's date (the price in force then). Unknown stays null, never 0.
 */
export function priceUsageRow(row: UsageRowDraft, catalog: PricingCatalog): RowCost {
  // The row's counts come from a validated record: whole, and never negative.
  const cost = priceValidUsage(
    {
      model: row.rawModelId,
      ...(row.region !== null && { region: row.region }),
      mode: row.mode,
      inputTokens: row.inputTokens,
      cacheReadTokens: row.cacheReadTokens,
      cacheWrite5mTokens: row.cacheWrite5mTokens,
      cacheWrite1hTokens: row.cacheWrite1hTokens,
      outputTokens: row.outputTokens,
      time: row.usageStart,
    },
    catalog,
  );
  const notes = [...cost.warnings];
  if (row.mode === 'provisioned') notes.push('Provisioned Throughput bills per model-unit hour, not per call; the call itself adds nothing');
  return {
    cost: cost.total,
    costBasis: 'catalog',
    billedCost: null,
    catalogCost: cost.total,
    costByBucket: {
      input: bucket(cost.byBucket.input, row.inputTokens),
      cacheRead: bucket(cost.byBucket.cacheRead, row.cacheReadTokens),
      cacheWrite5m: bucket(cost.byBucket.cacheWrite5m, row.cacheWrite5mTokens),
      cacheWrite1h: bucket(cost.byBucket.cacheWrite1h, row.cacheWrite1hTokens),
      output: bucket(cost.byBucket.output, row.outputTokens),
    },
    pricingStatus: cost.pricingStatus,
    priceVersion: cost.priceVersion,
    pricingNote: notes.length === 0 ? null : notes.join('; '),
  };
}
