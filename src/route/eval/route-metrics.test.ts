import { describe, expect, it } from 'vitest';
import { computeApgr } from './compute-apgr.js';
import { computeAiq, computeCostQualityHull, hullCostFor, hullQualityAt } from './compute-cost-quality-hull.js';
import { computeCpt } from './compute-cpt.js';
import { computePercentile } from './compute-percentile.js';
import { computeCurveAtShares, computePgrCurve, quantileEdges } from './compute-pgr-curve.js';
import { evaluateCascade } from './evaluate-cascade.js';
import { evaluateMultiTier } from './evaluate-multi-tier.js';
import { evaluateOracleRouter } from './evaluate-oracle-router.js';
import { operatingPoint } from './evaluate-pair-router.js';
import { evaluateRandomRouter } from './evaluate-random-router.js';
import { createRegexValidator } from '../cascade/create-regex-validator.js';

// Four prompts worked by hand: weak mean 0.5, strong mean 0.75.
const outcomes = [
  { weak: 1, strong: 1 },
  { weak: 0, strong: 1 },
  { weak: 1, strong: 0 },
  { weak: 0, strong: 1 },
];
const scores = [0.1, 0.4, 0.35, 0.8];

describe('RouteLLM metrics on a hand-computed case', () => {
  it('cuts quantile edges as pandas.qcut does (linear interpolation) and drops duplicates', () => {
    expect(quantileEdges(scores, 2)).toEqual([0.1, 0.375, 0.8]);
    expect(quantileEdges([1, 1, 1, 2], 4)).toEqual([1, 1.25, 2]);
  });

  it('routes ≥ edge to the strong model, except > at the last edge, and sorts by strong share', () => {
    const curve = computePgrCurve(scores, outcomes, 2);
    expect(curve.map((point) => [point.strongShare, point.quality, point.pgr])).toEqual([
      [0, 0.5, 0],
      [0.5, 1, 2],
      [1, 0.75, 1],
    ]);
    expect(curve.map((point) => point.threshold)).toEqual([0.8, 0.375, 0.1]);
  });

  it('APGR is the trapezoid area under PGR (and can exceed 1); CPT interpolates the first crossing', () => {
    const curve = computePgrCurve(scores, outcomes, 2);
    expect(computeApgr(curve)).toBeCloseTo(1.25, 12);
    expect(computeCpt(curve, 0.5)).toBeCloseTo(0.125, 12);
    expect(computeCpt(curve, 0.8)).toBeCloseTo(0.2, 12);
    // A dip after the crossing does not move it back.
    const dipping = [
      { strongShare: 0, quality: 0, pgr: 0 },
      { strongShare: 0.5, quality: 0, pgr: 0.6 },
      { strongShare: 0.75, quality: 0, pgr: 0.4 },
      { strongShare: 1, quality: 0, pgr: 1 },
    ];
    expect(computeCpt(dipping, 0.5)).toBeCloseTo(0.5 * (0.5 / 0.6), 12);
    expect(computeCpt(dipping, 1.5)).toBeNull();
  });

  it('the oracle sends prompts in order of true gain, at exact shares', () => {
    const oracle = evaluateOracleRouter(outcomes, 2);
    expect(oracle.points.map((point) => point.pgr)).toEqual([0, 2, 1]);
    expect(oracle.apgr).toBeCloseTo(1.25, 12);
    expect(computeCurveAtShares([3, 1, 0, 2], outcomes, 4).map((point) => point.strongShare)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('the random router averages to the diagonal', () => {
    const many = Array.from({ length: 4000 }, (_, index) => ({ weak: index % 3 === 0 ? 1 : 0, strong: index % 2 === 0 ? 1 : 0 }));
    const random = evaluateRandomRouter(many, { seeds: 5 });
    expect(random.apgr).toBeCloseTo(0.5, 1);
    expect(random.cpt50).toBeCloseTo(0.5, 1);
    expect(random.points).toHaveLength(11);
  });

  it('the operating point counts routing accuracy, quality lost and cost saved', () => {
    const priced = outcomes.map((outcome) => ({ ...outcome, weakCost: 1, strongCost: 10 }));
    const point = operatingPoint(scores, priced, 0.375);
    expect(point).toMatchObject({ strongShare: 0.5, quality: 1, pgr: 2, routingAccuracy: 1, qualityLost: -0.25, costPerRequest: 5.5, alwaysStrongCostPerRequest: 10, costBasis: 'usd' });
    expect(point.costSaved).toBeCloseTo(0.45, 12);
    expect(operatingPoint(scores, outcomes, 0.375)).toMatchObject({ costPerRequest: null, costSaved: 0.5, costBasis: 'strong-call share' });
  });

  it('percentiles interpolate like numpy', () => {
    expect(computePercentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(computePercentile([1, 2, 3, 4, 5], 99)).toBeCloseTo(4.96, 12);
  });
});

describe('RouterBench cost-quality metrics', () => {
  const points = [
    { cost: 1, quality: 0.5 },
    { cost: 2, quality: 0.8 },
    { cost: 2.5, quality: 0.6 },
    { cost: 3, quality: 0.7 },
    { cost: 4, quality: 0.9 },
    { cost: 5, quality: 0.85 },
  ];

  it('keeps the upper hull up to the best quality (non-decreasing)', () => {
    expect(computeCostQualityHull(points)).toEqual([
      { cost: 1, quality: 0.5 },
      { cost: 2, quality: 0.8 },
      { cost: 4, quality: 0.9 },
    ]);
  });

  it('AIQ integrates the hull extended flat to the largest cost, over that cost', () => {
    const hull = computeCostQualityHull(points);
    expect(computeAiq(hull, 5)).toBeCloseTo((0.65 + 1.7 + 0.9) / 5, 12);
    expect(hullQualityAt(hull, 3)).toBeCloseTo(0.85, 12);
    expect(hullQualityAt(hull, 0.5)).toBeNull();
    expect(hullCostFor(hull, 0.85)).toBeCloseTo(3, 12);
    expect(hullCostFor(hull, 0.95)).toBeNull();
  });

  it('compares routers with the zero router, the best single model and the oracle', () => {
    const rows = [
      { scores: [1, 1, 1], costs: [1, 2, 10] },
      { scores: [0, 1, 1], costs: [1, 2, 10] },
      { scores: [0, 0, 1], costs: [1, 2, 10] },
      { scores: [0, 0, 0], costs: [1, 2, 10] },
    ];
    const result = evaluateMultiTier(['small', 'mid', 'top'], rows, [{ name: 'perfect', choices: [[0, 1, 2, 0]] }]);
    expect(result.models.map((model) => [model.model, model.cost, model.quality])).toEqual([
      ['small', 1, 0.25],
      ['mid', 2, 0.5],
      ['top', 10, 0.75],
    ]);
    expect(result.bestSingle.model).toBe('top');
    expect(result.oracle).toMatchObject({ cost: 3.5, quality: 0.75 });
    const perfect = result.routers[0];
    expect(perfect?.hull.map((point) => point.label)).toEqual(['small', 'mid', 'perfect']);
    expect(perfect?.aiq).toBeCloseTo(0.61875, 12);
    expect(result.zeroRouter.aiq).toBeCloseTo(0.5375, 12);
    // Same quality as the top model at a third of its cost; AIQ above mixing single models.
    expect(perfect?.costRatioAtBestSingleQuality).toBeCloseTo(0.35, 12);
    expect(perfect?.gapToZeroRouter).toBeGreaterThan(0);
  });
});

describe('cascade replay with a measured verifier', () => {
  it('counts false accepts and false rejects against the labels, and pays the failed cheap call', () => {
    const rows = [
      { weak: 1, strong: 1, weakResponse: '#### 4', weakCost: 1, strongCost: 10 },
      { weak: 0, strong: 1, weakResponse: '#### 5', weakCost: 1, strongCost: 10 }, // bad, accepted
      { weak: 0, strong: 1, weakResponse: 'I think 5', weakCost: 1, strongCost: 10 }, // bad, rejected
      { weak: 1, strong: 0, weakResponse: 'it is 4', weakCost: 1, strongCost: 10 }, // good, rejected
    ];
    const result = evaluateCascade(rows, [createRegexValidator('^#### \\d+$')]);
    expect(result.counts).toEqual({ acceptedGood: 1, acceptedBad: 1, rejectedGood: 1, rejectedBad: 1, refused: 0 });
    expect(result.falseAcceptRate).toBe(0.5);
    expect(result.falseRejectRate).toBe(0.5);
    expect(result.escalationRate).toBe(0.5);
    expect(result.quality).toBe(0.5);
    expect(result.costPerRequest).toBe((1 + 1 + 11 + 11) / 4);
    expect(result.warnings[0]).toMatch(/escalation rate 50.0% is above 25%/);
  });
});
