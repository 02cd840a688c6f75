import { createSeededRandom } from '../../core/index.js';

export interface Interval {
  mean: number;
  low: number;
  high: number;
  n: number;
}

export function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

export function standardDeviation(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const average = mean(values);
  return Math.sqrt(values.reduce((sum, value) => sum + (value - average) ** 2, 0) / (values.length - 1));
}

/** Linear interpolation between order statistics (type 7, what spreadsheets and numpy use). */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return (sorted[below] as number) + ((sorted[above] as number) - (sorted[below] as number)) * (position - below);
}

/**
 * Mean with a percentile bootstrap confidence interval: resample the values with replacement
 * `resamples` times (seeded), take the 2.5th and 97.5th percentiles of the resampled means. No
 * normality assumption, which matters for accuracies near 0 or 1 and skewed judge scores.
 */
export function bootstrapMeanInterval(values: readonly number[], options: { seed: number; resamples?: number; level?: number }): Interval | null {
  const n = values.length;
  if (n === 0) return null;
  const average = mean(values);
  if (n === 1) return { mean: average, low: average, high: average, n };
  const random = createSeededRandom(options.seed);
  const resamples = options.resamples ?? 2000;
  const means = new Float64Array(resamples);
  for (let draw = 0; draw < resamples; draw += 1) {
    let sum = 0;
    for (let index = 0; index < n; index += 1) sum += values[Math.floor(random() * n)] as number;
    means[draw] = sum / n;
  }
  means.sort();
  const tail = (1 - (options.level ?? 0.95)) / 2;
  const at = (q: number): number => means[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))] as number;
  return { mean: average, low: at(tail), high: at(1 - tail), n };
}

/** Two-sided exact binomial test of k successes in n trials at p = 0.5 (McNemar's exact test, the sign test). */
export function binomialTwoSidedP(k: number, n: number): number {
  if (n === 0) return 1;
  const low = Math.min(k, n - k);
  // log-space sums keep n in the thousands exact enough.
  let logTerm = -n * Math.LN2;
  let cumulative = Math.exp(logTerm);
  for (let i = 1; i <= low; i += 1) {
    logTerm += Math.log((n - i + 1) / i);
    cumulative += Math.exp(logTerm);
  }
  return Math.min(1, 2 * cumulative);
}
