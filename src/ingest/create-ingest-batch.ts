import { type UsageRow, picoToUsd, usdToPico } from '../core/index.js';
import type { Ledger } from '../ledger/index.js';
import type { PromptHasher } from './invocation-log/create-prompt-hasher.js';

export interface IngestCounters {
  valid: number;
  inserted: number;
  alreadyInLedger: number;
  replaced: number;
  unpricedRows: number;
  first: string | null;
  last: string | null;
}

export interface IngestBatch {
  readonly counters: IngestCounters;
  /** Queues a row; writes a batch to the ledger when full. */
  add(row: UsageRow): Promise<void>;
  /** Writes what is queued (rows and new prompt text). */
  flush(): Promise<void>;
  /** Exact sums of the known costs of the rows added, by cost basis. */
  knownCost(): { catalog: number; billed: number };
}

/**
 * Rows go to the ledger in batches (one transaction each), so a crash loses at most a batch and
 * a re-run picks up from where the ledger is: repeated rows are ignored. Billing rows replace
 * earlier versions of themselves, since AWS rewrites the month's export as the bill settles.
 */
export function createIngestBatch(ledger: Ledger, hasher: PromptHasher, batchSize: number): IngestBatch {
  const counters: IngestCounters = { valid: 0, inserted: 0, alreadyInLedger: 0, replaced: 0, unpricedRows: 0, first: null, last: null };
  let calls: UsageRow[] = [];
  let bills: UsageRow[] = [];
  // Exact: picodollars, the way the cost engine adds money.
  const known = { catalog: 0n, billed: 0n };

  const write = async (text: ReturnType<PromptHasher['drainText']>, batches: readonly (readonly [UsageRow[], 'ignore' | 'replace'])[]): Promise<void> => {
    if (text.blocks.length > 0) await ledger.insertPromptText(text.blocks, text.chunks);
    for (const [rows, onConflict] of batches) {
      if (rows.length === 0) continue;
      const result = await ledger.insertRows(rows, { onConflict });
      counters.inserted += result.inserted;
      counters.alreadyInLedger += result.ignored;
      counters.replaced += result.replaced;
    }
  };
  // One write in flight while the next batch is parsed: the database works on its own threads.
  // A failed write is kept and rethrown at the next await, never left as an unhandled rejection.
  let inflight: Promise<void> = Promise.resolve();
  let failure: unknown;
  const settle = async (): Promise<void> => {
    await inflight;
    if (failure !== undefined) throw failure;
  };
  const startWrite = async (): Promise<void> => {
    await settle();
    const batches = [
      [calls, 'ignore'],
      [bills, 'replace'],
    ] as const;
    inflight = write(hasher.drainText(), batches).catch((error: unknown) => {
      failure = error;
    });
    calls = [];
    bills = [];
  };
  const flush = async (): Promise<void> => {
    await startWrite();
    await settle();
  };

  return {
    counters,
    async add(row) {
      counters.valid += 1;
      if (row.cost === null) counters.unpricedRows += 1;
      else known[row.costBasis] += usdToPico(row.cost);
      if (counters.first === null || row.usageStart < counters.first) counters.first = row.usageStart;
      if (counters.last === null || row.usageStart > counters.last) counters.last = row.usageStart;
      if (row.costBasis === 'billed') bills.push(row);
      else calls.push(row);
      if (calls.length + bills.length >= batchSize) await startWrite();
    },
    flush,
    knownCost: () => ({ catalog: picoToUsd(known.catalog), billed: picoToUsd(known.billed) }),
  };
}
