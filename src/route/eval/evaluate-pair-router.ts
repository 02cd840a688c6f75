import { computePercentile } from './compute-percentile.js';
import { computePgrCurve, meanQuality, type PairOutcome, performanceGapRecovered } from './compute-pgr-curve.js';
import { type PairRouterSummary, summarizePairCurve } from './summarize-pair-curve.js';

/** A prompt's two outcomes with what each call cost (USD), where known. */
export interface PricedPairOutcome extends PairOutcome {
  weakCost?: number;
  strongCost?: number;
}

/** The router at its configured threshold, against always sending to the strong model. */
export interface OperatingPoint {
  threshold: number;
  strongShare: number;
  quality: number;
  pgr: number;
  /** Share of prompts sent where they belong: to the strong model exactly when it scores higher than the weak one. */
  routingAccuracy: number;
  /** Strong quality minus the router's, in the outcomes' units (share of prompts right, for 0/1 outcomes). */
  qualityLost: number;
  /** USD per request; null when the data has no costs. */
  costPerRequest: number | null;
  alwaysStrongCostPerRequest: number | null;
  /** 1 − cost / always-strong cost; with no costs, 1 − strong share (the weak model's cost taken as negligible, as RouteLLM does). */
  costSaved: number;
  costBasis: 'usd' | 'strong-call share';
}

export interface PairRouterEvaluation {
  summary: PairRouterSummary;
  operatingPoint?: OperatingPoint;
  /** Decision latency in microseconds, when measured. */
  latencyUs?: { p50: number; p99: number; samples: number };
}

export interface EvaluatePairRouterInput {
  name: string;
  /** Need for the strong model per prompt (higher = more likely routed strong). */
  scores: readonly number[];
  outcomes: readonly PricedPairOutcome[];
  /** The router's own threshold, for the operating-point figures. */
  threshold?: number;
  latenciesUs?: ArrayLike<number>;
  note?: string;
}

export function evaluatePairRouter(input: EvaluatePairRouterInput): PairRouterEvaluation {
  const summary = summarizePairCurve(input.name, computePgrCurve(input.scores, input.outcomes), input.note);
  const evaluation: PairRouterEvaluation = { summary };
  if (input.threshold !== undefined) evaluation.operatingPoint = operatingPoint(input.scores, input.outcomes, input.threshold);
  if (input.latenciesUs !== undefined && input.latenciesUs.length > 0) {
    evaluation.latencyUs = { p50: computePercentile(input.latenciesUs, 50), p99: computePercentile(input.latenciesUs, 99), samples: input.latenciesUs.length };
  }
  return evaluation;
}

export function operatingPoint(scores: readonly number[], outcomes: readonly PricedPairOutcome[], threshold: number): OperatingPoint {
  const baseline = meanQuality(outcomes);
  const priced = outcomes.every((outcome) => outcome.weakCost !== undefined && outcome.strongCost !== undefined);
  let strong = 0;
  let quality = 0;
  let right = 0;
  let cost = 0;
  let alwaysStrong = 0;
  outcomes.forEach((outcome, index) => {
    const toStrong = (scores[index] as number) >= threshold;
    if (toStrong) strong += 1;
    quality += toStrong ? outcome.strong : outcome.weak;
    if (toStrong === outcome.strong > outcome.weak) right += 1;
    if (priced) {
      cost += toStrong ? (outcome.strongCost as number) : (outcome.weakCost as number);
      alwaysStrong += outcome.strongCost as number;
    }
  });
  const n = outcomes.length;
  const strongShare = strong / n;
  return {
    threshold,
    strongShare,
    quality: quality / n,
    pgr: performanceGapRecovered(quality / n, baseline),
    routingAccuracy: right / n,
    qualityLost: baseline.strongQuality - quality / n,
    costPerRequest: priced ? cost / n : null,
    alwaysStrongCostPerRequest: priced ? alwaysStrong / n : null,
    costSaved: priced ? (alwaysStrong === 0 ? 0 : 1 - cost / alwaysStrong) : 1 - strongShare,
    costBasis: priced ? 'usd' : 'strong-call share',
  };
}
