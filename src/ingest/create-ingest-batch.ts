import { type UsageRow, picoToUsd, usdToPico } from '../core/index.js';
import type { BulkInsertOptions, Ledger } from '../ledger/index.js';
import { type RowLines, createRowLines, transferablesOf } from './create-row-lines.js';
import type { PromptText } from './create-text-queue.js';

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
  /** Queues a row; hands a batch to the ledger when full. */
  add(row: UsageRow): Promise<void>;
  /** True when the ledger takes rows as `ledgerRowJson` lines: then `addLines` may be called. */
  readonly takesLines: boolean;
  /** Queues call rows a worker already wrote as lines, in order with the rows added before them. */
  addLines(lines: RowLines): Promise<void>;
  /** About how many more rows will be added (see `BulkInsert.expectRemaining`). */
  expectRemaining(rows: number): void;
  /** Writes everything still queued and settles the counters. Call once, at the end. */
  finish(): Promise<void>;
  /** Exact sums of the known costs of the rows added, by cost basis. */
  knownCost(): { catalog: number; billed: number };
}

export interface IngestBatchOptions {
  /** How the ledger's bulk load runs (see `BulkInsertOptions`). */
  bulkOptions?: BulkInsertOptions;
  /** Receives the buffers of call lines once the ledger has written them, for reuse. */
  onLinesWritten?: (buffers: ArrayBuffer[]) => void;
}

/**
 * Calls go to the ledger through a bulk load (large transactions; a crash loses at most the
 * uncommitted part, and a re-run skips what is already there). Billing rows replace earlier
 * versions of themselves, since AWS rewrites the month's export as the bill settles. One batch
 * is handed over while the next is parsed: the database works on its own threads.
 */
export function createIngestBatch(ledger: Ledger, drainText: () => PromptText, batchSize: number, { bulkOptions, onLinesWritten }: IngestBatchOptions = {}): IngestBatch {
  const counters: IngestCounters = { valid: 0, inserted: 0, alreadyInLedger: 0, replaced: 0, unpricedRows: 0, first: null, last: null };
  const bulk = ledger.bulkInsert(bulkOptions);
  const addRowJson = bulk.addRowJson?.bind(bulk);
  // Calls queue as rows, or, for a ledger that stages lines (DuckDB), as lines: one queue, so the
  // order of calls (which of two copies of a request is kept) is the order they were read.
  let calls: UsageRow[] = [];
  const callLines = createRowLines();
  let bills: UsageRow[] = [];
  // Exact: picodollars, the way the cost engine adds money.
  const known = { catalog: 0n, billed: 0n };

  const write = async (text: PromptText, callRows: UsageRow[], lines: RowLines, billRows: UsageRow[]): Promise<void> => {
    if (addRowJson !== undefined) {
      if (lines.count > 0 || text.blocks.length > 0) await addRowJson(lines.pieces, text);
      // The ledger is done with the lines' bytes: their buffers may be reused.
      if (onLinesWritten !== undefined && lines.pieces.length > 0) onLinesWritten(transferablesOf(lines));
    } else if (callRows.length > 0 || text.blocks.length > 0) {
      await bulk.add(callRows, text);
    }
    if (billRows.length > 0) {
      const result = await ledger.insertRows(billRows, { onConflict: 'replace' });
      counters.inserted += result.inserted;
      counters.alreadyInLedger += result.ignored;
      counters.replaced += result.replaced;
    }
  };
  // A failed write is kept and rethrown at the next await, never left as an unhandled rejection.
  let inflight: Promise<void> = Promise.resolve();
  let failure: unknown;
  const settle = async (): Promise<void> => {
    await inflight;
    if (failure !== undefined) throw failure;
  };
  const countFirstLast = (first: string | null, last: string | null): void => {
    if (first !== null && (counters.first === null || first < counters.first)) counters.first = first;
    if (last !== null && (counters.last === null || last > counters.last)) counters.last = last;
  };
  const startWrite = async (): Promise<void> => {
    await settle();
    // Call lines are counted as they leave the queue, with the sums it kept of them.
    const lines = callLines.take();
    counters.valid += lines.count;
    counters.unpricedRows += lines.unpricedRows;
    known.catalog += lines.catalogPico;
    countFirstLast(lines.first, lines.last);
    inflight = write(drainText(), calls, lines, bills).catch((error: unknown) => {
      failure = error;
    });
    calls = [];
    bills = [];
  };

  return {
    counters,
    async add(row) {
      if (row.costBasis !== 'billed' && addRowJson !== undefined) callLines.add(row);
      else {
        counters.valid += 1;
        if (row.cost === null) counters.unpricedRows += 1;
        else known[row.costBasis] += usdToPico(row.cost);
        countFirstLast(row.usageStart, row.usageStart);
        if (row.costBasis === 'billed') bills.push(row);
        else calls.push(row);
      }
      if (calls.length + callLines.count + bills.length >= batchSize) await startWrite();
    },
    takesLines: addRowJson !== undefined,
    async addLines(lines) {
      if (addRowJson === undefined) throw new Error('this ledger takes rows, not lines');
      if (lines.count === 0) return;
      callLines.append(lines);
      if (callLines.count + bills.length >= batchSize) await startWrite();
    },
    expectRemaining(rows) {
      bulk.expectRemaining?.(rows);
    },
    async finish() {
      await startWrite();
      await settle();
      const totals = await bulk.finish();
      counters.inserted += totals.inserted;
      counters.alreadyInLedger += totals.ignored;
    },
    knownCost: () => ({ catalog: picoToUsd(known.catalog), billed: picoToUsd(known.billed) }),
  };
}
