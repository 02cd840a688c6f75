import { type UsageRow, usdToPico } from '../core/index.js';
import { type RowJsonLines, createRowJsonWriter } from '../ledger/index.js';

/**
 * Call rows (catalog-priced) written as ledger lines (`RowJsonLines`), with what the ingest batch
 * counts of them, so a worker's rows reach the ledger without being rebuilt on the main thread.
 */
export interface RowLines {
  /** The lines in order, in pieces: one per `take` of the buffers they came through. */
  pieces: RowJsonLines[];
  /** Rows in all pieces. */
  count: number;
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

/** The buffers a worker transfers (not copies) to the main thread with its lines. */
export const transferablesOf = (lines: RowLines): ArrayBuffer[] => lines.pieces.map((piece) => piece.text.buffer as ArrayBuffer);

/**
 * The one place a call row becomes its ledger line and key: worker threads and the ingest batch
 * queue rows here. `spares`: buffers to reuse (see `createRowJsonWriter`).
 */
export function createRowLines(spares?: ArrayBuffer[]): RowLinesBuffer {
  const writer = createRowJsonWriter(spares);
  let pieces: RowJsonLines[] = [];
  let count = 0;
  let unpricedRows = 0;
  let catalogPico = 0n;
  let first: string | null = null;
  let last: string | null = null;
  const widen = (from: string | null, to: string | null): void => {
    if (from !== null && (first === null || from < first)) first = from;
    if (to !== null && (last === null || to > last)) last = to;
  };
  // Lines written here go ahead of pieces appended after them.
  const seal = (): void => {
    if (writer.count > 0) pieces.push(writer.take());
  };
  return {
    add(row) {
      writer.write(row);
      count += 1;
      if (row.cost === null) unpricedRows += 1;
      else catalogPico += usdToPico(row.cost);
      widen(row.usageStart, row.usageStart);
    },
    append(taken) {
      seal();
      for (const piece of taken.pieces) pieces.push(piece);
      count += taken.count;
      unpricedRows += taken.unpricedRows;
      catalogPico += taken.catalogPico;
      widen(taken.first, taken.last);
    },
    get count() {
      return count;
    },
    take() {
      seal();
      const taken: RowLines = { pieces, count, unpricedRows, catalogPico, first, last };
      pieces = [];
      count = 0;
      unpricedRows = 0;
      catalogPico = 0n;
      first = null;
      last = null;
      return taken;
    },
  };
}
