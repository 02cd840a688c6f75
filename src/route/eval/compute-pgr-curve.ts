import { InvalidArgumentError } from '../../core/index.js';

/**
 * The two-tier routing metrics of RouteLLM (`routellm/evals/benchmarks.py` and `evaluate.py` at
 * lm-sys/RouteLLM@0b64fdaf), ported so our figures can be compared with theirs.
 *
 * A router gives every prompt a score ("how much does this prompt need the strong model"); a
 * threshold sends prompts scoring at or above it to the strong model. RouteLLM cuts the scores
 * into 10 equal-count bins (`pd.qcut`) and uses the 11 bin edges as thresholds, which yields 11
 * (strong-call share, quality) points from 100% to 0% strong calls.
 */

/** Per-prompt quality of the weak and the strong model (1/0 for correct/wrong, or any 0..1 score). */
export interface PairOutcome {
  weak: number;
  strong: number;
}

export interface CurvePoint {
  /** Share of prompts sent to the strong model, 0..1. */
  strongShare: number;
  /** Mean quality over all prompts when routed this way (same scale as the outcomes). */
  quality: number;
  /** Performance gap recovered: (quality − weak) / (strong − weak). */
  pgr: number;
  /** The score threshold that produced this point (undefined for share-based curves such as the oracle's). */
  threshold?: number;
}

export interface PairBaseline {
  weakQuality: number;
  strongQuality: number;
}

export function meanQuality(outcomes: readonly PairOutcome[]): PairBaseline {
  if (outcomes.length === 0) throw new InvalidArgumentError('outcomes', 'No outcomes to evaluate: the data set is empty after filtering.');
  let weak = 0;
  let strong = 0;
  for (const outcome of outcomes) {
    weak += outcome.weak;
    strong += outcome.strong;
  }
  return { weakQuality: weak / outcomes.length, strongQuality: strong / outcomes.length };
}

/** PGR of a quality value; 0 when both models score the same (there is no gap to recover). */
export function performanceGapRecovered(quality: number, baseline: PairBaseline): number {
  const gap = baseline.strongQuality - baseline.weakQuality;
  return gap === 0 ? 0 : (quality - baseline.weakQuality) / gap;
}

/**
 * Quantile edges as pandas computes them for `qcut` (numpy's default "linear" interpolation:
 * position h = (n − 1)·q between the sorted values). RouteLLM lets pandas raise on duplicate
 * edges; we drop the duplicates instead (pandas' `duplicates="drop"`), so a score with many ties
 * (prompt length, a rule) yields fewer than 11 points rather than an error.
 */
export function quantileEdges(scores: readonly number[], bins: number): number[] {
  if (scores.length === 0) return [];
  const sorted = Float64Array.from(scores).sort();
  const edges: number[] = [];
  for (let index = 0; index <= bins; index += 1) {
    const position = ((sorted.length - 1) * index) / bins;
    const lower = Math.floor(position);
    const upper = Math.min(lower + 1, sorted.length - 1);
    const low = sorted[lower] as number;
    const edge = low + (position - lower) * ((sorted[upper] as number) - low);
    if (edges.length === 0 || edge !== edges[edges.length - 1]) edges.push(edge);
  }
  return edges;
}

function point(outcomes: readonly PairOutcome[], toStrong: (index: number) => boolean, baseline: PairBaseline, threshold?: number): CurvePoint {
  let strongCalls = 0;
  let total = 0;
  for (let index = 0; index < outcomes.length; index += 1) {
    const outcome = outcomes[index] as PairOutcome;
    if (toStrong(index)) {
      strongCalls += 1;
      total += outcome.strong;
    } else {
      total += outcome.weak;
    }
  }
  const quality = total / outcomes.length;
  return {
    strongShare: strongCalls / outcomes.length,
    quality,
    pgr: performanceGapRecovered(quality, baseline),
    ...(threshold !== undefined && { threshold }),
  };
}

/**
 * RouteLLM's curve for a scoring router: thresholds at the quantile edges; at every edge but the
 * last, prompts with score ≥ edge go to the strong model; at the last (the maximum) score > edge,
 * i.e. none. Points are returned sorted by strong-call share, ascending.
 */
export function computePgrCurve(scores: readonly number[], outcomes: readonly PairOutcome[], bins = 10): CurvePoint[] {
  if (scores.length !== outcomes.length) {
    throw new InvalidArgumentError('scores', `Got ${scores.length} scores for ${outcomes.length} outcomes; every prompt needs one score.`);
  }
  const baseline = meanQuality(outcomes);
  const edges = quantileEdges(scores, bins);
  const points = edges.map((edge, index) =>
    index === edges.length - 1
      ? point(outcomes, (at) => (scores[at] as number) > edge, baseline, edge)
      : point(outcomes, (at) => (scores[at] as number) >= edge, baseline, edge),
  );
  return points.sort((a, b) => a.strongShare - b.strongShare);
}

/**
 * The curve at fixed strong-call shares (0, 1/bins, ..., 1) for a router given as a ranking: the
 * first round(share·n) prompts of `order` go to the strong model. Used for the oracle, whose score
 * (strong − weak ∈ {−1, 0, 1}) has too many ties for quantile bins.
 */
export function computeCurveAtShares(order: readonly number[], outcomes: readonly PairOutcome[], bins = 10): CurvePoint[] {
  const baseline = meanQuality(outcomes);
  const rank = new Int32Array(outcomes.length).fill(outcomes.length);
  order.forEach((index, position) => {
    rank[index] = position;
  });
  const points: CurvePoint[] = [];
  for (let step = 0; step <= bins; step += 1) {
    const strongCalls = Math.round((step / bins) * outcomes.length);
    points.push(point(outcomes, (at) => (rank[at] as number) < strongCalls, baseline));
  }
  return points;
}
