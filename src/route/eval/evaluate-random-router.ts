import { type CurvePoint, type PairOutcome, computePgrCurve } from './compute-pgr-curve.js';
import { createSeededRandom } from '../../core/index.js';
import { type PairRouterSummary, summarizePairCurve } from './summarize-pair-curve.js';

export interface RandomRouterOptions {
  /** Runs to average (RouteLLM's figures come from a handful; 10 keeps the noise near ±0.01 APGR). */
  seeds?: number;
  bins?: number;
  firstSeed?: number;
}

/**
 * RouteLLM's `random` router (a uniform score per prompt) through the same quantile bins,
 * averaged point by point over several seeds. Its APGR is ≈ 0.5 and CPT(x) ≈ x by construction;
 * a router that does not beat it has learnt nothing.
 */
export function evaluateRandomRouter(outcomes: readonly PairOutcome[], options: RandomRouterOptions = {}): PairRouterSummary {
  const { seeds = 10, bins = 10, firstSeed = 0 } = options;
  let sum: CurvePoint[] | undefined;
  for (let run = 0; run < seeds; run += 1) {
    const random = createSeededRandom(firstSeed + run);
    const points = computePgrCurve(outcomes.map(() => random()), outcomes, bins);
    sum = sum === undefined ? points.map((point) => ({ ...point })) : sum.map((point, index) => addPoints(point, points[index] as CurvePoint));
  }
  const mean = (sum ?? []).map(({ threshold: _threshold, ...point }) => ({
    strongShare: point.strongShare / seeds,
    quality: point.quality / seeds,
    pgr: point.pgr / seeds,
  }));
  return summarizePairCurve('random', mean, `uniform scores, mean of ${seeds} seeds`);
}

function addPoints(a: CurvePoint, b: CurvePoint): CurvePoint {
  return { strongShare: a.strongShare + b.strongShare, quality: a.quality + b.quality, pgr: a.pgr + b.pgr };
}
