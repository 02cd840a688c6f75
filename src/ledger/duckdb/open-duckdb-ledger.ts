import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { type DuckDBAppender, type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { type PromptChunk, type PromptTextBlock, UnavailableError, type UsageRow } from '../../core/index.js';
import { createLedgerQueries } from '../create-ledger-queries.js';
import type { InsertOptions, InsertResult, Ledger } from '../ledger.js';
import { type ColumnKind, dedupeRows, ledgerColumns, revisionColumns } from '../ledger-columns.js';
import { runMigrations } from '../run-migrations.js';
import type { SqlExecutor } from '../sql-dialect.js';
import { duckdbDialect } from './duckdb-dialect.js';

/** Staging column types: what the appender writes fastest; the INSERT casts to the table's types. */
const stageTypes: Record<ColumnKind, string> = {
  text: 'VARCHAR',
  int: 'INTEGER',
  bigint: 'DOUBLE',
  money: 'DOUBLE',
  bool: 'BOOLEAN',
  timestamp: 'VARCHAR',
  json: 'VARCHAR',
};
const tableCasts: Partial<Record<ColumnKind, string>> = {
  bigint: 'BIGINT',
  money: 'DECIMAL(38,12)',
  timestamp: 'TIMESTAMPTZ',
  json: 'JSON',
};

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

function createExecutor(connection: DuckDBConnection): SqlExecutor {
  return {
    async all(sql, params = []) {
      const reader = await connection.runAndReadAll(sql, params as DuckDBValue[]);
      return reader.getRowObjectsJson() as Record<string, unknown>[];
    },
    async run(sql, params = []) {
      const result = await connection.run(sql, params as DuckDBValue[]);
      return result.rowsChanged;
    },
  };
}

async function inTransaction<T>(connection: DuckDBConnection, work: () => Promise<T>): Promise<T> {
  await connection.run('BEGIN TRANSACTION');
  try {
    const result = await work();
    await connection.run('COMMIT');
    return result;
  } catch (error) {
    await connection.run('ROLLBACK');
    throw error;
  }
}

const insertSql = `INSERT OR IGNORE INTO usage_rows (${ledgerColumns.map((column) => column.name).join(', ')})
SELECT ${ledgerColumns.map(({ name, kind }) => (tableCasts[kind] === undefined ? name : `CAST(${name} AS ${tableCasts[kind]})`)).join(', ')}
FROM usage_rows_stage`;

const castStaged = (name: string): string => {
  const kind = ledgerColumns.find((column) => column.name === name)?.kind ?? 'text';
  return tableCasts[kind] === undefined ? `s.${name}` : `CAST(s.${name} AS ${tableCasts[kind]})`;
};
/** Removes the ledger's older versions of staged rows that changed, so the insert below replaces them. */
const deleteRevisedSql = `DELETE FROM usage_rows AS u USING usage_rows_stage AS s
WHERE u.source = s.source AND u.request_id = s.request_id
  AND (${revisionColumns.map((name) => `u.${name} IS DISTINCT FROM ${castStaged(name)}`).join(' OR ')})`;

/**
 * The embedded ledger: one DuckDB file, created with its directory on first use. Rows go through
 * a temporary staging table filled by DuckDB's appender (the fast path from JavaScript), then one
 * INSERT OR IGNORE moves them, so a row already in the ledger is skipped by its primary key.
 */
export async function openDuckdbLedger(path: string): Promise<Ledger> {
  const file = path === ':memory:' ? path : resolve(path);
  if (file !== ':memory:') await mkdir(dirname(file), { recursive: true });
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(file);
  } catch (error) {
    const message = (error as Error).message;
    const hint = /lock/i.test(message) ? ' Another frugal process (or a DuckDB shell) probably has it open; close it and try again.' : '';
    throw new UnavailableError(`Cannot open the ledger ${file}: ${message}.${hint}`, { cause: error });
  }
  const connection = await instance.connect();
  // Reports bucket by UTC day and hour whatever the machine's zone.
  await connection.run("SET TimeZone = 'UTC'");
  // Bulk ingests write many batches; checkpointing every 16 MB of WAL (the default) spent more
  // time rewriting the file than inserting. The WAL is replayed after a crash, and close()
  // checkpoints, so nothing is lost by waiting longer.
  await connection.run("SET checkpoint_threshold = '1GB'");
  const db = createExecutor(connection);
  let staged = false;

  const ensureStage = async (): Promise<void> => {
    if (staged) return;
    await connection.run(`CREATE TEMP TABLE IF NOT EXISTS usage_rows_stage (${ledgerColumns.map(({ name, kind }) => `${name} ${stageTypes[kind]}`).join(', ')})`);
    staged = true;
  };

  let textStaged = false;
  const ensureTextStage = async (): Promise<void> => {
    if (textStaged) return;
    await connection.run('CREATE TEMP TABLE IF NOT EXISTS prompt_blocks_stage (hash VARCHAR, kind VARCHAR, chars INTEGER, chunks VARCHAR)');
    await connection.run('CREATE TEMP TABLE IF NOT EXISTS prompt_chunks_stage (hash VARCHAR, chars INTEGER, text VARCHAR)');
    textStaged = true;
  };

  return {
    kind: 'duckdb',
    location: file,
    migrate: () => runMigrations({ dialect: 'duckdb', db, transaction: (work) => inTransaction(connection, work) }),

    async insertRows(rows: readonly UsageRow[], options: InsertOptions = {}): Promise<InsertResult> {
      if (rows.length === 0) return { inserted: 0, ignored: 0, replaced: 0 };
      const unique = dedupeRows(rows);
      await ensureStage();
      const { written, replaced } = await inTransaction(connection, async () => {
        await connection.run('DELETE FROM usage_rows_stage');
        const appender = await connection.createAppender('usage_rows_stage', 'main', 'temp');
        try {
          for (const row of unique) {
            for (const column of ledgerColumns) appendValue(appender, column.kind, column.read(row));
            appender.endRow();
          }
          appender.flushSync();
        } finally {
          appender.closeSync();
        }
        const revised = options.onConflict === 'replace' ? await db.run(deleteRevisedSql) : 0;
        return { written: await db.run(insertSql), replaced: revised };
      });
      return { inserted: written - replaced, ignored: rows.length - written, replaced };
    },

    async insertPromptText(blocks: readonly PromptTextBlock[], chunks: readonly PromptChunk[]): Promise<number> {
      if (blocks.length === 0 && chunks.length === 0) return 0;
      await ensureTextStage();
      // The appender again: big VALUES lists cost more to parse than to insert.
      return inTransaction(connection, async () => {
        await connection.run('DELETE FROM prompt_blocks_stage');
        await connection.run('DELETE FROM prompt_chunks_stage');
        const blockAppender = await connection.createAppender('prompt_blocks_stage', 'main', 'temp');
        try {
          for (const block of blocks) {
            blockAppender.appendVarchar(block.hash);
            blockAppender.appendVarchar(block.kind);
            blockAppender.appendInteger(block.chars);
            blockAppender.appendVarchar(JSON.stringify(block.chunks));
            blockAppender.endRow();
          }
          blockAppender.flushSync();
        } finally {
          blockAppender.closeSync();
        }
        const chunkAppender = await connection.createAppender('prompt_chunks_stage', 'main', 'temp');
        try {
          for (const chunk of chunks) {
            chunkAppender.appendVarchar(chunk.hash);
            chunkAppender.appendInteger(chunk.chars);
            chunkAppender.appendVarchar(chunk.text);
            chunkAppender.endRow();
          }
          chunkAppender.flushSync();
        } finally {
          chunkAppender.closeSync();
        }
        await db.run('INSERT OR IGNORE INTO prompt_blocks SELECT DISTINCT ON (hash) hash, kind, chars, CAST(chunks AS JSON) FROM prompt_blocks_stage');
        return db.run('INSERT OR IGNORE INTO prompt_chunks SELECT DISTINCT ON (hash) hash, chars, text FROM prompt_chunks_stage');
      });
    },

    query: createLedgerQueries(db, duckdbDialect),

    async setMeta(key, value) {
      await db.run('INSERT OR REPLACE INTO ledger_meta (key, value) VALUES ($1, $2)', [key, value]);
    },
    async getMeta(key) {
      const [record] = await db.all('SELECT value FROM ledger_meta WHERE key = $1', [key]);
      return record === undefined ? undefined : String(record.value);
    },

    async close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
