import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roundCents } from '../../core/index.js';
import { createPricingCatalog, priceUsage } from '../../pricing/index.js';
import { analyzeBench } from '../analysis/analyze-bench.js';
import { type BenchSuite, loadSuite } from '../suite/load-suite.js';
import { type BenchEmulator, benchTestModels, startBenchEmulator } from '../testing/start-bench-emulator.js';
import type { BenchRow, RunSettings } from './bench-row.js';
import { runBench } from './run-bench.js';

const pricing = createPricingCatalog();
const examples = new URL('../../../examples/bench/', import.meta.url);
const current = 'us.anthropic.claude-3-5-sonnet-20241022-v2:0';
const sameQuality = 'us.amazon.nova-lite-v1:0';
const slightlyWorse = 'us.anthropic.claude-3-5-haiku-20241022-v1:0';
const muchWorse = 'us.amazon.nova-micro-v1:0';
const declared: Record<string, number> = { [current]: 0.97, [sameQuality]: 0.97, [slightlyWorse]: 0.94, [muchWorse]: 0.7 };

let bench: BenchEmulator;
let tickets: BenchSuite;
const directories: string[] = [];
const outDir = (): string => {
  const directory = mkdtempSync(join(tmpdir(), 'frugal-bench-'));
  directories.push(directory);
  return directory;
};
const settings = (overrides: Partial<RunSettings> = {}): RunSettings => ({
  models: Object.keys(declared),
  baseline: current,
  judges: [],
  judgeRepeats: 1,
  region: 'us-east-1',
  endpoint: bench.emulator.url,
  concurrency: 16,
  repeats: 1,
  limit: 300,
  answerKeys: true,
  // Converse, not ConverseStream: half the client CPU per call, and TTFT is tested elsewhere.
  stream: false,
  ...overrides,
});

beforeAll(async () => {
  bench = await startBenchEmulator(benchTestModels);
  tickets = await loadSuite(new URL('support-tickets.yaml', examples).pathname);
});
afterAll(async () => {
  await bench.close();
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

describe('runBench against frugal emulator (ticket classification, 300 examples)', () => {
  let rows: BenchRow[];
  beforeAll(async () => {
    const result = await runBench({ suite: tickets, provider: bench.provider, pricing, settings: settings(), outDir: outDir(), toolVersion: 'test' });
    rows = result.rows;
    expect(result.interrupted).toBe(false);
  }, 60_000);

  it('writes one row per (task, example, model), all answered and keyed', () => {
    expect(rows).toHaveLength(1200);
    expect(rows.every((row) => row.status === 'ok' && row.answerKeyed && row.simulated && row.latency.serviceMs !== null)).toBe(true);
    // Our label scorer agrees with the emulator's own grading of every answer.
    const emulatorRight = bench.calls.filter((line) => line.includes('answer=right')).length;
    expect(rows.filter((row) => row.pass === true)).toHaveLength(emulatorRight);
  });

  it('measures each declared accuracy inside its 95% confidence interval', () => {
    const analysis = analyzeBench(rows, { models: Object.keys(declared), baseline: current, margin: 0.05, seed: 1 });
    for (const [model, accuracy] of Object.entries(declared)) {
      const summary = analysis.summaries.find((candidate) => candidate.model === model);
      expect(summary?.quality?.n).toBe(300);
      expect(summary?.quality?.low).toBeLessThanOrEqual(accuracy);
      expect(summary?.quality?.high).toBeGreaterThanOrEqual(accuracy);
    }
  });

  it('draws the frontier and gives the verdicts the declared accuracies imply', () => {
    const analysis = analyzeBench(rows, { models: Object.keys(declared), baseline: current, margin: 0.05, seed: 1 });
    const frontier = analysis.frontiers['classify-ticket'];
    const onFrontier = frontier?.frontier.map((point) => point.model) ?? [];
    // The cheap 70% model is the cheapest, so it is on the frontier; Haiku (no prompt caching below
    // 2,048 tokens, so dearer per task than Sonnet here, and less accurate) is dominated.
    expect(onFrontier[0]).toBe(muchWorse);
    expect(onFrontier).not.toContain(slightlyWorse);
    for (const point of frontier?.frontier ?? []) {
      const beaten = frontier?.frontier.some((other) => other !== point && other.cost <= point.cost && other.quality >= point.quality && (other.cost < point.cost || other.quality > point.quality));
      expect(beaten).toBe(false);
    }
    const verdict = (model: string) => analysis.comparisons.find((comparison) => comparison.candidate === model);
    expect(verdict(sameQuality)?.verdict).toBe('clearly fine');
    expect(verdict(muchWorse)?.verdict).toBe('clearly worse');
    // 3 points below at a 5-point margin: fine in truth, so never "clearly worse"; with 300 examples it may still need more.
    const close = verdict(slightlyWorse);
    expect(close?.verdict).not.toBe('clearly worse');
    if (close?.verdict === 'needs more examples') expect(close.moreExamples).toBeGreaterThan(0);
    // With a 1-point margin the same 3-point gap cannot be "clearly fine".
    const strict = analyzeBench(rows, { models: Object.keys(declared), baseline: current, margin: 0.01, seed: 1 });
    expect(strict.comparisons.find((comparison) => comparison.candidate === slightlyWorse)?.verdict).not.toBe('clearly fine');
  });

  it('prices every row exactly as priceUsage prices its logged usage, to the cent in total', () => {
    const totals = new Map<string, number>();
    for (const row of rows) {
      const cost = priceUsage(
        { model: row.servedModel ?? row.model, region: 'us-east-1', inputTokens: row.tokens.input ?? 0, cacheReadTokens: row.tokens.cacheRead ?? 0, cacheWrite5mTokens: row.tokens.cacheWrite5m ?? 0, cacheWrite1hTokens: row.tokens.cacheWrite1h ?? 0, outputTokens: row.tokens.output ?? 0 },
        pricing,
      );
      expect(row.cost.generation).toBe(cost.total);
      totals.set(row.model, (totals.get(row.model) ?? 0) + (cost.total ?? Number.NaN));
    }
    const analysis = analyzeBench(rows, { models: Object.keys(declared), baseline: current, margin: 0.05, seed: 1 });
    for (const summary of analysis.summaries) expect(roundCents(summary.cost.total ?? Number.NaN)).toBe(roundCents(totals.get(summary.model) ?? 0));
    // Prompt caching happened where the catalog allows it (Sonnet, Nova) and not for Haiku (2,048-token minimum).
    expect(rows.some((row) => row.model === current && (row.tokens.cacheRead ?? 0) > 0)).toBe(true);
    expect(rows.filter((row) => row.model === slightlyWorse).every((row) => row.tokens.cacheRead === 0)).toBe(true);
  });
});
