import type { UsageRow } from '../core/index.js';
import { type ColumnKind, ledgerColumns } from './ledger-columns.js';

/**
 * A string holding a lone UTF-16 surrogate is escaped by JSON.stringify as `\udXXX` (lower case;
 * a surrogate in a pair is written as itself). A substring search, not a regular expression: it
 * runs over every row's line.
 */
const escapedSurrogate = '\\ud';
/** `toWellFormed` is in Node 20; TypeScript types it from ES2024 on. */
const wellFormed = (_key: string, value: unknown): unknown => (typeof value === 'string' ? (value as string & { toWellFormed(): string }).toWellFormed() : value);

/**
 * A usage row as one line of JSON: the row itself, as `JSON.stringify` writes it (one native call,
 * quicker than assembling the columns in JavaScript). DuckDB's bulk load spools rows in this form
 * (see `createRowJsonWriter`) and maps them to columns with `read_json` (see `rowJsonColumns`):
 * no appender call per column, and worker threads can write the lines.
 * A lone surrogate (a preview cut through an emoji, say) becomes U+FFFD, as the appender stores it,
 * where DuckDB's JSON parser would reject the load. Never holds a line break (JSON escapes them).
 */
export function ledgerRowJson(row: UsageRow): string {
  const line = JSON.stringify(row);
  return line.includes(escapedSurrogate) ? JSON.stringify(row, wellFormed) : line;
}

export interface RowJsonColumn {
  name: string;
  kind: ColumnKind;
  /** Where the column's value sits in a `ledgerRowJson` line: a field, or `costByBucket.<bucket>`. */
  path: readonly string[];
}

const camel = (name: string): string => name.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());

/**
 * The ledger columns with their place in a `ledgerRowJson` line: the camelCase field of the
 * column's name, the cost buckets inside `costByBucket`. `ledger-row-json.test.ts` checks every
 * column reads back what `ledgerColumns` reads from the row.
 */
export const rowJsonColumns: readonly RowJsonColumn[] = ledgerColumns.map(({ name, kind }) => ({
  name,
  kind,
  path: name.startsWith('cost_') && name !== 'cost_basis' ? ['costByBucket', camel(name.slice('cost_'.length))] : [camel(name)],
}));
