import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import type { PromptChunk, PromptTextBlock, UsageRow } from '../../core/index.js';
import { type ColumnKind, ledgerColumns } from '../ledger-columns.js';
import { type RowContext, rowJsonColumns, sharedColumns } from '../ledger-row-json.js';

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
  await connection.run(`CREATE TEMP TABLE IF NOT EXISTS ${prefix}_contexts (id VARCHAR, ${sharedColumns.map(({ name, kind }) => `${name} ${stageTypes[kind]}`).join(', ')})`);
}

export async function clearStageTables(connection: DuckDBConnection, prefix: string): Promise<void> {
  for (const table of ['usage_rows', 'prompt_blocks', 'prompt_chunks']) await connection.run(`DELETE FROM ${prefix}_${table}`);
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

/** A staged value (of the staging type) as the ledger column's type. */
const castAs = (expression: string, kind: ColumnKind): string => (tableCasts[kind] === undefined ? expression : `CAST(${expression} AS ${tableCasts[kind]})`);
const castStaged = (name: string, kind: ColumnKind): string => castAs(`s.${name}`, kind);

/**
 * Moves staged rows in, skipping any (source, request id) already in the ledger. The stage holds
 * no repeats (`dedupeRows` runs first). `INSERT OR IGNORE` probes the primary key once per staged
 * row, so a small batch costs the same in a ledger of any size; an anti-join scans the whole
 * ledger (10 rows into 2,000,000: 45 ms against 15), which a gateway flushing every second pays
 * on every flush. Bulk loads (`insertSpooledJsonSql`) stage far more rows, and look only when
 * the primary key refuses one.
 */
export function insertStagedRowsSql(prefix: string): string {
  return `INSERT OR IGNORE INTO usage_rows (${ledgerColumns.map((column) => column.name).join(', ')})
SELECT ${ledgerColumns.map(({ name, kind }) => castStaged(name, kind)).join(', ')}
FROM ${prefix}_usage_rows AS s`;
}

/** A column's type in a `ledgerRowJson` line: the staging type, JSON kept as JSON text. */
const lineType = (kind: ColumnKind): string => (kind === 'json' ? 'JSON' : stageTypes[kind]);

/** The shape of a `ledgerRowJson` line as `read_json` columns: each column's type at its place in the row. */
function lineColumns(): string {
  const structure: Record<string, unknown> = { context: 'VARCHAR' };
  for (const { kind, path } of rowJsonColumns) {
    if (path === null) continue;
    let level = structure;
    for (const key of path.slice(0, -1)) level = (level[key] ??= {}) as Record<string, unknown>;
    level[path[path.length - 1] as string] = lineType(kind);
  }
  const typeOf = (type: unknown): string =>
    typeof type === 'string'
      ? type
      : `STRUCT(${Object.entries(type as Record<string, unknown>)
          .map(([key, inner]) => `"${key}" ${typeOf(inner)}`)
          .join(', ')})`;
  return `{${Object.entries(structure)
    .map(([key, type]) => `'${key}': '${typeOf(type)}'`)
    .join(', ')}}`;
}
const lineColumnsSql = lineColumns();
const quoted = (path: readonly string[]): string => path.map((key) => `"${key}"`).join('.');

/**
 * `insertStagedRowsSql` for bulk loads, rows spooled to a file of `ledgerRowJson` lines: DuckDB
 * reads them with `read_json` into the staging types the appender writes, then the same casts.
 * A file, not a staging table: appending 2 KB lines into a temporary table cost DuckDB more
 * than reading them back from the page cache. The file holds no repeats (the bulk insert drops
 * them as they arrive). With `skipExisting`, rows already in the ledger are skipped by an
 * anti-join, which scans the ledger's keys (0.6 s of the 2.0 s that 200,000 rows took into a
 * ledger of 800,000); without it, a row already there makes the primary key refuse the insert
 * (see `isDuplicateKeyError`).
 */
export function insertSpooledJsonSql(prefix: string, path: string, { skipExisting }: { skipExisting: boolean }): string {
  return `INSERT INTO usage_rows (${rowJsonColumns.map((column) => column.name).join(', ')})
SELECT ${rowJsonColumns.map(({ name, kind, path: at }) => castAs(at === null ? `c.${name}` : `s.${quoted(at)}`, kind)).join(', ')}
FROM read_json('${path.replaceAll("'", "''")}', format = 'newline_delimited', columns = ${lineColumnsSql}) AS s
LEFT JOIN ${prefix}_contexts AS c ON c.id = s."context"${skipExisting ? '\nWHERE NOT EXISTS (SELECT 1 FROM usage_rows AS u WHERE u.source = c.source AND u.request_id = s."requestId")' : ''}`;
}

/**
 * Adds contexts (see `rowContext`) to the stage for `insertSpooledJsonSql` to join the lines that
 * name them with, each once (a context twice would insert its lines twice). The bulk load stages
 * every context before the lines that name it; a line whose context is missing has no source,
 * which the table refuses (a left join: never a row dropped without a word).
 */
export async function appendContexts(connection: DuckDBConnection, prefix: string, contexts: readonly RowContext[]): Promise<void> {
  if (contexts.length === 0) return;
  await withAppender(connection, `${prefix}_contexts`, (appender) => {
    for (const { id, values } of contexts) {
      appender.appendVarchar(id);
      sharedColumns.forEach((column, index) => appendValue(appender, column.kind, values[index] ?? null));
      appender.endRow();
    }
  });
}

/** DuckDB refusing an insert because a row's (source, request id) is already in the ledger. */
export const isDuplicateKeyError = (error: unknown): boolean => error instanceof Error && /^Constraint Error: Duplicate key .* violates primary key constraint/.test(error.message);

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
