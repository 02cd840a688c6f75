import type { UsageRow } from '../core/index.js';
import type { RowJsonLines } from './ledger.js';
import { rowKey } from './ledger-columns.js';
import { type RowContext, hasRowContext, ledgerRowJson, rowContext } from './ledger-row-json.js';

export interface RowJsonWriter {
  /** Appends the row's `ledgerRowJson` line (UTF-8, then a line feed) and its `rowKey`; its context the first time. */
  write(row: UsageRow): void;
  /** Rows written since the last take. */
  readonly count: number;
  /** What was written since the last take, in a buffer of its own (transferable to another thread). */
  take(): RowJsonLines;
}

const minimumBytes = 64 * 1024;
const recentContexts = 4;

/**
 * Writes rows as `RowJsonLines`: the lines' bytes in one buffer, not a string per row. A buffer
 * moves between threads without a copy and lives outside the JavaScript heap, where a thousand
 * 2 KB strings per worker message were copied by the receiving thread's young-generation
 * collections while they waited for DuckDB.
 * `spares` holds buffers handed back once their lines were written out (by the thread that wrote
 * them to the ledger): one is reused instead of allocating when large enough. Memory allocated
 * outside the heap counts as V8's "external memory pressure", which starts full collections.
 */
export function createRowJsonWriter(spares?: ArrayBuffer[]): RowJsonWriter {
  // Sized from the last take, so a steady stream of equal takes grows a buffer once.
  let capacity = minimumBytes;
  let buffer: Buffer | undefined;
  let length = 0;
  let keys: string[] = [];
  // Rows come in runs of a few contexts (a log file's models, say): a row is compared with the
  // latest few before its context is named again (JSON and SHA-256, 2 us).
  const recent: RowContext[] = [];
  const named = new Set<string>();
  let contexts: RowContext[] = [];
  const contextOf = (row: UsageRow): RowContext => {
    for (const context of recent) if (hasRowContext(row, context)) return context;
    const context = rowContext(row);
    if (recent.length >= recentContexts) recent.pop();
    recent.unshift(context);
    if (!named.has(context.id)) {
      named.add(context.id);
      contexts.push(context);
    }
    return context;
  };
  const reserve = (bytes: number): Buffer => {
    if (buffer !== undefined && length + bytes <= buffer.length) return buffer;
    // A spare starts a take (spares are about a take's size; growing needs more than that).
    const spare = buffer === undefined ? spares?.pop() : undefined;
    // Never from Node's shared pool: the buffer must own its memory to be transferred.
    const grown = spare !== undefined && spare.byteLength >= bytes ? Buffer.from(spare) : Buffer.allocUnsafeSlow(Math.max(capacity, (length + bytes) * 2));
    buffer?.copy(grown, 0, 0, length);
    buffer = grown;
    return grown;
  };
  return {
    write(row) {
      const line = ledgerRowJson(row, contextOf(row).id);
      // A UTF-16 code unit takes at most 3 bytes in UTF-8.
      const target = reserve(line.length * 3 + 1);
      length += target.write(line, length, 'utf8');
      target[length] = 0x0a;
      length += 1;
      keys.push(rowKey(row));
    },
    get count() {
      return keys.length;
    },
    take() {
      const taken: RowJsonLines = { text: buffer === undefined ? new Uint8Array(0) : buffer.subarray(0, length), keys, contexts };
      capacity = Math.max(minimumBytes, Math.ceil(length * 1.25));
      buffer = undefined;
      length = 0;
      keys = [];
      contexts = [];
      return taken;
    },
  };
}

/** Rows as one `RowJsonLines`. */
export function encodeRowJsonLines(rows: readonly UsageRow[]): RowJsonLines {
  const writer = createRowJsonWriter();
  for (const row of rows) writer.write(row);
  return writer.take();
}
