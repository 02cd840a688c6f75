import type { CostBucket, UsageMode } from './usage.js';
import type { InferenceScope } from './model-ref.js';

export type PricingStatus = 'priced' | 'partial' | 'unpriced';

/** Which price card a cost came from, so every figure can be traced to a catalog row. */
export interface PriceReference {
  modelId: string;
  region: string;
  scope: InferenceScope | 'n/a';
  mode: UsageMode;
  effectiveDate: string;
  source: string;
  /** True when a user override (negotiated or private pricing) replaced the catalog price. */
  overridden: boolean;
}

export interface Cost {
  /** USD; null when any billed bucket could not be priced. Never a silent 0. */
  total: number | null;
  /** USD per bucket; null for a bucket with tokens but no price. */
  byBucket: Partial<Record<CostBucket, number | null>>;
  pricingStatus: PricingStatus;
  priceVersion: string;
  currency: 'USD';
  price?: PriceReference;
  warnings: string[];
}
