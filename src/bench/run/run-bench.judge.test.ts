import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPricingCatalog } from '../../pricing/index.js';
import { analyzeBench } from '../analysis/analyze-bench.js';
import { normalizeAnswer } from '../scorers/normalize-answer.js';
import { referenceOf } from '../suite/bench-example.js';
import { type BenchSuite, loadSuite } from '../suite/load-suite.js';
import { type BenchEmulator, benchTestModels, startBenchEmulator } from '../testing/start-bench-emulator.js';
import type { RunSettings } from './bench-row.js';
import { runBench } from './run-bench.js';

const pricing = createPricingCatalog();
let bench: BenchEmulator;
let replies: BenchSuite;
const directories: string[] = [];
const outDir = (): string => {
  const directory = mkdtempSync(join(tmpdir(), 'frugal-bench-'));
  directories.push(directory);
  return directory;
};
const settings = (overrides: Partial<RunSettings>): RunSettings => ({
  models: ['us.anthropic.claude-3-5-sonnet-20241022-v2:0', 'us.amazon.nova-micro-v1:0'],
  baseline: 'us.anthropic.claude-3-5-sonnet-20241022-v2:0',
  judges: ['us.amazon.nova-pro-v1:0'],
  judgeRepeats: 1,
  region: 'us-east-1',
  endpoint: 'emulator',
  concurrency: 8,
  repeats: 1,
  limit: 40,
  answerKeys: true,
  stream: true,
  ...overrides,
});

beforeAll(async () => {
  bench = await startBenchEmulator(benchTestModels);
  replies = await loadSuite(new URL('../../../examples/bench/customer-replies.yaml', import.meta.url).pathname);
});
afterAll(async () => {
  await bench.close();
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

describe('LLM judge against frugal emulator (customer replies)', () => {
  it('parses the simulated judge\'s text verdicts; a judge of declared accuracy 1 agrees with the reference every time', async () => {
    const result = await runBench({ suite: replies, provider: bench.provider, pricing, settings: settings({}), outDir: outDir(), toolVersion: 'test' });
    const task = replies.tasks[0];
    expect(result.rows).toHaveLength(80);
    for (const row of result.rows) {
      const reference = referenceOf(task?.examples.find((example) => example.id === row.exampleId) ?? { id: '', vars: {}, source: '' });
      const matches = normalizeAnswer(row.output) === normalizeAnswer(reference ?? '');
      expect(row.scores['judge-correctness']).toMatchObject({ pass: matches, value: matches ? 1 : 0 });
      expect(row.scores['judge-correctness']?.votes).toHaveLength(1);
      expect(row.judge).toMatchObject({ calls: 2, errors: 0 });
      // Judge cost is priced apart from generation (Nova Pro rates), and both add up.
      expect(row.cost.judge).toBeGreaterThan(0);
      expect(row.cost.total).toBeCloseTo((row.cost.generation ?? 0) + (row.cost.judge ?? 0), 12);
    }
  });

  it('a judge that always errs flips every verdict; repeats give Krippendorff\'s alpha', async () => {
    const wrong = await runBench({ suite: replies, provider: bench.provider, pricing, settings: settings({ judges: ['meta.llama3-1-8b-instruct-v1:0'], judgeRepeats: 2, limit: 10 }), outDir: outDir(), toolVersion: 'test' });
    const task = replies.tasks[0];
    for (const row of wrong.rows) {
      const example = task?.examples.find((candidate) => candidate.id === row.exampleId);
      const matches = normalizeAnswer(row.output) === normalizeAnswer(referenceOf(example ?? { id: '', vars: {}, source: '' }) ?? '');
      expect(row.scores['judge-correctness']?.pass).toBe(!matches);
    }
    const analysis = analyzeBench(wrong.rows, { models: settings({}).models, baseline: null, margin: 0.05, seed: 1 });
    const agreement = analysis.summaries[0]?.judgeAgreement['judge-correctness'];
    // Two votes per response, always the same (deterministic simulated judge): perfect agreement.
    expect(agreement?.nominal === null || agreement?.nominal === 1).toBe(true);
  });

  it('a judge that cannot answer is a judge error, never a low score', async () => {
    // anthropic.claude-3-haiku is not simulated by this emulator: every judge call fails with 404.
    const result = await runBench({ suite: replies, provider: bench.provider, pricing, settings: settings({ judges: ['anthropic.claude-3-haiku-20240307-v1:0'], limit: 5 }), outDir: outDir(), toolVersion: 'test' });
    for (const row of result.rows) {
      expect(row.status).toBe('ok');
      expect(row.scores['judge-correctness']).toMatchObject({ value: null, pass: null, error: expect.stringMatching(/call failed/) });
      expect(row.quality).toBeNull();
      expect(row.pass).toBeNull();
      expect(row.judge?.errors).toBe(2);
    }
    const analysis = analyzeBench(result.rows, { models: settings({}).models, baseline: null, margin: 0.05, seed: 1 });
    expect(analysis.summaries[0]).toMatchObject({ quality: null, judgeErrors: 5, errors: 0 });
  });
});
