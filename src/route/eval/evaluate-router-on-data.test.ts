import { describe, expect, it } from 'vitest';
import { syntheticOutcomes } from '../../../test/helpers/synthetic-route-outcomes.js';
import { trainRouteClassifier } from '../classifier/train-route-classifier.js';
import type { OutcomeDataset } from '../outcomes/outcome-dataset.js';
import type { RouteRule } from '../rules/route-rules-schema.js';
import { evaluateRouterOnData } from './evaluate-router-on-data.js';

/** Three models on the synthetic prompts: `mid` answers easy prompts and half the hard ones. */
function dataset(count: number, seed: number, source: string): OutcomeDataset {
  const rows = syntheticOutcomes(count, seed).map((row, index) => ({
    id: `${source}#${index}`,
    prompt: row.prompt,
    scores: { cheap: row.scores['cheap'] as number, mid: row.prompt.includes('justify') && index % 2 === 0 ? 0 : 1, top: row.scores['top'] as number },
    costs: { cheap: 0.0001, mid: 0.001, top: 0.01 },
    responses: {},
    stopReasons: {},
  }));
  return { models: ['cheap', 'mid', 'top'], rows, sources: [source], notes: [] };
}

const rule = (fields: Partial<RouteRule> & { name: string }): RouteRule => ({ when: {}, cascade: false, overridePin: false, ...fields });

describe('evaluateRouterOnData', () => {
  it('scores a three-tier rules router as cost-quality points against single models, the zero router and the oracle', () => {
    const report = evaluateRouterOnData({ tiers: ['cheap', 'mid', 'top'], defaultTier: 1, rules: [rule({ name: 'hard', when: { keywords: { any: ['justify'] } }, tier: 2 })] }, dataset(300, 5, 'test.csv'));
    const multi = report.multi;
    expect(report.pair).toBeUndefined();
    expect(multi?.models.map((model) => model.model)).toEqual(['cheap', 'mid', 'top']);
    expect(multi?.bestSingle.model).toBe('top');
    const router = multi?.routers[0];
    expect(router?.name).toBe('router at its threshold');
    expect(router?.points).toHaveLength(1);
    expect(router?.gapToZeroRouter).toBeGreaterThan(0);
    expect(report.findings[0]).toMatch(/routing adds quality per dollar over mixing single models at random/);
    expect(report.latencyUs.samples).toBe(300);
  });

  it('requires costs for more than two tiers, and names the model without them', () => {
    const data = dataset(20, 5, 'test.csv');
    for (const row of data.rows) row.costs = {};
    expect(() => evaluateRouterOnData({ tiers: ['cheap', 'mid', 'top'], defaultTier: 1 }, data)).toThrow(/No cost for cheap on row test.csv#0.*--cost cheap=USD/);
    expect(() => evaluateRouterOnData({ tiers: ['cheap', 'other'], defaultTier: 1 }, data)).toThrow(/other has no outcomes in the data \(models there: cheap, mid, top\)/);
  });

  it('warns when evaluated on its own training data, and when traffic moves the top-tier share off target', () => {
    const train = dataset(400, 3, 'train.csv');
    const { model } = trainRouteClassifier(train.rows, { tiers: ['cheap', 'top'], sources: ['train.csv'], targetStrongShare: 0.2 });
    const own = evaluateRouterOnData({ classifier: model }, train);
    expect(own.warnings.some((warning) => /trained on train\.csv: figures on its own training data measure memory/.test(warning))).toBe(true);
    // Hard prompts only: far more than 20% of them need the top tier.
    const hard = dataset(600, 9, 'hard.csv');
    hard.rows = hard.rows.filter((row) => row.prompt.includes('justify'));
    const shifted = evaluateRouterOnData({ classifier: model }, hard);
    expect(shifted.warnings.some((warning) => /against a target of 20.0%: this traffic differs from the calibration sample/.test(warning))).toBe(true);
    expect(shifted.pair?.routers.map((router) => router.summary.name)).toEqual(['classifier', 'random', 'length rule', 'oracle']);
  });
});
