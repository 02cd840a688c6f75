import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { describeLedgerContract } from '../../../test/helpers/describe-ledger-contract.js';
import { makeUsageRow } from '../../../test/helpers/make-usage-row.js';
import type { RowJsonLines } from '../ledger.js';
import { rowKey } from '../ledger-columns.js';
import { ledgerRowJson, rowContext } from '../ledger-row-json.js';
import { latestSchemaVersion } from '../migrations.js';
import { openLedger } from '../open-ledger.js';

const dir = mkdtempSync(join(tmpdir(), 'frugal-ledger-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describeLedgerContract('DuckDB', () => openLedger(join(dir, 'contract.duckdb')));

describe('DuckDB ledger file', () => {
  it('is created with its directory on first use and keeps rows across opens', async () => {
    const path = join(dir, 'nested', 'deeper', 'frugal.duckdb');
    const first = await openLedger(path);
    expect(first.location).toBe(path);
    expect(await first.insertRows([makeUsageRow()])).toEqual({ inserted: 1, ignored: 0, replaced: 0 });
    await first.close();

    const second = await openLedger(path);
    expect(await second.migrate()).toEqual({ applied: [], version: latestSchemaVersion });
    expect(await second.insertRows([makeUsageRow()])).toEqual({ inserted: 0, ignored: 1, replaced: 0 });
    expect((await second.query.summary()).rows).toBe(1);
    await second.close();
  });

  it('closes once its running statements are done, and refuses statements after', async () => {
    const ledger = await openLedger(':memory:');
    await ledger.insertRows(Array.from({ length: 1000 }, (_, index) => makeUsageRow({ requestId: `c${index}`, cost: 0.001, catalogCost: 0.001 })));
    // Running, not awaited, when the ledger is closed (a dashboard's background review at shutdown).
    const requests = ledger.query.listRequests({ limit: 1000 });
    const meta = ledger.getMeta('sample');
    // Two statements in a row: the second comes after the close began.
    const summary = ledger.query.summary();
    summary.catch(() => undefined);
    await new Promise((resolve) => setImmediate(resolve));
    await ledger.close();
    expect(await requests).toHaveLength(1000);
    expect(await meta).toBeUndefined();
    await expect(summary).rejects.toThrow(/The ledger is closed/);
    await expect(ledger.getMeta('sample')).rejects.toThrow(/The ledger is closed/);
  });

  it('closes after an insert it interrupts has finished staging, and refuses the rest of it', async () => {
    const ledger = await openLedger(':memory:');
    // Staging (temporary tables, the appender) runs on the connection before any statement of the insert.
    const inserting = ledger.insertRows(Array.from({ length: 2000 }, (_, index) => makeUsageRow({ requestId: `s${index}` })));
    const text = ledger.insertPromptText([{ hash: 'h1', kind: 'system', chars: 5, chunks: ['c1'] }], [{ hash: 'c1', chars: 5, text: 'hello' }]);
    inserting.catch(() => undefined);
    text.catch(() => undefined);
    await ledger.close();
    await expect(inserting).rejects.toThrow(/The ledger is closed/);
    await expect(text).rejects.toThrow(/The ledger is closed/);
  });

  it('writes a new file in DuckDB 1.3 storage and keeps an older file in its own', async () => {
    const storageOf = async (path: string): Promise<unknown> => {
      const instance = await DuckDBInstance.create(path);
      const connection = await instance.connect();
      const [row] = (await connection.runAndReadAll('SELECT tags FROM duckdb_databases() WHERE NOT internal AND database_name NOT IN (\'memory\', \'temp\')')).getRowObjectsJson();
      connection.closeSync();
      instance.closeSync();
      return (row?.tags as { key: string; value: string }[] | undefined)?.find((tag) => tag.key === 'storage_version')?.value;
    };
    const fresh = join(dir, 'fresh-storage.duckdb');
    await (await openLedger(fresh)).close();
    expect(await storageOf(fresh)).toBe('v1.3.0+');

    // A ledger made before (DuckDB's default storage) opens, takes rows and stays readable as it was.
    const older = join(dir, 'older-storage.duckdb');
    (await DuckDBInstance.create(older)).closeSync();
    const ledger = await openLedger(older);
    expect(await ledger.insertRows([makeUsageRow()])).toEqual({ inserted: 1, ignored: 0, replaced: 0 });
    await ledger.close();
    expect(await storageOf(older)).toBe('v1.0.0+');
  });

  it('resolves a relative path against cwd', async () => {
    const ledger = await openLedger('rel.duckdb', { cwd: dir });
    expect(ledger.location).toBe(join(dir, 'rel.duckdb'));
    await ledger.close();
  });

  it('keeps exact money: 10,000 rows of $0.0015 sum to $15', async () => {
    const ledger = await openLedger(':memory:');
    const rows = Array.from({ length: 10_000 }, (_, index) => makeUsageRow({ requestId: `r${index}`, cost: 0.0015, catalogCost: 0.0015 }));
    expect((await ledger.insertRows(rows)).inserted).toBe(10_000);
    expect((await ledger.query.summary()).cost).toBe(15);
    await ledger.close();
  });
});

describe('DuckDB bulk load', () => {
  const templateRow = makeUsageRow({ source: 'bench', requestId: 'REQUEST', requestPreview: 'COPY' });
  const context = rowContext(templateRow);
  const template = ledgerRowJson(templateRow, context.id);
  const piece = (rows: readonly (readonly [number, string?])[]): RowJsonLines => ({
    text: Buffer.from(rows.map(([index, copy = 'first']) => `${template.replace('REQUEST', `r${index}`).replace('COPY', copy)}\n`).join('')),
    keys: rows.map(([index]) => rowKey({ source: 'bench', requestId: `r${index}` })),
    contexts: [context],
  });
  const range = (from: number, to: number): [number][] => Array.from({ length: to - from }, (_, offset) => [from + offset]);
  /** One system block of one chunk, `<text>-block` and `<text>-chunk`. */
  const promptText = (text: string) => ({
    blocks: [{ hash: `${text}-block`, kind: 'system' as const, chars: text.length, chunks: [`${text}-chunk`] }],
    chunks: [{ hash: `${text}-chunk`, chars: text.length, text }],
  });
  /** A first load that stores `rows`, for a second load to meet. */
  const storeFirst = async (ledger: Awaited<ReturnType<typeof openLedger>>, rows: readonly (readonly [number, string?])[]): Promise<void> => {
    const first = ledger.bulkInsert();
    await first.addRowJson?.([piece(rows)]);
    expect(await first.finish()).toEqual({ inserted: rows.length, ignored: 0, replaced: 0 });
  };

  it('commits each full row group (122,880 rows) as it fills, repeats not counted, the rest at finish', async () => {
    const ledger = await openLedger(join(dir, 'bulk.duckdb'));
    const bulk = ledger.bulkInsert();
    const addRowJson = bulk.addRowJson?.bind(bulk);
    if (addRowJson === undefined) throw new Error('the DuckDB ledger stages lines');
    await addRowJson([piece(range(0, 122_000))]);
    expect((await ledger.query.summary()).rows).toBe(0);
    // A repeat of a staged row is dropped, not counted towards the row group.
    await addRowJson([piece([[5, 'repeat'], ...range(122_000, 123_000)])]);
    // The full row group commits in the background while the rest stays staged.
    await vi.waitFor(async () => expect((await ledger.query.summary()).rows).toBeGreaterThan(0), { timeout: 30_000, interval: 20 });
    expect((await ledger.query.summary()).rows).toBe(122_880);
    // The lines went through spool files beside the ledger, removed when the load finishes.
    expect(readdirSync(dir).some((name) => name.startsWith('.frugal-bulk-'))).toBe(true);
    expect(await bulk.finish()).toEqual({ inserted: 123_000, ignored: 1, replaced: 0 });
    expect(readdirSync(dir).some((name) => name.startsWith('.frugal-bulk-'))).toBe(false);
    expect((await ledger.query.summary()).rows).toBe(123_000);
    await ledger.close();
  }, 60_000);

  it('inserts the last row group in parts into one transaction once the load expects less than a row group more, committed at the end', async () => {
    const path = join(dir, 'last-group.duckdb');
    const ledger = await openLedger(path);
    const bulk = ledger.bulkInsert();
    bulk.expectRemaining?.(100_000);
    await bulk.addRowJson?.([piece(range(0, 70_000))]);
    // Two parts (30,720 rows each) went into the transaction; the rest waits for the end.
    const spools = (): string[] => readdirSync(dir).filter((name) => name.startsWith('.frugal-bulk-last-group')).flatMap((folder) => readdirSync(join(dir, folder)));
    await vi.waitFor(() => expect(spools().length).toBe(3), { timeout: 30_000, interval: 20 });
    expect((await ledger.query.summary()).rows).toBe(0);
    await bulk.addRowJson?.([piece(range(70_000, 130_000))]);
    expect(await bulk.finish()).toEqual({ inserted: 130_000, ignored: 0, replaced: 0 });
    expect((await ledger.query.summary()).rows).toBe(130_000);
    await ledger.close();
  }, 60_000);

  it('redoes every part of the last group when one meets rows already stored, keeping its prompt text', async () => {
    const ledger = await openLedger(':memory:');
    await storeFirst(ledger, [[40_000], [69_999]]);
    const second = ledger.bulkInsert();
    second.expectRemaining?.(0);
    // r40000 falls in the second part, r69999 in the last: the first part's rows must be inserted again.
    await second.addRowJson?.([piece(range(0, 70_000))], promptText('parts'));
    expect(await second.finish()).toEqual({ inserted: 69_998, ignored: 2, replaced: 0 });
    expect((await ledger.query.summary()).rows).toBe(70_000);
    expect((await ledger.query.promptTexts(['parts-block']))[0]?.text).toBe('parts');
    await ledger.close();
  }, 60_000);

  it('keeps the first copy of a repeated row, wherever the repeat falls among the pieces', async () => {
    const ledger = await openLedger(':memory:');
    const bulk = ledger.bulkInsert();
    await bulk.addRowJson?.([piece([[0], [1], [0, 'repeat'], [2]]), piece([[2, 'repeat'], [3], [1, 'repeat']]), piece([[4], [4, 'repeat']])]);
    expect(await bulk.finish()).toEqual({ inserted: 5, ignored: 4, replaced: 0 });
    const rows = (await ledger.query.listRequests()).sort((a, b) => a.requestId.localeCompare(b.requestId));
    expect(rows.map((row) => [row.requestId, row.requestPreview])).toEqual([0, 1, 2, 3, 4].map((index) => [`r${index}`, 'first']));
    await ledger.close();
  });

  it('redoes a commit that meets rows already stored, skipping them and keeping its prompt text', async () => {
    const ledger = await openLedger(':memory:');
    await storeFirst(ledger, [[0], [1]]);
    // The commit inserts without looking first; the primary key refuses r1, and the redo skips it.
    const second = ledger.bulkInsert();
    await second.addRowJson?.([piece([[1, 'second'], [2, 'second']])], promptText('redo'));
    expect(await second.finish()).toEqual({ inserted: 1, ignored: 1, replaced: 0 });
    const rows = (await ledger.query.listRequests()).sort((a, b) => a.requestId.localeCompare(b.requestId));
    expect(rows.map((row) => [row.requestId, row.requestPreview])).toEqual([['r0', 'first'], ['r1', 'first'], ['r2', 'second']]);
    expect((await ledger.query.promptTexts(['redo-block']))[0]?.text).toBe('redo');
    await ledger.close();
  });

  it('removes the spool folders a killed load left beside the ledger when the ledger is next opened, and no other folder', async () => {
    const home = mkdtempSync(join(dir, 'killed-'));
    // What a load killed mid-way leaves: its folder (named as the ledger's bulk load names it) with a stage file.
    const stale = mkdtempSync(join(home, '.frugal-bulk-frugal.duckdb-'));
    writeFileSync(join(stale, 'stage-0.jsonl'), '{"source":"bench"}\n');
    // Another ledger's folder in the same place, and names that only look alike.
    const others = ['.frugal-bulk-frugal.duckdb-2-a1B2c3', '.frugal-bulk-frugal.duckdb-abc', '.frugal-bulk-other.duckdb-a1B2c3', 'frugal-bulk-frugal.duckdb-a1B2c3'];
    for (const name of others) mkdirSync(join(home, name));
    const ledger = await openLedger(join(home, 'frugal.duckdb'));
    expect(readdirSync(home).filter((name) => name.includes('bulk')).sort()).toEqual([...others].sort());
    await ledger.close();
  });

  it('refuses lines whose context was never handed over, rather than drop them', async () => {
    const ledger = await openLedger(':memory:');
    const bulk = ledger.bulkInsert();
    await bulk.addRowJson?.([{ ...piece(range(0, 3)), contexts: [] }]);
    await expect(bulk.finish()).rejects.toThrow(/NOT NULL/);
    expect((await ledger.query.summary()).rows).toBe(0);
    await ledger.close();
  });

  it('reports a commit that fails when the load finishes, keeping what committed before', async () => {
    const ledger = await openLedger(':memory:');
    const bulk = ledger.bulkInsert();
    await bulk.add([makeUsageRow({ requestId: 'good' })]);
    expect(await bulk.finish()).toEqual({ inserted: 1, ignored: 0, replaced: 0 });
    const broken = ledger.bulkInsert();
    await broken.addRowJson?.([{ text: Buffer.from('{"source": "bench", "requestId": \n'), keys: ['bench\u0000cut'], contexts: [] }]);
    await expect(broken.finish()).rejects.toThrow(/JSON|json/);
    expect((await ledger.query.summary()).rows).toBe(1);
    await ledger.close();
  });
});
