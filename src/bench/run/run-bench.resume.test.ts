import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPricingCatalog } from '../../pricing/index.js';
import type { ModelProvider } from '../../providers/index.js';
import { type BenchSuite, loadSuite } from '../suite/load-suite.js';
import { type BenchEmulator, benchTestModels, startBenchEmulator } from '../testing/start-bench-emulator.js';
import type { RunSettings } from './bench-row.js';
import { readResultsFile } from './results-file.js';
import { runBench } from './run-bench.js';

const pricing = createPricingCatalog();
const examples = new URL('../../../examples/bench/', import.meta.url);
let bench: BenchEmulator;
let tickets: BenchSuite;
let replies: BenchSuite;
const directories: string[] = [];
const outDir = (): string => {
  const directory = mkdtempSync(join(tmpdir(), 'frugal-bench-'));
  directories.push(directory);
  return directory;
};
const settings = (overrides: Partial<RunSettings> = {}): RunSettings => ({
  models: ['us.anthropic.claude-3-5-sonnet-20241022-v2:0', 'us.amazon.nova-micro-v1:0'],
  baseline: 'us.anthropic.claude-3-5-sonnet-20241022-v2:0',
  judges: [],
  judgeRepeats: 1,
  region: 'us-east-1',
  endpoint: 'emulator',
  concurrency: 4,
  repeats: 2,
  limit: 30,
  answerKeys: true,
  stream: true,
  ...overrides,
});

/** Counts the calls that reach the provider, i.e. the paid ones. */
function countCalls(provider: ModelProvider): ModelProvider & { count: () => number } {
  let calls = 0;
  return {
    name: provider.name,
    invoke: (request, options) => {
      calls += 1;
      return provider.invoke(request, options);
    },
    stream: (request, options) => {
      calls += 1;
      return provider.stream(request, options);
    },
    count: () => calls,
  };
}

beforeAll(async () => {
  bench = await startBenchEmulator(benchTestModels);
  tickets = await loadSuite(new URL('support-tickets.yaml', examples).pathname);
  replies = await loadSuite(new URL('customer-replies.yaml', examples).pathname);
});
afterAll(async () => {
  await bench.close();
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

describe('interrupt and --resume', () => {
  it('writes what is done on a stop, and the resumed run repeats no paid call', async () => {
    const out = outDir();
    const stop = new AbortController();
    const first = countCalls(bench.provider);
    const interrupted = await runBench({ suite: tickets, provider: first, pricing, settings: settings(), outDir: out, toolVersion: 'test', stopSignal: stop.signal, onRow: (row) => row.key && first.count() >= 25 && stop.abort() });
    expect(interrupted.interrupted).toBe(true);
    // Calls in flight at the stop finish and are written: every paid call has its row.
    expect(interrupted.newRows).toBe(first.count());
    const emulatorCallsBefore = bench.calls.length;

    const second = countCalls(bench.provider);
    const resumed = await runBench({ suite: tickets, provider: second, pricing, settings: settings(), outDir: out, toolVersion: 'test', resume: true });
    expect(resumed.interrupted).toBe(false);
    expect(resumed.skipped).toBe(first.count());
    expect(first.count() + second.count()).toBe(120); // 30 examples × 2 models × 2 repeats, each called once
    expect(bench.calls.length - emulatorCallsBefore).toBe(second.count());
    expect(resumed.rows).toHaveLength(120);
    expect(new Set(resumed.rows.map((row) => row.key)).size).toBe(120);

    // A third run has nothing left to do.
    const third = countCalls(bench.provider);
    const again = await runBench({ suite: tickets, provider: third, pricing, settings: settings(), outDir: out, toolVersion: 'test', resume: true });
    expect(third.count()).toBe(0);
    expect(again.newRows).toBe(0);
  });

  it('drops a last line cut short by a crash and runs only that call again', async () => {
    const out = outDir();
    await runBench({ suite: tickets, provider: bench.provider, pricing, settings: settings({ limit: 3, repeats: 1 }), outDir: out, toolVersion: 'test' });
    const path = join(out, 'results.jsonl');
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    // Simulate a crash mid-write: remove the last row and append half of it.
    const last = lines.pop() as string;
    rmSync(path);
    appendFileSync(path, `${lines.join('\n')}\n${last.slice(0, 40)}`);
    expect(readResultsFile(path).warnings[0]).toMatch(/cut short/);
    const counter = countCalls(bench.provider);
    const resumed = await runBench({ suite: tickets, provider: counter, pricing, settings: settings({ limit: 3, repeats: 1 }), outDir: out, toolVersion: 'test', resume: true });
    expect(counter.count()).toBe(1);
    expect(resumed.rows).toHaveLength(6);
    expect(readResultsFile(path).rows).toHaveLength(6);
  });

  it('refuses to resume with another judge (or Region), and to start over an existing run', async () => {
    const out = outDir();
    const judged = settings({ limit: 2, repeats: 1, judges: ['us.amazon.nova-pro-v1:0'] });
    await runBench({ suite: replies, provider: bench.provider, pricing, settings: judged, outDir: out, toolVersion: 'test' });
    await expect(runBench({ suite: replies, provider: bench.provider, pricing, settings: { ...judged, judges: ['us.anthropic.claude-3-5-sonnet-20241022-v2:0'] }, outDir: out, toolVersion: 'test', resume: true })).rejects.toThrow(/Refusing to mix judges/);
    await expect(runBench({ suite: replies, provider: bench.provider, pricing, settings: { ...judged, region: 'eu-central-1' }, outDir: out, toolVersion: 'test', resume: true })).rejects.toThrow(/--region us-east-1/);
    await expect(runBench({ suite: replies, provider: bench.provider, pricing, settings: judged, outDir: out, toolVersion: 'test' })).rejects.toThrow(/already holds results/);
  });
});
