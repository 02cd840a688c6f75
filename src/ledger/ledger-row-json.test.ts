import { describe, expect, it } from 'vitest';
import { makeUsageRow } from '../../test/helpers/make-usage-row.js';
import type { UsageRow } from '../core/index.js';
import { ledgerColumns } from './ledger-columns.js';
import { hasRowContext, ledgerRowJson, rowContext, rowJsonColumns, sharedColumns } from './ledger-row-json.js';
import { openLedger } from './open-ledger.js';

const full = makeUsageRow({
  usageType: 'USE1-Claude-input',
  billedCost: 0.004,
  pricingNote: 'a note',
  routeDecision: 'kept',
  cacheHit: true,
  ttftMs: 120,
  inputBodyPath: 's3://bucket/in.json',
  outputBodyPath: 's3://bucket/out.json',
  costByBucket: { input: 0.003, cacheRead: 0.0001, cacheWrite5m: 0.0002, cacheWrite1h: 0.0003, output: 0.0015 },
});

describe('ledgerRowJson', () => {
  it('puts every ledger column where rowJsonColumns says (the line or its context), with the value ledgerColumns reads', () => {
    const context = rowContext(full);
    const line = JSON.parse(ledgerRowJson(full, context.id)) as Record<string, unknown>;
    expect(line.context).toBe(context.id);
    for (const [index, column] of ledgerColumns.entries()) {
      const { path, kind } = rowJsonColumns[index] as (typeof rowJsonColumns)[number];
      expect(path === null, column.name).toBe(column.shared);
      const value = path === null ? context.values[sharedColumns.indexOf(column)] : path.reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], line);
      expect(value, column.name).not.toBeUndefined();
      expect(kind === 'json' ? JSON.stringify(value) : value, column.name).toEqual(column.read(full));
    }
    // Nothing else in the line: a shared column is not written twice, a new column not forgotten.
    const fields = new Set(rowJsonColumns.flatMap(({ path }) => (path === null ? [] : [path[0] as string])));
    expect(Object.keys(line).sort()).toEqual(['context', ...fields].sort());
  });

  it('names a context by its shared values alone', () => {
    const context = rowContext(full);
    expect(rowContext(makeUsageRow({ ...full, requestId: 'other', cost: 1, task: 'another', taskSource: 'rule' }))).toEqual(context);
    expect(hasRowContext(makeUsageRow({ ...full, requestId: 'other' }), context)).toBe(true);
    const changed: Partial<UsageRow>[] = [{ source: 'bench' }, { region: 'eu-west-1' }, { accountId: '999' }, { modelId: 'm2' }, { rawModelId: 'us.m2' }, { modelTier: 3 }, { mode: 'batch' }, { pricingStatus: 'unpriced' }, { priceVersion: 'v2' }, { pricingNote: null }, { usageType: null }, { requestCount: 2 }];
    const ids = new Set([context.id]);
    for (const change of changed) {
      const row = makeUsageRow({ ...full, ...change });
      expect(hasRowContext(row, context), JSON.stringify(change)).toBe(false);
      ids.add(rowContext(row).id);
    }
    expect(ids.size).toBe(changed.length + 1);
  });

  it('bulk loads the same rows the row path writes, a lone surrogate as U+FFFD either way', async () => {
    const rows: UsageRow[] = [
      full,
      makeUsageRow({ requestId: 'req-2', requestPreview: 'cut through an emoji \ud83d', responsePreview: 'a\u0000b "quoted" \\ud83d line\nbreak', metadata: { note: 'ü 😀' } }),
      makeUsageRow({ requestId: 'req-3', cost: null, catalogCost: null, costByBucket: { input: null, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: null }, cacheHit: null, promptBlocks: [] }),
    ];
    const viaRows = await openLedger(':memory:');
    const viaLines = await openLedger(':memory:');
    await viaRows.insertRows(rows);
    const bulk = viaLines.bulkInsert();
    await bulk.add(rows);
    expect(await bulk.finish()).toEqual({ inserted: 3, ignored: 0, replaced: 0 });
    const read = async (ledger: typeof viaRows): Promise<UsageRow[]> => (await ledger.query.listRequests()).sort((a, b) => a.requestId.localeCompare(b.requestId));
    const loaded = await read(viaLines);
    expect(loaded).toEqual(await read(viaRows));
    expect(loaded[1]?.requestPreview).toBe('cut through an emoji \ufffd');
    expect(loaded[1]?.responsePreview).toBe('a\u0000b "quoted" \\ud83d line\nbreak');
    await viaRows.close();
    await viaLines.close();
  });
});
