import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import type { PromptChunk, PromptTextBlock, UsageRow } from '../../core/index.js';
import { type ColumnKind, ledgerColumns } from '../ledger-columns.js';
import { rowJsonColumns } from '../ledger-row-json.js';

/**
 * Staging tables: rows are appended (DuckDB's fast path from JavaScript) into temporary tables
 * typed for the appender, then moved into the ledger's tables with one INSERT that casts.
 */
const stageTypes: Record<ColumnKind, string> = {
  text: 'VARCHAR',
  int: 'INTEGER',
  bigint: 'DOUBLE',
  money: 'DOUBLE',
  bool: 'BOOLEAN',
  timestamp: 'VARCHAR',
  json: 'VARCHAR',
};
export const tableCasts: Partial<Record<ColumnKind, string>> = {
  bigint: 'BIGINT',
  money: 'DECIMAL(38,12)',
  timestamp: 'TIMESTAMPTZ',
  json: 'JSON',
};

export async function createStageTables(connection: DuckDBConnection, prefix: string): Promise<void> {
  await connection.run(`CREATE TEMP TABLE IF NOT EXISTS ${prefix}_usage_rows (${ledgerColumns.map(({ name, kind }) => `${name} ${stageTypes[kind]}`).join(', ')})`);
  await connection.run(`CREATE TEMP TABLE IF NOT EXISTS ${prefix}_prompt_blocks (hash VARCHAR, kind VARCHAR, chars INTEGER, chunks VARCHAR)`);
  await connection.run(`CREATE TEMP TABLE IF NOT EXISTS ${prefix}_prompt_chunks (hash VARCHAR, chars INTEGER, text VARCHAR)`);
  await connection.run(`CREATE TEMP TABLE IF NOT EXISTS ${prefix}_usage_json (line VARCHAR)`);
}

export async function clearStageTables(connection: DuckDBConnection, prefix: string): Promise<void> {
  for (const table of ['usage_rows', 'prompt_blocks', 'prompt_chunks', 'usage_json']) await connection.run(`DELETE FROM ${prefix}_${table}`);
}

function appendValue(appender: DuckDBAppender, kind: ColumnKind, value: string | number | boolean | null): void {
  if (value === null) {
    appender.appendNull();
    return;
  }
  switch (kind) {
    case 'int':
      appender.appendInteger(value as number);
      return;
    case 'bigint':
    case 'money':
      appender.appendDouble(value as number);
      return;
    case 'bool':
      appender.appendBoolean(value as boolean);
      return;
    default:
      appender.appendVarchar(value as string);
  }
}

async function withAppender(connection: DuckDBConnection, table: string, fill: (appender: DuckDBAppender) => void): Promise<void> {
  const appender = await connection.createAppender(table, 'main', 'temp');
  try {
    fill(appender);
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

export async function appendRows(connection: DuckDBConnection, prefix: string, rows: readonly UsageRow[]): Promise<void> {
  await withAppender(connection, `${prefix}_usage_rows`, (appender) => {
    for (const row of rows) {
      for (const column of ledgerColumns) appendValue(appender, column.kind, column.read(row));
      appender.endRow();
    }
  });
}

/** Stages rows as `ledgerRowJson` lines for `insertStagedJsonSql`, through one appender until `close`. */
export interface RowLineStage {
  append(lines: readonly string[]): void;
  /** Flushes what was appended into the stage table. */
  close(): void;
}

/**
 * One appender for a whole commit's lines rather than one per batch: creating, flushing and
 * closing an appender per worker message (1,000 rows) cost more than appending the rows.
 */
export async function openRowLineStage(connection: DuckDBConnection, prefix: string): Promise<RowLineStage> {
  const appender = await connection.createAppender(`${prefix}_usage_json`, 'main', 'temp');
  return {
    append(lines) {
      for (const line of lines) {
        appender.appendVarchar(line);
        appender.endRow();
      }
    },
    close() {
      try {
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
    },
  };
}

export async function appendPromptText(connection: DuckDBConnection, prefix: string, blocks: readonly PromptTextBlock[], chunks: readonly PromptChunk[]): Promise<void> {
  if (blocks.length > 0) {
    await withAppender(connection, `${prefix}_prompt_blocks`, (appender) => {
      for (const block of blocks) {
        appender.appendVarchar(block.hash);
        appender.appendVarchar(block.kind);
        appender.appendInteger(block.chars);
        appender.appendVarchar(JSON.stringify(block.chunks));
        appender.endRow();
      }
    });
  }
  if (chunks.length > 0) {
    await withAppender(connection, `${prefix}_prompt_chunks`, (appender) => {
      for (const chunk of chunks) {
        appender.appendVarchar(chunk.hash);
        appender.appendInteger(chunk.chars);
        appender.appendVarchar(chunk.text);
        appender.endRow();
      }
    });
  }
}

const castStaged = (name: string, kind: ColumnKind): string => (tableCasts[kind] === undefined ? `s.${name}` : `CAST(s.${name} AS ${tableCasts[kind]})`);

/**
 * Moves staged rows in, skipping any (source, request id) already in the ledger. The stage holds
 * no repeats (`dedupeRows` runs first). `INSERT OR IGNORE` probes the primary key once per staged
 * row, so a small batch costs the same in a ledger of any size; an anti-join scans the whole
 * ledger (10 rows into 2,000,000: 45 ms against 15), which a gateway flushing every second pays
 * on every flush. Bulk loads (`insertStagedJsonSql`) stage far more rows and keep the anti-join.
 */
export function insertStagedRowsSql(prefix: string): string {
  return `INSERT OR IGNORE INTO usage_rows (${ledgerColumns.map((column) => column.name).join(', ')})
SELECT ${ledgerColumns.map(({ name, kind }) => castStaged(name, kind)).join(', ')}
FROM ${prefix}_usage_rows AS s`;
}

/** A column's type in a `ledgerRowJson` line: the staging type, JSON kept as JSON text. */
const lineType = (kind: ColumnKind): string => (kind === 'json' ? 'JSON' : stageTypes[kind]);

/** The shape of a `ledgerRowJson` line for `from_json`: each column's type at its place in the row. */
function lineStructure(): Record<string, unknown> {
  const structure: Record<string, unknown> = {};
  for (const { kind, path } of rowJsonColumns) {
    let level = structure;
    for (const key of path.slice(0, -1)) level = (level[key] ??= {}) as Record<string, unknown>;
    level[path[path.length - 1] as string] = lineType(kind);
  }
  return structure;
}
const lineStructureSql = JSON.stringify(lineStructure()).replaceAll("'", "''");
const quoted = (path: readonly string[]): string => path.map((key) => `"${key}"`).join('.');

/**
 * `insertStagedRowsSql` for bulk loads, rows staged as `ledgerRowJson` lines: DuckDB parses them
 * (in parallel) into the staging types the appender writes, then the same casts. Rows already in
 * the ledger are skipped by an anti-join: a commit stages ~100,000 rows, so one scan of the ledger
 * is small beside the insert. The stage holds no repeats (the bulk insert drops them as they arrive).
 */
export function insertStagedJsonSql(prefix: string): string {
  return `INSERT INTO usage_rows (${rowJsonColumns.map((column) => column.name).join(', ')})
SELECT ${rowJsonColumns.map(({ kind, path }) => (tableCasts[kind] === undefined ? `s.${quoted(path)}` : `CAST(s.${quoted(path)} AS ${tableCasts[kind]})`)).join(', ')}
FROM (SELECT unnest(from_json(line, '${lineStructureSql}')) FROM ${prefix}_usage_json) AS s
WHERE NOT EXISTS (SELECT 1 FROM usage_rows AS u WHERE u.source = s."source" AND u.request_id = s."requestId")`;
}

/** Columns whose change means a billing line item was revised (see `revisionColumns`). */
export function deleteRevisedSql(prefix: string, revisionColumns: readonly string[]): string {
  const kindOf = (name: string): ColumnKind => ledgerColumns.find((column) => column.name === name)?.kind ?? 'text';
  return `DELETE FROM usage_rows AS u USING ${prefix}_usage_rows AS s
WHERE u.source = s.source AND u.request_id = s.request_id
  AND (${revisionColumns.map((name) => `u.${name} IS DISTINCT FROM ${castStaged(name, kindOf(name))}`).join(' OR ')})`;
}

export function insertStagedTextSql(prefix: string): string[] {
  return [
    `INSERT OR IGNORE INTO prompt_blocks SELECT DISTINCT ON (hash) hash, kind, chars, CAST(chunks AS JSON) FROM ${prefix}_prompt_blocks`,
    `INSERT OR IGNORE INTO prompt_chunks SELECT DISTINCT ON (hash) hash, chars, text FROM ${prefix}_prompt_chunks`,
  ];
}
