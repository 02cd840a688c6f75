import { hash } from 'node:crypto';
import type { UsageRow } from '../core/index.js';
import { type ColumnKind, type LedgerColumn, ledgerColumns } from './ledger-columns.js';

/**
 * A string holding a lone UTF-16 surrogate is escaped by JSON.stringify as `\udXXX` (lower case;
 * a surrogate in a pair is written as itself). A substring search, not a regular expression: it
 * runs over every row's line.
 */
const escapedSurrogate = '\\ud';
/** `toWellFormed` is in Node 20; TypeScript types it from ES2024 on. */
const wellFormed = (_key: string, value: unknown): unknown => (typeof value === 'string' ? (value as string & { toWellFormed(): string }).toWellFormed() : value);

/** The columns a line leaves to its context (see `LedgerColumn.shared`), in table order. */
export const sharedColumns: readonly LedgerColumn[] = ledgerColumns.filter((column) => column.shared);

export type ContextValue = ReturnType<LedgerColumn['read']>;

/**
 * What a run of rows has in common: the values of the shared columns (in `sharedColumns` order)
 * and an id for them, 64 bits of SHA-256 of their JSON: the same in every thread, so worker
 * threads name contexts without agreeing on numbers first.
 */
export interface RowContext {
  id: string;
  values: readonly ContextValue[];
}

export function rowContext(row: UsageRow): RowContext {
  const values = sharedColumns.map((column) => column.read(row));
  return { id: hash('sha256', JSON.stringify(values), 'hex').slice(0, 16), values };
}

/** True when the row's shared values are the context's. */
export function hasRowContext(row: UsageRow, context: RowContext): boolean {
  for (let index = 0; index < sharedColumns.length; index += 1) if ((sharedColumns[index] as LedgerColumn).read(row) !== context.values[index]) return false;
  return true;
}

/**
 * A row's own fields and its context's id, the object its line is written from. Written out: an
 * object literal is V8's quick path for `JSON.stringify`, where a copy made field by field in a
 * loop took twice as long (`ledger-row-json.test.ts` checks it holds every column not shared).
 */
const lineFields = (row: UsageRow, context: string) => ({
  context,
  requestId: row.requestId,
  sourceFile: row.sourceFile,
  sourceLine: row.sourceLine,
  inferenceRegion: row.inferenceRegion,
  callerArn: row.callerArn,
  operation: row.operation,
  usageStart: row.usageStart,
  usageEnd: row.usageEnd,
  inputTokens: row.inputTokens,
  cacheReadTokens: row.cacheReadTokens,
  cacheWrite5mTokens: row.cacheWrite5mTokens,
  cacheWrite1hTokens: row.cacheWrite1hTokens,
  outputTokens: row.outputTokens,
  cost: row.cost,
  billedCost: row.billedCost,
  catalogCost: row.catalogCost,
  costByBucket: row.costByBucket,
  task: row.task,
  taskSource: row.taskSource,
  team: row.team,
  metadata: row.metadata,
  routeDecision: row.routeDecision,
  cacheHit: row.cacheHit,
  latencyMs: row.latencyMs,
  ttftMs: row.ttftMs,
  maxTokens: row.maxTokens,
  stopReason: row.stopReason,
  systemPromptHash: row.systemPromptHash,
  promptBlocks: row.promptBlocks,
  cachePoints: row.cachePoints,
  messageCount: row.messageCount,
  promptChars: row.promptChars,
  requestPreview: row.requestPreview,
  responsePreview: row.responsePreview,
  inputBodyPath: row.inputBodyPath,
  outputBodyPath: row.outputBodyPath,
});

/**
 * A usage row as one line of JSON: its own fields and the id of its context (`rowContext`), whose
 * values a bulk load keeps once. DuckDB's bulk load spools rows in this form (see
 * `createRowJsonWriter`) and maps them to columns with `read_json` (see `rowJsonColumns`): no
 * appender call per column, and worker threads can write the lines. Leaving the shared columns to
 * the context saves a fifth of the time to write a line and a tenth of DuckDB's to read it.
 * A lone surrogate (a preview cut through an emoji, say) becomes U+FFFD, as the appender stores it,
 * where DuckDB's JSON parser would reject the load. Never holds a line break (JSON escapes them).
 */
export function ledgerRowJson(row: UsageRow, context: string): string {
  const fields = lineFields(row, context);
  const line = JSON.stringify(fields);
  return line.includes(escapedSurrogate) ? JSON.stringify(fields, wellFormed) : line;
}

export interface RowJsonColumn {
  name: string;
  kind: ColumnKind;
  /**
   * Where the column's value sits: in a `ledgerRowJson` line (a field, or `costByBucket.<bucket>`),
   * or, for a shared column, null: in the line's context.
   */
  path: readonly string[] | null;
}

const camel = (name: string): string => name.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());

/**
 * The ledger columns with their place in a `ledgerRowJson` line: the camelCase field of the
 * column's name, the cost buckets inside `costByBucket`, shared columns in the context.
 * `ledger-row-json.test.ts` checks every column reads back what `ledgerColumns` reads from the row.
 */
export const rowJsonColumns: readonly RowJsonColumn[] = ledgerColumns.map(({ name, kind, shared }) => ({
  name,
  kind,
  path: shared ? null : name.startsWith('cost_') && name !== 'cost_basis' ? ['costByBucket', camel(name.slice('cost_'.length))] : [camel(name)],
}));
