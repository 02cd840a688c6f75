import type { InferenceScope } from '../core/index.js';
import type { PriceMode } from './catalog-schema.js';
import type { PricedModel, ResolvedPriceRow } from './create-pricing-catalog.js';

export interface PriceQuery {
  region: string;
  scope: InferenceScope;
  mode: PriceMode;
  /** Date of the call (YYYY-MM-DD...); the latest price in force then wins. */
  time?: string;
}

export type FindPriceRowResult =
  | { ok: true; row: ResolvedPriceRow; warnings: string[] }
  | { ok: false; reason: string };

/**
 * Picks the price row for a call: same mode and Region, the `global` row for `global.` profiles
 * (geo profiles and in-Region ids use the Regional row, since AWS bills cross-Region inference at
 * the source Region's price), and the latest effective date not after the call.
 */
export function findPriceRow(priced: PricedModel, query: PriceQuery): FindPriceRowResult {
  const { entry } = priced;
  const inRegion = priced.prices.filter(
    (row) => row.mode === query.mode && (row.regions.includes(query.region) || row.regions.includes('*')),
  );
  if (inRegion.length === 0) {
    const regions = [...new Set(priced.prices.filter((row) => row.mode === query.mode).flatMap((row) => row.regions))];
    if (regions.length === 0) return { ok: false, reason: `${entry.id} has no ${query.mode} price in the catalog${query.mode === 'batch' && !entry.batch.supported ? ' (Bedrock does not offer batch inference for it)' : ''}` };
    return { ok: false, reason: `${entry.id} has no ${query.mode} price for ${query.region}; the catalog prices it in ${regions.join(', ')}` };
  }

  const warnings: string[] = [];
  const wantedScope = query.scope === 'global' ? 'global' : 'regional';
  let candidates = inRegion.filter((row) => row.scope === wantedScope);
  if (candidates.length === 0) {
    candidates = inRegion;
    if (wantedScope === 'regional') {
      warnings.push(`${entry.id} is priced only through the global cross-Region profile in ${query.region}; used that price`);
    }
  }

  const day = query.time?.slice(0, 10);
  const sorted = [...candidates].sort((a, b) => b.effectiveDate.localeCompare(a.effectiveDate));
  const inForce = day === undefined ? sorted[0] : sorted.find((row) => row.effectiveDate <= day);
  if (inForce !== undefined) return { ok: true, row: inForce, warnings };
  const earliest = sorted[sorted.length - 1] as ResolvedPriceRow;
  warnings.push(`${entry.id}: the call on ${day} predates every catalog price (earliest ${earliest.effectiveDate}); used the earliest`);
  return { ok: true, row: earliest, warnings };
}
