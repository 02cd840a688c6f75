import { InvalidArgumentError } from '../core/index.js';

/**
 * The threshold that sends about `strongShare` of traffic to the top tier: the (1 − share)
 * quantile of routing scores on reference traffic (RouteLLM's `calibrate_threshold.py`, with the
 * same linear interpolation). A raw probability cut-off would mean a different share on every
 * workload; a share is what a budget owner can set.
 */
export function calibrateThreshold(scores: ArrayLike<number>, strongShare: number): number {
  if (!(strongShare >= 0 && strongShare <= 1)) throw new InvalidArgumentError('targetStrongShare', `The target share of top-tier traffic must be between 0 and 1, got ${strongShare}.`);
  if (scores.length === 0) throw new InvalidArgumentError('scores', 'Calibration needs at least one reference score.');
  if (strongShare === 0) return Number.POSITIVE_INFINITY;
  if (strongShare === 1) return Number.NEGATIVE_INFINITY;
  return thresholdOfSorted(Float64Array.from(scores).sort(), scores.length, strongShare);
}

/** `calibrateThreshold` on scores already sorted ascending (the first `length` of `sorted`). */
export function thresholdOfSorted(sorted: ArrayLike<number>, length: number, strongShare: number): number {
  if (strongShare === 0) return Number.POSITIVE_INFINITY;
  if (strongShare === 1) return Number.NEGATIVE_INFINITY;
  const position = (length - 1) * (1 - strongShare);
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, length - 1);
  return (sorted[lower] as number) + (position - lower) * ((sorted[upper] as number) - (sorted[lower] as number));
}

/**
 * The top-tier share a cost ceiling allows: with mean costs per request of the cheap and the top
 * tier, the share p with p·top + (1 − p)·cheap = ceiling, clamped to 0..1.
 */
export function shareForCostCeiling(maxCostPerRequest: number, cheapCost: number, topCost: number): number {
  if (!(maxCostPerRequest > 0)) throw new InvalidArgumentError('maxCostPerRequest', `The cost ceiling must be a positive number of USD, got ${maxCostPerRequest}.`);
  if (topCost <= cheapCost) return 1;
  return Math.min(1, Math.max(0, (maxCostPerRequest - cheapCost) / (topCost - cheapCost)));
}
