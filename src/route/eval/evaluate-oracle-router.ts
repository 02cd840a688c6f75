import { type PairOutcome, computeCurveAtShares } from './compute-pgr-curve.js';
import { type PairRouterSummary, summarizePairCurve } from './summarize-pair-curve.js';

/**
 * The ceiling: prompts sent to the strong model in descending order of true gain (strong − weak),
 * so the first calls go where only the strong model is right and the last where only the weak one
 * is. Curves at exact shares, since the gain has too many ties for quantile bins. Its APGR exceeds
 * 1 whenever the weak model is right on some prompts the strong model gets wrong.
 */
export function evaluateOracleRouter(outcomes: readonly PairOutcome[], bins = 10): PairRouterSummary {
  const order = outcomes
    .map((outcome, index) => ({ index, gain: outcome.strong - outcome.weak }))
    .sort((a, b) => b.gain - a.gain || a.index - b.index)
    .map((entry) => entry.index);
  return summarizePairCurve('oracle', computeCurveAtShares(order, outcomes, bins), 'knows every answer; the ceiling, not a target');
}
