import { describe, expect, it } from 'vitest';
import type { BenchRow } from '../run/bench-row.js';
import { rowKey } from '../run/bench-row.js';
import { analyzeBench } from './analyze-bench.js';
import { combineVerdicts, compareWithBaseline } from './compare-with-baseline.js';
import { binomialTwoSidedP, bootstrapMeanInterval, quantile } from './describe-sample.js';
import { findParetoFrontier } from './find-pareto-frontier.js';

function row(model: string, exampleId: string, quality: number | null, overrides: Partial<BenchRow> = {}): BenchRow {
  return {
    kind: 'row', key: rowKey('t', exampleId, model, 0), task: 't', exampleId, model, repeat: 0, servedModel: model, requestId: null, status: 'ok', error: null,
    output: 'x', outputChars: 1, stopReason: 'end_turn', tokens: { input: 100, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: 10 },
    cost: { generation: 0.001, judge: null, total: 0.001 }, latency: { ttftMs: 10, totalMs: 20, serviceMs: 15, retryWaitMs: 0, queueMs: 0, attempts: 1 },
    scores: {}, quality, pass: quality === null ? null : quality >= 0.5, judge: null, answerKeyed: false, simulated: false, startedAt: '2026-01-01T00:00:00Z', ...overrides,
  };
}
/** n examples; `wrong` lists the indexes the model gets wrong. */
const answers = (model: string, n: number, wrong: (index: number) => boolean): BenchRow[] => Array.from({ length: n }, (_, index) => row(model, `e${index}`, wrong(index) ? 0 : 1));

describe('statistics', () => {
  it('bootstrap intervals are seeded, contain the mean and narrow with n', () => {
    const values = Array.from({ length: 200 }, (_, index) => (index % 10 === 0 ? 0 : 1));
    const first = bootstrapMeanInterval(values, { seed: 7 });
    expect(bootstrapMeanInterval(values, { seed: 7 })).toEqual(first);
    expect(first?.mean).toBe(0.9);
    expect(first?.low).toBeLessThan(0.9);
    expect(first?.high).toBeGreaterThan(0.9);
    // Normal approximation: ±1.96·√(0.09/200) ≈ ±0.042.
    expect((first?.high ?? 0) - (first?.low ?? 0)).toBeGreaterThan(0.06);
    expect((first?.high ?? 0) - (first?.low ?? 0)).toBeLessThan(0.11);
    expect(bootstrapMeanInterval([], { seed: 1 })).toBeNull();
  });

  it('quantiles interpolate; exact binomial p-values match known values', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([5], 0.95)).toBe(5);
    expect(binomialTwoSidedP(0, 5)).toBeCloseTo(0.0625, 10);
    expect(binomialTwoSidedP(2, 10)).toBeCloseTo(0.109375, 10);
    expect(binomialTwoSidedP(5, 10)).toBe(1);
  });
});

describe('Pareto frontier and knee', () => {
  it('keeps non-dominated models cheapest first and finds the knee on a log cost scale', () => {
    const result = findParetoFrontier([
      { model: 'micro', cost: 0.00001, quality: 0.7 },
      { model: 'lite', cost: 0.00003, quality: 0.93 },
      { model: 'haiku', cost: 0.001, quality: 0.92 },
      { model: 'sonnet', cost: 0.004, quality: 0.96 },
      { model: 'pricier-same', cost: 0.005, quality: 0.96 },
    ]);
    expect(result.frontier.map((point) => point.model)).toEqual(['micro', 'lite', 'sonnet']);
    expect(result.dominated).toEqual([
      { point: { model: 'haiku', cost: 0.001, quality: 0.92 }, by: 'lite' },
      { point: { model: 'pricier-same', cost: 0.005, quality: 0.96 }, by: 'sonnet' },
    ]);
    expect(result.knee?.model).toBe('lite');
    expect(findParetoFrontier([{ model: 'a', cost: 1, quality: 0.5 }, { model: 'b', cost: 2, quality: 0.9 }]).knee).toBeNull();
  });
});

describe('verdicts against the current model', () => {
  const baseline = answers('current', 400, (index) => index % 25 === 0); // 96%
  const options = { margin: 0.05, seed: 3 };

  it('clearly fine when the CI stays above -margin, clearly worse when it lies below', () => {
    const same = compareWithBaseline('t', 'same', 'current', answers('same', 400, (index) => index % 25 === 1), baseline, options);
    expect(same).toMatchObject({ verdict: 'clearly fine', shared: 400, test: { name: 'McNemar' } });
    expect(same.difference).toBeCloseTo(0, 12);
    const worse = compareWithBaseline('t', 'worse', 'current', answers('worse', 400, (index) => index % 4 === 0), baseline, options);
    expect(worse.verdict).toBe('clearly worse');
    expect(worse.test?.p).toBeLessThan(0.001);
    expect(worse.explanation).toMatch(/worse by more than the 5\.0-point margin/);
  });

  it('needs more examples when the CI straddles the margin, with the count that would settle it', () => {
    // 4 points worse on 200 examples: the CI reaches past -5 points.
    const close = compareWithBaseline('t', 'close', 'current', answers('close', 200, (index) => index % 25 === 0 || index % 25 === 3), baseline.slice(0, 200), options);
    expect(close.verdict).toBe('needs more examples');
    expect(close.moreExamples).toBeGreaterThan(200);
    expect(close.explanation).toMatch(/more examples would settle it/);
    const few = compareWithBaseline('t', 'few', 'current', answers('few', 10, () => false), baseline.slice(0, 10), options);
    expect(few).toMatchObject({ verdict: 'needs more examples', moreExamples: 10 });
    expect(compareWithBaseline('t', 'none', 'current', [], baseline, options)).toMatchObject({ verdict: 'needs more examples', shared: 0 });
  });

  it('pairs only examples both models answered, and uses the sign test for graded scores', () => {
    const graded = Array.from({ length: 60 }, (_, index) => row('graded', `e${index}`, 0.8));
    const errors = [row('graded', 'e60', null, { status: 'error', error: { code: 'THROTTLED', message: 'x' } })];
    const comparison = compareWithBaseline('t', 'graded', 'current', [...graded, ...errors], baseline, options);
    expect(comparison.shared).toBe(60);
    expect(comparison.test?.name).toBe('sign test');
    expect(combineVerdicts(['clearly fine', 'needs more examples'])).toBe('needs more examples');
    expect(combineVerdicts(['clearly fine', 'clearly worse'])).toBe('clearly worse');
  });

  it('analyzeBench summarises per task × model with unknown costs kept unknown', () => {
    const rows = [...baseline.slice(0, 30), ...answers('cheap', 30, () => false).map((entry, index) => (index === 0 ? { ...entry, cost: { generation: null, judge: null, total: null } } : entry))];
    const analysis = analyzeBench(rows, { models: ['current', 'cheap'], baseline: 'current', margin: 0.05, seed: 1 });
    const cheap = analysis.summaries.find((summary) => summary.model === 'cheap');
    expect(cheap?.cost).toMatchObject({ total: null, unpricedRows: 1 });
    expect(cheap?.cost.meanPerTask).toBeCloseTo(0.001, 12);
    expect(cheap?.latency).toMatchObject({ ttftP50: 10, totalP95: 20 });
    expect(analysis.candidates).toEqual([{ model: 'cheap', verdict: 'clearly fine' }]);
  });
});
