import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUsageRow } from '../../test/helpers/make-usage-row.js';
import { type PostgresServer, findPostgresBinDir, startPostgres } from '../../test/helpers/start-postgres.js';
import type { Ledger } from './ledger.js';
import { openLedger } from './open-ledger.js';

async function checkRequestProfile(ledger: Ledger): Promise<void> {
  // Ten uncapped extraction calls with outputs 100..1000 and one capped one; two chat turns, streamed.
  const extraction = Array.from({ length: 10 }, (_, index) =>
    makeUsageRow({ requestId: `x${index}`, task: 'extract', maxTokens: null, outputTokens: (index + 1) * 100, costByBucket: { input: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: (index + 1) * 0.1 }, metadata: { job: 'nightly-1' }, cachePoints: 0 }),
  );
  const capped = makeUsageRow({ requestId: 'x10', task: 'extract', maxTokens: 500, outputTokens: 500, stopReason: 'max_tokens', cachePoints: 0, costByBucket: { input: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: 0.5 } });
  const chat = [
    makeUsageRow({ requestId: 'c1', task: 'chat', operation: 'ConverseStream', messageCount: 3, cachePoints: 1, cacheReadTokens: 2000, cacheHit: true }),
    makeUsageRow({ requestId: 'c2', task: 'chat', operation: 'ConverseStream', messageCount: 1, cachePoints: 1, cacheWrite5mTokens: 2000 }),
    makeUsageRow({ requestId: 'c3', task: 'chat', operation: 'Converse', messageCount: 1, cachePoints: 0, promptChars: null, maxTokens: null }),
  ];
  await ledger.insertRows([...extraction, capped, ...chat]);

  const rows = await ledger.query.requestProfile({ groupBy: ['task'], capQuantile: 0.5, metadataPatterns: ['nightly'] });
  const byTask = new Map(rows.map((row) => [row.group.task, row]));
  const extract = byTask.get('extract');
  // Median of 100..1000 and 500 is 500: uncapped rows past it are 600..1000.
  expect(extract).toMatchObject({ rows: 11, uncappedRows: 10, capStopRows: 1, outputCap: 500, tailRows: 5, tailTokens: 100 + 200 + 300 + 400 + 500, metadataMatchRows: 10, streamingRows: 0 });
  // Each tail row's output cost in proportion: $0.001 a token, so 1,500 tokens past the cap cost $1.50.
  expect(extract?.tailCost).toBeCloseTo(1.5, 10);
  expect(byTask.get('chat')).toMatchObject({ rows: 3, streamingRows: 2, multiTurnRows: 1, bodyRows: 2, uncappedRows: 0, cachePointRows: 2, cachePointReadRows: 1, cachePointWriteRows: 1, cachePointReadTokens: 2000, cachePointWriteTokens: 2000, metadataMatchRows: 0 });

  const [total] = await ledger.query.requestProfile({ filter: { tasks: ['chat'] } });
  expect(total).toMatchObject({ group: {}, rows: 3 });
  await expect(ledger.query.requestProfile({ groupBy: ['nope' as 'task'] })).rejects.toThrow(/Cannot group by/);
}

describe('ledger.query.requestProfile', () => {
  it('DuckDB: counts request kinds per group and the output past the group quantile, in SQL', async () => {
    const ledger = await openLedger(':memory:');
    try {
      await checkRequestProfile(ledger);
    } finally {
      await ledger.close();
    }
  });

  const binDir = findPostgresBinDir();
  describe.skipIf(binDir === undefined)('PostgreSQL (real server)', () => {
    let server: PostgresServer;
    beforeAll(async () => {
      server = await startPostgres(binDir as string);
    }, 60_000);
    afterAll(async () => {
      await server?.stop();
    });
    it('gives the same answers', async () => {
      const ledger = await openLedger(await server.createDatabase('profile'));
      try {
        await checkRequestProfile(ledger);
      } finally {
        await ledger.close();
      }
    });
  });
});
