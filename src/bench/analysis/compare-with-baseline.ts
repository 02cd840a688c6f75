import type { BenchRow } from '../run/bench-row.js';
import { binomialTwoSidedP, bootstrapMeanInterval, mean, standardDeviation } from './describe-sample.js';
import { meanByExample } from './summarize-bench.js';

export type Verdict = 'clearly fine' | 'clearly worse' | 'needs more examples';

export interface Comparison {
  task: string;
  candidate: string;
  baseline: string;
  verdict: Verdict;
  /** Examples both models answered and were scored on. */
  shared: number;
  /** Mean of candidate - baseline quality per shared example, with its 95% paired-bootstrap CI. */
  difference: number | null;
  low: number | null;
  high: number | null;
  /** McNemar's exact test when every quality is pass/fail, else the sign test; two-sided. */
  test: { name: 'McNemar' | 'sign test'; p: number; candidateOnly: number; baselineOnly: number } | null;
  /** Extra shared examples that would likely settle a "needs more examples" verdict; null when none would (the difference sits on the margin). */
  moreExamples: number | null;
  explanation: string;
}

export interface CompareOptions {
  /** Largest quality loss (0..1, e.g. 0.05 = 5 points) still acceptable. */
  margin: number;
  seed: number;
  /** Below this many shared examples no verdict is settled. */
  minShared?: number;
}

const points = (value: number): string => `${(value * 100).toFixed(1)}`;
const signed = (value: number): string => `${value >= 0 ? '+' : '−'}${points(Math.abs(value))}`;

/**
 * The verdict of a candidate against the current model on one task, from paired differences on
 * the examples both answered (pairing removes the example-to-example difficulty both models share).
 *
 * - clearly fine: the 95% CI of the difference lies above -margin (at most `margin` worse, or better);
 * - clearly worse: the whole CI lies below -margin;
 * - needs more examples: the CI straddles -margin. With the observed spread s of the paired
 *   differences, the CI half-width is about 1.96·s/√n, so it stops straddling once
 *   n ≥ (1.96·s / |difference + margin|)²: that n minus the examples already run is the estimate.
 *
 * This is where the 200–500 example guidance comes from: two models near 95% accuracy with
 * independent mistakes give s ≈ 0.3, so settling a difference 5 points from the margin needs about
 * (1.96·0.3/0.05)² ≈ 140 examples, 3 points about 380, 1 point over 3,000; a candidate far worse
 * (or as good) is settled with far fewer, and the verdict says so.
 */
export function compareWithBaseline(task: string, candidate: string, baseline: string, candidateRows: readonly BenchRow[], baselineRows: readonly BenchRow[], options: CompareOptions): Comparison {
  const minShared = options.minShared ?? 20;
  const ok = (rows: readonly BenchRow[]) => meanByExample(rows.filter((row) => row.status === 'ok'), (row) => row.quality);
  const ours = ok(candidateRows);
  const theirs = ok(baselineRows);
  const pairs = [...ours].filter(([id]) => theirs.has(id)).map(([id, value]) => ({ candidate: value, baseline: theirs.get(id) as number }));
  const base = { task, candidate, baseline, shared: pairs.length };
  if (pairs.length === 0) {
    return { ...base, verdict: 'needs more examples', difference: null, low: null, high: null, test: null, moreExamples: minShared, explanation: 'No example was scored for both models, so there is nothing to compare.' };
  }
  const differences = pairs.map((pair) => pair.candidate - pair.baseline);
  const interval = bootstrapMeanInterval(differences, { seed: options.seed }) as NonNullable<ReturnType<typeof bootstrapMeanInterval>>;
  const difference = mean(differences);
  const binary = pairs.every((pair) => (pair.candidate === 0 || pair.candidate === 1) && (pair.baseline === 0 || pair.baseline === 1));
  const candidateOnly = differences.filter((value) => value > 0).length;
  const baselineOnly = differences.filter((value) => value < 0).length;
  const test = { name: binary ? ('McNemar' as const) : ('sign test' as const), p: binomialTwoSidedP(candidateOnly, candidateOnly + baselineOnly), candidateOnly, baselineOnly };

  const margin = options.margin;
  const spread = standardDeviation(differences);
  const gap = Math.abs(difference + margin);
  const needed = gap === 0 ? Infinity : Math.ceil(((1.96 * spread) / gap) ** 2);
  const ci = `${signed(difference)} points (95% CI ${signed(interval.low)} to ${signed(interval.high)}) on ${pairs.length} shared examples`;
  const stat = `${test.name} p ${test.p < 0.001 ? '< 0.001' : `= ${test.p.toFixed(3)}`}`;
  let verdict: Verdict;
  let moreExamples: number | null = null;
  let explanation: string;
  if (pairs.length < minShared) {
    verdict = 'needs more examples';
    moreExamples = Math.max(minShared - pairs.length, Number.isFinite(needed) ? needed - pairs.length : 0);
    explanation = `${ci}: too few to judge; run at least ${minShared}.`;
  } else if (interval.low >= -margin) {
    verdict = 'clearly fine';
    explanation = `${ci}: no worse than the ${points(margin)}-point margin (${stat}).`;
  } else if (interval.high < -margin) {
    verdict = 'clearly worse';
    explanation = `${ci}: worse by more than the ${points(margin)}-point margin (${stat}).`;
  } else {
    verdict = 'needs more examples';
    moreExamples = Number.isFinite(needed) ? Math.max(1, needed - pairs.length) : null;
    explanation = `${ci} straddles the −${points(margin)}-point margin (${stat}); ` +
      (moreExamples === null ? 'the difference sits on the margin, so more examples will not settle it: decide on the margin.' : `about ${moreExamples.toLocaleString('en-US')} more examples would settle it if the difference holds.`);
  }
  return { ...base, verdict, difference, low: interval.low, high: interval.high, test, moreExamples, explanation };
}

/** One verdict per candidate across tasks: the worst of its task verdicts. */
export function combineVerdicts(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.includes('clearly worse')) return 'clearly worse';
  if (verdicts.includes('needs more examples') || verdicts.length === 0) return 'needs more examples';
  return 'clearly fine';
}
