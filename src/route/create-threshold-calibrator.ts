import { InvalidArgumentError } from '../core/index.js';
import { calibrateThreshold, shareForCostCeiling, thresholdOfSorted } from './calibrate-threshold.js';

/** What the threshold is held to: a share of traffic for the top tier, or a mean cost per request. */
export type RouteTarget =
  | { strongShare: number }
  | {
      maxCostPerRequest: number;
      /** Mean USD per request on each tier of the ladder, cheapest first (from bench results, the ledger, or `estimateTierCosts`). */
      meanCostPerRequest: readonly number[];
    };

export interface ThresholdCalibratorOptions {
  target: RouteTarget;
  /** Scores to start from (the model file's held-out sample) until enough traffic is seen. */
  referenceScores: readonly number[];
  /** Recent decisions kept for recalibration. */
  windowSize?: number;
  /** Recalibrate after this many new decisions. */
  recalibrateEvery?: number;
  /** Traffic needed before the window replaces the reference sample. */
  minSamples?: number;
}

export interface ThresholdCalibrator {
  /** The threshold now in force. */
  threshold(): number;
  /** The share of top-tier traffic the threshold aims at. */
  targetShare(): number;
  /** Records a routed request's score; recalibrates every `recalibrateEvery` observations. */
  observe(score: number): void;
  /** Where the threshold comes from, for explanations. */
  describe(): string;
}

/**
 * Keeps the classifier's threshold at the user's business target on their own recent traffic:
 * a ring buffer of the last scores, whose (1 − share) quantile becomes the threshold every
 * `recalibrateEvery` decisions. Until `minSamples` decisions are seen, the model file's held-out
 * sample stands in. Calibration is on scores only: no labels are needed at run time.
 */
export function createThresholdCalibrator(options: ThresholdCalibratorOptions): ThresholdCalibrator {
  const { target, referenceScores, windowSize = 2000, recalibrateEvery = 100, minSamples = 200 } = options;
  let share: number;
  if ('strongShare' in target) share = target.strongShare;
  else {
    const costs = target.meanCostPerRequest;
    if (costs.length < 2) throw new InvalidArgumentError('meanCostPerRequest', 'A cost ceiling needs the mean cost per request of at least the cheapest and the top tier.');
    share = shareForCostCeiling(target.maxCostPerRequest, costs[0] as number, costs[costs.length - 1] as number);
  }
  const window = new Float64Array(windowSize);
  // The window's scores kept sorted as they come and go (a binary search and a move of at most
  // `windowSize` numbers per decision), so recalibrating reads a quantile instead of sorting
  // 2,000 scores every 100 decisions: no latency spike on one decision in a hundred.
  const sorted = new Float64Array(windowSize);
  let seen = 0;
  let sinceCalibration = 0;
  let current = calibrateThreshold(referenceScores, share);
  let source = `${referenceScores.length} reference scores from the model file`;

  /** First index in sorted[0, length) whose score is not below `score` (`after`: above it). */
  const search = (score: number, length: number, after: boolean): number => {
    let low = 0;
    let high = length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const value = sorted[middle] as number;
      if (value < score || (after && value === score)) low = middle + 1;
      else high = middle;
    }
    return low;
  };

  return {
    threshold: () => current,
    targetShare: () => share,
    observe(score) {
      let filled = Math.min(seen, windowSize);
      if (seen >= windowSize) {
        // The oldest score leaves: any equal entry will do.
        const leaving = search(window[seen % windowSize] as number, filled, false);
        sorted.copyWithin(leaving, leaving + 1, filled);
        filled -= 1;
      }
      const at = search(score, filled, true);
      sorted.copyWithin(at + 1, at, filled);
      sorted[at] = score;
      window[seen % windowSize] = score;
      seen += 1;
      sinceCalibration += 1;
      if (seen >= minSamples && sinceCalibration >= recalibrateEvery) {
        filled = Math.min(seen, windowSize);
        current = thresholdOfSorted(sorted, filled, share);
        source = `the last ${filled} routed requests`;
        sinceCalibration = 0;
      }
    },
    describe: () => `threshold ${current.toFixed(4)} = the ${((1 - share) * 100).toFixed(1)}th percentile of scores over ${source}, so about ${(share * 100).toFixed(1)}% of traffic goes to the top tier`,
  };
}
