import { appendFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeUsageRow } from '../../../test/helpers/make-usage-row.js';
import type { UsageRow } from '../../core/index.js';
import { openLedger } from '../../ledger/index.js';
import { createSpillFile } from './create-spill-file.js';
import { createUsageWriter } from './create-usage-writer.js';

const rows = (count: number, from = 0): UsageRow[] => Array.from({ length: count }, (_, index) => makeUsageRow({ source: 'gateway', requestId: `r-${from + index}` }));

/** A ledger that stores request ids and fails while `down` is set, like a database outage. */
function flakyLedger() {
  const stored = new Map<string, UsageRow>();
  const state = { down: false, inserts: 0 };
  return {
    state,
    stored,
    insertRows: async (batch: readonly UsageRow[]) => {
      state.inserts += 1;
      if (state.down) throw new Error('connect ECONNREFUSED 127.0.0.1:5432 (password=hunter2)');
      let inserted = 0;
      for (const row of batch) {
        if (stored.has(row.requestId)) continue;
        stored.set(row.requestId, row);
        inserted += 1;
      }
      return { inserted, ignored: batch.length - inserted, replaced: 0 };
    },
  };
}

describe('createUsageWriter', () => {
  it('queues without waiting and inserts in batches', async () => {
    const ledger = flakyLedger();
    const dir = mkdtempSync(join(tmpdir(), 'usage-writer-'));
    const writer = createUsageWriter({ ledger, spill: createSpillFile(join(dir, 'spill.jsonl')), batchSize: 100, flushIntervalMs: 10_000 });
    for (const row of rows(250)) writer.write([row]);
    expect(writer.stats().queued).toBeLessThanOrEqual(250);
    await writer.flush();
    expect(ledger.stored.size).toBe(250);
    expect(ledger.state.inserts).toBeLessThanOrEqual(4);
    await writer.drain();
  });

  it('a flush inserts the rows queued when it started; rows arriving meanwhile wait for the next one', async () => {
    const ledger = flakyLedger();
    const batches: number[] = [];
    const slow = { insertRows: async (batch: readonly UsageRow[]) => (batches.push(batch.length), await new Promise((done) => setTimeout(done, 20)), ledger.insertRows(batch)) };
    const dir = mkdtempSync(join(tmpdir(), 'usage-writer-'));
    const writer = createUsageWriter({ ledger: slow, spill: createSpillFile(join(dir, 'spill.jsonl')), batchSize: 100, flushIntervalMs: 10_000 });
    writer.write(rows(5));
    const flushed = writer.flush();
    await new Promise((done) => setTimeout(done, 5));
    writer.write(rows(3, 5));
    await flushed;
    expect(batches).toEqual([5]);
    expect(writer.stats().queued).toBe(3);
    await writer.drain();
    expect(ledger.stored.size).toBe(8);
  });

  it('spills to an append-only file during an outage, replays when the ledger is back, and loses nothing', async () => {
    const ledger = flakyLedger();
    const dir = mkdtempSync(join(tmpdir(), 'usage-writer-'));
    const warnings: string[] = [];
    const writer = createUsageWriter({ ledger, spill: createSpillFile(join(dir, 'spill.jsonl')), batchSize: 50, flushIntervalMs: 10_000, replayIntervalMs: 60_000, logger: { info: () => undefined, warn: (text) => warnings.push(text) } });
    writer.write(rows(30, 0));
    await writer.flush();
    ledger.state.down = true;
    writer.write(rows(120, 30));
    await writer.flush();
    expect(writer.stats()).toMatchObject({ outage: true, spilled: 120, queued: 0 });
    // While down, later batches go straight to the file, in order, without hammering the database.
    const insertsDuringOutage = ledger.state.inserts;
    writer.write(rows(40, 150));
    await writer.flush();
    expect(ledger.state.inserts).toBe(insertsDuringOutage);
    const spilled = readFileSync(join(dir, 'spill.jsonl'), 'utf8').trim().split('\n');
    expect(spilled).toHaveLength(160);
    expect(warnings.join('\n')).not.toContain('hunter2');

    expect(await writer.replay()).toBe(false); // still down: the file stays for the next try
    ledger.state.down = false;
    expect(await writer.replay()).toBe(true);
    expect(ledger.stored.size).toBe(190);
    expect(writer.stats().outage).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
    await writer.drain();
  });

  it('replays idempotently after a crash, skipping a torn last line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'usage-writer-'));
    const file = join(dir, 'spill.jsonl');
    const ledger = await openLedger(join(dir, 'ledger.duckdb'));
    // Half the rows made it into the ledger before the crash; all of them are in the spill file.
    await ledger.insertRows(rows(10));
    appendFileSync(file, `${rows(20).map((row) => JSON.stringify(row)).join('\n')}\n{"source":"gateway","requestId":"torn`);
    const warnings: string[] = [];
    const writer = createUsageWriter({ ledger, spill: createSpillFile(file), logger: { info: () => undefined, warn: (text) => warnings.push(text) } });
    expect(await writer.replay()).toBe(true);
    const stored = await ledger.query.listRequests({ filter: { sources: ['gateway'] }, limit: 100 });
    expect(stored).toHaveLength(20);
    expect(warnings.some((text) => text.includes('line 21'))).toBe(true);
    await writer.drain();
    await ledger.close();
  });

  it('drains on shutdown; what the ledger will not take stays on disk for the next start', async () => {
    const ledger = flakyLedger();
    const dir = mkdtempSync(join(tmpdir(), 'usage-writer-'));
    const spill = createSpillFile(join(dir, 'spill.jsonl'));
    const writer = createUsageWriter({ ledger, spill, batchSize: 1000, flushIntervalMs: 10_000 });
    ledger.state.down = true;
    writer.write(rows(25));
    const stats = await writer.drain();
    expect(stats).toMatchObject({ queued: 0, spilled: 25 });
    // The next process replays it.
    ledger.state.down = false;
    const next = createUsageWriter({ ledger, spill: createSpillFile(join(dir, 'spill.jsonl')) });
    expect(await next.replay()).toBe(true);
    expect(ledger.stored.size).toBe(25);
    await next.drain();
  });
});
