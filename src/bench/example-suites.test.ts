import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateBenchExamples } from '../../examples/bench/generate-examples.js';
import { parseSimulatedModels } from '../emulator/index.js';
import { createPricingCatalog } from '../pricing/index.js';
import { planBenchRun } from './run/plan-bench-run.js';
import { estimateBenchCost } from './run/estimate-bench-cost.js';
import { loadSuite } from './suite/load-suite.js';

const folder = new URL('../../examples/bench/', import.meta.url);

describe('example suites', () => {
  it('ship the data their generator writes, byte for byte', () => {
    for (const [path, content] of Object.entries(generateBenchExamples())) {
      expect(readFileSync(new URL(path, folder), 'utf8'), path).toBe(content);
    }
  });

  it.each(['support-tickets.yaml', 'invoice-extraction.yaml', 'customer-replies.yaml'])('%s loads with at least 200 examples and priced models', async (file) => {
    const suite = await loadSuite(new URL(file, folder).pathname);
    for (const task of suite.tasks) expect(task.examples.length).toBeGreaterThanOrEqual(200);
    const models = [suite.models.current, ...suite.models.candidates];
    const estimate = estimateBenchCost({ suite: suite.name, items: planBenchRun(suite, { models, repeats: 1, limit: 20 }), pricing: createPricingCatalog(), region: 'us-east-1', judges: suite.judge?.models ?? [], judgeRepeats: 1, judgeMaxTokens: 300 });
    expect(estimate.total).not.toBeNull();
    expect(estimate.warnings).toEqual([]);
  });

  it('simulate every example model in the shipped emulator models file', async () => {
    const models = parseSimulatedModels(readFileSync(new URL('emulator-models.yaml', folder), 'utf8'), 'emulator-models.yaml');
    const suite = await loadSuite(new URL('customer-replies.yaml', folder).pathname);
    const simulated = new Set(models.map((model) => model.id));
    for (const model of [suite.models.current, ...suite.models.candidates, ...(suite.judge?.models ?? [])]) expect(simulated.has(model.replace(/^us\./, ''))).toBe(true);
  });
});
