import { describe, expect, it } from 'vitest';
import type { UsageRow } from '../core/index.js';
import type { Ledger } from '../ledger/index.js';
import { createLedgerUsageSink } from './create-ledger-usage-sink.js';

const row = (id: number): UsageRow => ({ requestId: `r${id}` }) as UsageRow;

/** Just the writes of a ledger; fails the first `failures` inserts. */
function fakeLedger(failures = 0) {
  const inserted: string[][] = [];
  let left = failures;
  const ledger = {
    insertRows(rows: readonly UsageRow[]) {
      if (left > 0) {
        left -= 1;
        return Promise.reject(new Error('database down'));
      }
      inserted.push(rows.map((each) => each.requestId));
      return Promise.resolve({ inserted: rows.length, ignored: 0, replaced: 0 });
    },
    insertPromptText: () => Promise.resolve(0),
  } as unknown as Ledger;
  return { ledger, inserted };
}

describe('createLedgerUsageSink', () => {
  it('queues without waiting, writes full batches at once and the rest on flush', async () => {
    const { ledger, inserted } = fakeLedger();
    const sink = createLedgerUsageSink(ledger, { batchSize: 2, flushIntervalMs: 60_000, logger: { warn: () => undefined } });
    expect(sink.write([row(1)])).toBeUndefined();
    sink.write([row(2), row(3)]);
    await sink.flush?.();
    expect(inserted).toEqual([['r1', 'r2'], ['r3']]);
  });

  it('keeps rows the ledger refused and writes them on the next flush', async () => {
    const { ledger, inserted } = fakeLedger(1);
    const warnings: string[] = [];
    const sink = createLedgerUsageSink(ledger, { batchSize: 10, flushIntervalMs: 60_000, logger: { warn: (message) => warnings.push(message) } });
    sink.write([row(1), row(2)]);
    await expect(sink.flush?.()).rejects.toThrow(/2 usage row\(s\) could not be written/);
    expect(warnings[0]).toMatch(/refused 2 usage row/);
    await sink.close?.();
    expect(inserted).toEqual([['r1', 'r2']]);
  });

  it('writes a partial batch on its timer', async () => {
    const { ledger, inserted } = fakeLedger();
    const sink = createLedgerUsageSink(ledger, { batchSize: 10, flushIntervalMs: 5 });
    sink.write([row(1)]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(inserted).toEqual([['r1']]);
    await sink.close?.();
  });
});
