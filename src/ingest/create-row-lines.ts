import { type UsageRow, usdToPico } from '../core/index.js';
import { rowKey } from '../ledger/ledger-columns.js';
import { ledgerRowJson } from '../ledger/ledger-row-json.js';

/**
 * Call rows (catalog-priced) written as `ledgerRowJson` lines, with what the ingest batch counts of
 * each row, so a worker's rows reach the ledger without being rebuilt on the main thread.
 */
export interface RowLines {
  /** One string per row (an array clones to the main thread as cheaply as the lines joined, and saves joining and splitting them). */
  lines: string[];
  /** Each line's `rowKey`, in order. */
  keys: string[];
  unpricedRows: number;
  /** Sum of the rows' known costs, in picodollars (exact, like the batch's own sums). */
  catalogPico: bigint;
  first: string | null;
  last: string | null;
}

export interface RowLinesBuffer {
  /** Writes a row with cost basis `catalog` as a line. */
  add(row: UsageRow): void;
  /** Queues lines another buffer took (a worker's), after those already here. */
  append(taken: RowLines): void;
  readonly count: number;
  /** What was added since the last take. */
  take(): RowLines;
}

/** The one place a call row becomes its ledger line and key: worker threads and the ingest batch queue rows here. */
export function createRowLines(): RowLinesBuffer {
  let lines: string[] = [];
  let keys: string[] = [];
  let unpricedRows = 0;
  let catalogPico = 0n;
  let first: string | null = null;
  let last: string | null = null;
  const widen = (from: string | null, to: string | null): void => {
    if (from !== null && (first === null || from < first)) first = from;
    if (to !== null && (last === null || to > last)) last = to;
  };
  return {
    add(row) {
      lines.push(ledgerRowJson(row));
      keys.push(rowKey(row));
      if (row.cost === null) unpricedRows += 1;
      else catalogPico += usdToPico(row.cost);
      widen(row.usageStart, row.usageStart);
    },
    append(taken) {
      for (const line of taken.lines) lines.push(line);
      for (const key of taken.keys) keys.push(key);
      unpricedRows += taken.unpricedRows;
      catalogPico += taken.catalogPico;
      widen(taken.first, taken.last);
    },
    get count() {
      return lines.length;
    },
    take() {
      const taken: RowLines = { lines, keys, unpricedRows, catalogPico, first, last };
      lines = [];
      keys = [];
      unpricedRows = 0;
      catalogPico = 0n;
      first = null;
      last = null;
      return taken;
    },
  };
}
