import type { PricingCatalog } from '../pricing/index.js';
import type { UsageRowDraft } from './invocation-log/parse-invocation-log-record.js';
import { type RowCost, priceUsageRow } from './price-usage-row.js';

export interface ReportedCost {
  /** USD the source recorded for the call (bench `cost.generation`, span `frugal.cost.usd`); null when it did not. */
  usd: number | null;
  /** Who recorded it, for the note: `the bench run`, `the span`. */
  by: string;
  /** The catalog version the source priced with, when it says. */
  priceVersion?: string | null;
  /** False when the source did not report every token bucket: the tokens are then a lower bound. */
  tokensKnown: boolean;
}

/** Exact enough to find a difference of a fraction of a cent; `formatUsd` rounds to cents. */
const formatUsd = (usd: number): string => `$${usd}`;
const sameUsd = (a: number, b: number): boolean => Math.abs(a - b) < 5e-11;
const zeroBuckets = { input: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: 0 };
const unknownBuckets = { input: null, cacheRead: null, cacheWrite5m: null, cacheWrite1h: null, output: null };

/**
 * Prices a call from our own sources, which often recorded their own cost when they made it.
 * The recorded cost wins (it was priced with the served tier and the catalog of the day); the
 * catalog price of the same tokens is kept beside it as `catalogCost`, and the split by bucket is
 * the catalog's when the two agree, unknown (null) when they do not. Without a recorded cost the
 * catalog prices it, as for invocation logs; with unreported tokens the cost is unknown.
 */
export function priceWithReportedCost(row: UsageRowDraft, pricing: PricingCatalog, reported: ReportedCost): RowCost {
  const catalog = reported.tokensKnown ? priceUsageRow(row, pricing) : undefined;
  if (reported.usd === null) {
    if (catalog !== undefined) return catalog;
    return {
      cost: null,
      costBasis: 'catalog',
      billedCost: null,
      catalogCost: null,
      costByBucket: unknownBuckets,
      pricingStatus: 'unpriced',
      priceVersion: null,
      pricingNote: `${reported.by} reported neither every token count nor a cost; cost unknown`,
    };
  }
  if (catalog?.cost !== null && catalog !== undefined && sameUsd(catalog.cost, reported.usd)) return { ...catalog, cost: reported.usd, catalogCost: reported.usd };
  const notes = [
    `cost as ${reported.by} recorded it (${formatUsd(reported.usd)})`,
    catalog === undefined ? 'not every token count was reported' : catalog.cost === null ? `the catalog cannot price it: ${catalog.pricingNote ?? 'unknown'}` : `the catalog (${catalog.priceVersion ?? 'unknown version'}) prices these tokens at ${formatUsd(catalog.cost)}`,
  ];
  return {
    cost: reported.usd,
    costBasis: 'catalog',
    billedCost: null,
    catalogCost: catalog?.cost ?? null,
    costByBucket: reported.usd === 0 ? zeroBuckets : unknownBuckets,
    pricingStatus: 'priced',
    priceVersion: reported.priceVersion ?? catalog?.priceVersion ?? null,
    pricingNote: notes.join('; '),
  };
}
