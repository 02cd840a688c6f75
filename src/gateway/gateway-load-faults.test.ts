import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLedger } from '../ledger/index.js';
import { faultyModels, runGatewayLoad, sendLoadRequest } from './testing/run-gateway-load.js';
import { type TestGateway, startTestGateway, testKeys } from './testing/start-test-gateway.js';

/** The fault mix: 20% throttling, 5% 5xx (500 and 503), 1% cut streams. */
const models = faultyModels({ throttle: 0.2, serverError: 0.03, unavailable: 0.02, cutStream: 0.01 });

async function start(): Promise<{ test: TestGateway; billed: () => number }> {
  let completions = 0;
  const test = await startTestGateway((config) => ({ ...config, usage: { batchSize: 128, flushIntervalMs: 100 } }), {
    emulator: { models, seed: 11, logger: { info: (line) => void (line.startsWith('converse') && (completions += 1)), warn: () => undefined } },
    // The AIMD limit halves on every burst of throttles; let it grow back per few successes, not per 2 s.
    gateway: { limiter: { increaseAfterSuccesses: 4, increaseIntervalMs: 0 } },
  });
  return { test, billed: () => completions };
}

async function ledgerRows(test: TestGateway): Promise<{ rows: number; distinct: number; withUsage: number }> {
  const ledger = await openLedger(join(test.dir, 'ledger.duckdb'));
  const rows = await ledger.query.listRequests({ filter: { sources: ['gateway'] }, limit: 10_000 });
  await ledger.close();
  return { rows: rows.length, distinct: new Set(rows.map((row) => row.requestId)).size, withUsage: rows.filter((row) => row.outputTokens > 0).length };
}

describe('gateway under load with upstream faults (loopback, bounded)', () => {
  let current: TestGateway | undefined;
  afterEach(async () => {
    await current?.emulator.close();
    current = undefined;
  });

  it('2,000 requests: each ends in a success or a clear error; one ledger row per billed upstream call', async () => {
    const { test, billed } = await start();
    current = test;
    const report = await runGatewayLoad({ url: test.gateway.url, key: testKeys.bob, requests: 2000, concurrency: 32 });
    const shutdown = await test.gateway.shutdown({ graceMs: 5000 });
    expect(report.unclear).toEqual([]);
    expect(report.ok + [...report.errors.values()].reduce((sum, count) => sum + count, 0)).toBe(2000);
    // Three attempts per call: about 1.6% of calls meet three faults in a row; cut streams fail mid-way.
    expect(report.ok).toBeGreaterThan(1900);
    expect(report.errors.size).toBeGreaterThan(0);
    expect(shutdown.usage.queued).toBe(0);
    const ledger = await ledgerRows(test);
    expect(ledger.rows).toBe(billed());
    expect(ledger.distinct).toBe(ledger.rows);
    expect(ledger.withUsage).toBeGreaterThanOrEqual(report.ok);
  }, 180_000);

  it('a shutdown in the middle finishes what is in flight, refuses the rest clearly, and loses no usage', async () => {
    const { test, billed } = await start();
    current = test;
    let shutdown: ReturnType<typeof test.gateway.shutdown> | undefined;
    const report = await runGatewayLoad({
      url: test.gateway.url,
      key: testKeys.bob,
      requests: 600,
      concurrency: 32,
      // A generous grace: on a busy shared machine 32 calls with retries can take seconds to finish.
      midway: { after: 300, action: () => void (shutdown = test.gateway.shutdown({ graceMs: 20_000 })) },
    });
    const stopped = await shutdown!;
    expect(stopped.cutOff).toBe(0);
    expect(report.unclear).toEqual([]);
    expect(report.ok).toBeGreaterThan(250);
    const refused = [...report.errors.entries()].filter(([error]) => error === '503 refused: shutting down' || error.startsWith('connection')).reduce((sum, [, count]) => sum + count, 0);
    expect(refused).toBeGreaterThan(200);
    const ledger = await ledgerRows(test);
    expect(ledger.rows).toBe(billed());
    // After the drain nothing is accepted.
    expect((await sendLoadRequest(test.gateway.url, testKeys.bob, 0)).result).toBe('error');
  }, 180_000);
});
