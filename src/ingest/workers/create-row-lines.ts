import { type UsageRow, usdToPico } from '../../core/index.js';
import { rowKey } from '../../ledger/ledger-columns.js';
import { ledgerRowJson } from '../../ledger/ledger-row-json.js';

/**
 * Call rows (catalog-priced) written as `ledgerRowJson` lines, with what the ingest batch counts of
 * each row, so the main thread hands the lines to the ledger without rebuilding the rows.
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
  readonly count: number;
  /** What was added since the last take. */
  take(): RowLines;
}

export function createRowLines(): RowLinesBuffer {
  let lines: string[] = [];
  let keys: string[] = [];
  let unpricedRows = 0;
  let catalogPico = 0n;
  let first: string | null = null;
  let last: string | null = null;
  return {
    add(row) {
      lines.push(ledgerRowJson(row));
      keys.push(rowKey(row));
      if (row.cost === null) unpricedRows += 1;
      else catalogPico += usdToPico(row.cost);
      if (first === null || row.usageStart < first) first = row.usageStart;
      if (last === null || row.usageStart > last) last = row.usageStart;
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
