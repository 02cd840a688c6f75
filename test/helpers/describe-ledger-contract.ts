import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ledger } from '../../src/ledger/index.js';
import { latestSchemaVersion } from '../../src/ledger/index.js';
import { makeUsageRow } from './make-usage-row.js';

/**
 * The behaviour both ledgers must share. `open` returns a fresh, empty, migrated ledger, or
 * undefined when the backend cannot run here (the caller says why).
 */
export function describeLedgerContract(name: string, open: () => Promise<Ledger>): void {
  describe(`${name} ledger`, () => {
    let ledger: Ledger;
    beforeAll(async () => {
      ledger = await open();
    });
    afterAll(async () => {
      await ledger?.close();
    });

    const rows = [
      makeUsageRow({ requestId: 'a', usageStart: '2026-07-31T23:30:00.000Z', usageEnd: '2026-07-31T23:30:01.000Z', task: 'chat', cost: 1.5, catalogCost: 1.5, inputTokens: 10, outputTokens: 5 }),
      makeUsageRow({ requestId: 'b', usageStart: '2026-08-01T00:10:00.000Z', usageEnd: '2026-08-01T00:10:01.000Z', task: 'chat', cost: 0.25, catalogCost: 0.25, cacheReadTokens: 4000, cacheHit: true, maxTokens: null }),
      makeUsageRow({ requestId: 'c', usageStart: '2026-08-01T00:50:00.000Z', usageEnd: '2026-08-01T00:50:01.000Z', task: 'extract', cost: null, catalogCost: null, pricingStatus: 'unpriced', modelId: null, modelFamily: null, modelTier: null, costByBucket: { input: null, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: null } }),
      makeUsageRow({ requestId: 'd', provider: 'anthropic', serviceName: 'Anthropic API', usageStart: '2026-08-02T09:00:00.000Z', usageEnd: '2026-08-02T09:00:01.000Z', task: 'extract', cost: 0.000001, catalogCost: 0.000001, outputTokens: 7 }),
    ];

    it('migrates once and records the version', async () => {
      expect(await ledger.migrate()).toEqual({ applied: [], version: latestSchemaVersion });
    });

    it('inserts rows and ignores repeats of (source, request id), within and across batches', async () => {
      expect(await ledger.insertRows([...rows, rows[0]!])).toEqual({ inserted: 4, ignored: 1, replaced: 0 });
      expect(await ledger.insertRows(rows)).toEqual({ inserted: 0, ignored: 4, replaced: 0 });
      // Same request id from another source is another row.
      expect(await ledger.insertRows([makeUsageRow({ requestId: 'a', source: 'gateway', task: 'chat', usageStart: '2026-06-15T00:00:00.000Z', cost: 2, catalogCost: 2 })])).toEqual({ inserted: 1, ignored: 0, replaced: 0 });
      expect((await ledger.query.summary()).rows).toBe(5);
    });

    it('replaces revised billing rows on request, and leaves identical ones alone', async () => {
      const bill = (billedCost: number) =>
        makeUsageRow({ source: 'cur', requestId: 'li-1/2026-05-01', costBasis: 'billed', billedCost, cost: billedCost, usageStart: '2026-05-01T00:00:00.000Z', usageEnd: '2026-05-02T00:00:00.000Z', requestCount: null, task: 'billing' });
      expect(await ledger.insertRows([bill(10)], { onConflict: 'replace' })).toEqual({ inserted: 1, ignored: 0, replaced: 0 });
      expect(await ledger.insertRows([bill(10)], { onConflict: 'replace' })).toEqual({ inserted: 0, ignored: 1, replaced: 0 });
      expect(await ledger.insertRows([bill(12.5)], { onConflict: 'replace' })).toEqual({ inserted: 0, ignored: 0, replaced: 1 });
      const [stored] = await ledger.query.listRequests({ filter: { sources: ['cur'] } });
      expect(stored?.billedCost).toBe(12.5);
      expect(await ledger.insertRows([bill(99)])).toEqual({ inserted: 0, ignored: 1, replaced: 0 });
      expect((await ledger.query.summary({ sources: ['cur'] })).cost).toBe(12.5);
    });

    it('reads whole rows back exactly as written', async () => {
      const [back] = await ledger.query.listRequests({ filter: { sources: ['invocation-log'], requestIds: ['b'] } });
      expect(back).toEqual(rows[1]);
      const unpriced = await ledger.query.listRequests({ filter: { requestIds: ['c'] } });
      expect(unpriced[0]?.cost).toBeNull();
      expect(unpriced[0]?.costByBucket.input).toBeNull();
    });

    it('aggregates spend by provider per month, with unpriced rows counted, never added as 0', async () => {
      const spend = await ledger.query.spendByProviderMonth({ sources: ['invocation-log'] });
      expect(spend).toEqual([
        { month: '2026-07', provider: 'bedrock', cost: 1.5, unpricedRows: 0, rows: 1 },
        { month: '2026-08', provider: 'bedrock', cost: 0.25, unpricedRows: 1, rows: 2 },
        { month: '2026-08', provider: 'anthropic', cost: 0.000001, unpricedRows: 0, rows: 1 },
      ]);
    });

    it('buckets by UTC day and hour, and filters by time', async () => {
      const days = await ledger.query.costByModelFamilyDay({ since: '2026-08-01T00:00:00Z', until: '2026-08-02T00:00:00Z' });
      expect(days).toEqual([
        { day: '2026-08-01', modelFamily: 'claude-sonnet-4', cost: 0.25, unpricedRows: 0, rows: 1 },
        { day: '2026-08-01', modelFamily: null, cost: 0, unpricedRows: 1, rows: 1 },
      ]);
      const hours = await ledger.query.hourlyTokensByProvider({ sources: ['invocation-log'], since: '2026-08-01T00:00:00Z' });
      expect(hours.map((hour) => [hour.hour, hour.provider, hour.rows, hour.cacheReadTokens])).toEqual([
        ['2026-08-01T00:00:00Z', 'bedrock', 2, 4000],
        ['2026-08-02T09:00:00Z', 'anthropic', 1, 0],
      ]);
    });

    it('sums tokens by model and bucket, and cost per task', async () => {
      const models = await ledger.query.tokensByModel({ sources: ['invocation-log'], providers: ['bedrock'] });
      const sonnet = models.find((model) => model.modelId === 'anthropic.claude-sonnet-4-20250514-v1:0');
      expect(sonnet).toMatchObject({ inputTokens: 1010, cacheReadTokens: 4000, outputTokens: 105, rows: 2, cost: 1.75 });
      const tasks = await ledger.query.costByTask({ sources: ['invocation-log'] });
      expect(tasks).toEqual([
        { period: 'all', task: 'chat', cost: 1.75, unpricedRows: 0, requests: 2, rows: 2, inputTokens: 1010, outputTokens: 105 },
        { period: 'all', task: 'extract', cost: 0.000001, unpricedRows: 1, requests: 2, rows: 2, inputTokens: 2000, outputTokens: 107 },
      ]);
      const daily = await ledger.query.costByTask({ tasks: ['chat'] }, 'day');
      expect(daily.map((row) => [row.period, row.cost])).toEqual([
        ['2026-06-15', 2],
        ['2026-07-31', 1.5],
        ['2026-08-01', 0.25],
      ]);
    });

    it('groups by any dimension and arrival pattern, and counts cache hits and uncapped calls', async () => {
      const byHour = await ledger.query.aggregate({ filter: { sources: ['invocation-log'] }, grain: 'hourOfDay', groupBy: ['task'], orderBy: 'period' });
      expect(byHour.map((row) => [row.period, row.group.task, row.rows])).toEqual([
        ['00', 'chat', 1],
        ['00', 'extract', 1],
        ['09', 'extract', 1],
        ['23', 'chat', 1],
      ]);
      const [all] = await ledger.query.aggregate({ filter: { sources: ['invocation-log'] } });
      expect(all).toMatchObject({ rows: 4, cacheHitRows: 1, cacheKnownRows: 4, uncappedRows: 1, firstUsage: '2026-07-31T23:30:00.000Z', lastUsage: '2026-08-02T09:00:00.000Z' });
      // Calls are priced by the catalog, not billed: the billed sum is unknown (null), not 0.
      expect(all?.billedCost).toBeNull();
      expect(all?.catalogCost).toBeCloseTo(1.750001, 9);
      const tiers = await ledger.query.aggregate({ groupBy: ['modelTier'], orderBy: 'rows' });
      expect(tiers[0]?.group.modelTier).toBe(2);
    });

    it('computes quantiles in the database', async () => {
      const [output] = await ledger.query.distribution({ measure: 'outputTokens', filter: { sources: ['invocation-log'] }, quantiles: [0.5, 1] });
      expect(output).toMatchObject({ count: 4, min: 5, max: 100, quantiles: [53.5, 100] });
      const byTask = await ledger.query.distribution({ measure: 'inputTokens', filter: { sources: ['gateway', 'invocation-log'] }, groupBy: ['task'], quantiles: [0.5] });
      expect(byTask.map((row) => [row.group.task, row.quantiles[0]])).toEqual([
        ['chat', 1000],
        ['extract', 1000],
      ]);
    });

    it('lists requests for drill-down, largest cost first', async () => {
      const top = await ledger.query.listRequests({ filter: { sources: ['gateway', 'invocation-log'] }, orderBy: 'cost', limit: 2 });
      expect(top.map((row) => [row.source, row.requestId])).toEqual([
        ['gateway', 'a'],
        ['invocation-log', 'a'],
      ]);
      expect(await ledger.query.listRequests({ filter: { tasks: [] } })).toEqual([]);
    });

    it('pages through requests in every order without gaps or repeats, whole rows on each page', async () => {
      for (const orderBy of ['time', 'cost', 'outputTokens', 'inputTokens'] as const) {
        const all = await ledger.query.listRequests({ orderBy });
        const paged: typeof all = [];
        for (let offset = 0; offset < all.length; offset += 2) paged.push(...(await ledger.query.listRequests({ orderBy, limit: 2, offset })));
        expect(paged, orderBy).toEqual(all);
      }
    });

    it('scans every matching row in time order, page by page', async () => {
      const pages: string[][] = [];
      for await (const page of ledger.query.scanRequests({ sources: ['invocation-log', 'gateway'] }, { pageSize: 2 })) pages.push(page.map((row) => `${row.source}/${row.requestId}`));
      expect(pages).toEqual([
        ['gateway/a', 'invocation-log/a'],
        ['invocation-log/b', 'invocation-log/c'],
        ['invocation-log/d'],
      ]);
      const all: string[] = [];
      for await (const page of ledger.query.scanRequests({ tasks: ['extract'] })) all.push(...page.map((row) => row.requestId));
      expect(all).toEqual(['c', 'd']);
    });

    it('stores prompt text once per block and per chunk, and rebuilds it by block hash', async () => {
      const chunks = [
        { hash: 'c-date-1', chars: 17, text: 'Today: 2026-08-01\n' },
        { hash: 'c-policy', chars: 14, text: 'Be accurate.\n\n' },
        { hash: 'c-date-2', chars: 17, text: 'Today: 2026-08-02\n' },
      ];
      const blocks = [
        { hash: 'b1', kind: 'system' as const, chars: 31, chunks: ['c-date-1', 'c-policy'] },
        { hash: 'b2', kind: 'system' as const, chars: 31, chunks: ['c-date-2', 'c-policy'] },
      ];
      expect(await ledger.insertPromptText(blocks, chunks)).toBe(3);
      expect(await ledger.insertPromptText([blocks[0]!, blocks[0]!], [chunks[1]!, chunks[1]!])).toBe(0);
      const texts = await ledger.query.promptTexts(['b2', 'b1', 'missing']);
      expect(texts.map((text) => [text.hash, text.text]).sort()).toEqual([
        ['b1', 'Today: 2026-08-01\nBe accurate.\n\n'],
        ['b2', 'Today: 2026-08-02\nBe accurate.\n\n'],
      ]);
      expect(texts.find((text) => text.hash === 'b2')?.chunks.map((chunk) => chunk.hash)).toEqual(['c-date-2', 'c-policy']);
    });

    it('bulk-loads rows and their prompt text, ignoring repeats across adds and rows already stored', async () => {
      const bulk = ledger.bulkInsert();
      const row = (requestId: string) => makeUsageRow({ source: 'bench', requestId, usageStart: '2026-04-01T00:00:00.000Z', task: 'bulk' });
      await bulk.add([row('x1'), row('x2')], { blocks: [{ hash: 'bulk-block', kind: 'system', chars: 4, chunks: ['bulk-chunk'] }], chunks: [{ hash: 'bulk-chunk', chars: 4, text: 'bulk' }] });
      await bulk.add([row('x2'), row('x3')]);
      expect(await bulk.finish()).toEqual({ inserted: 3, ignored: 1, replaced: 0 });
      const again = ledger.bulkInsert();
      await again.add([row('x3'), row('x4')]);
      expect(await again.finish()).toEqual({ inserted: 1, ignored: 1, replaced: 0 });
      expect((await ledger.query.summary({ sources: ['bench'] })).rows).toBe(4);
      expect((await ledger.query.promptTexts(['bulk-block']))[0]?.text).toBe('bulk');
    });

    it('keeps ledger facts', async () => {
      await ledger.setMeta('sample', 'true');
      await ledger.setMeta('sample', 'false');
      expect(await ledger.getMeta('sample')).toBe('false');
      expect(await ledger.getMeta('missing')).toBeUndefined();
    });

    it('records the files ingested and the version of each, the latest version winning', async () => {
      expect(await ledger.ingestedFiles()).toEqual(new Map());
      await ledger.recordIngestedFiles([
        { file: 's3://logs/a.json.gz', version: '100:etag-1' },
        { file: '/logs/b.json.gz', version: '200:1700000000000' },
      ]);
      // A file recorded again (and twice in one call) keeps only its latest version.
      await ledger.recordIngestedFiles([
        { file: 's3://logs/a.json.gz', version: '120:etag-2' },
        { file: 's3://logs/a.json.gz', version: '130:etag-3' },
      ]);
      // Many files in one call, as an ingest of a month of hourly logs records them.
      await ledger.recordIngestedFiles(Array.from({ length: 1201 }, (_, index) => ({ file: `/many/${index}.json.gz`, version: String(index) })));
      const files = await ledger.ingestedFiles();
      expect(files.size).toBe(1203);
      expect(files.get('s3://logs/a.json.gz')).toBe('130:etag-3');
      expect(files.get('/logs/b.json.gz')).toBe('200:1700000000000');
      expect(files.get('/many/1200.json.gz')).toBe('1200');
    });

    it('summarises per source', async () => {
      const summary = await ledger.query.summary();
      expect(summary.sources.map((source) => [source.source, source.rows])).toEqual([
        ['cur', 1],
        ['gateway', 1],
        ['invocation-log', 4],
        ['bench', 4],
      ]);
      expect(summary.cost).toBeCloseTo(16.250001 + 4 * 0.0045, 9);
      expect(summary.unpricedRows).toBe(1);
    });

    // After the summary, which counts every row so far.
    it('keeps the first copy of a request repeated within one add and across adds of a bulk load', async () => {
      const bulk = ledger.bulkInsert();
      const row = (requestId: string, cost: number) => makeUsageRow({ source: 'bench', requestId, usageStart: '2026-04-02T00:00:00.000Z', task: 'repeats', cost, catalogCost: cost });
      await bulk.add([row('y1', 1), row('y1', 2), row('y2', 3)]);
      await bulk.add([row('y2', 4), row('y3', 5)]);
      expect(await bulk.finish()).toEqual({ inserted: 3, ignored: 2, replaced: 0 });
      const stored = await ledger.query.listRequests({ filter: { sources: ['bench'], requestIds: ['y1', 'y2', 'y3'] } });
      expect(stored.map((entry) => [entry.requestId, entry.cost]).sort()).toEqual([['y1', 1], ['y2', 3], ['y3', 5]]);
    });
  });
}
