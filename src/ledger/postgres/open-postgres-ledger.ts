import pg from 'pg';
import { type PromptChunk, type PromptTextBlock, UnavailableError, type UsageRow } from '../../core/index.js';
import { createIngestedFileLog } from '../create-ingested-file-log.js';
import { createLedgerQueries } from '../create-ledger-queries.js';
import type { BulkInsert, InsertOptions, InsertResult, Ledger } from '../ledger.js';
import { dedupeRows, ledgerColumns, revisionColumns } from '../ledger-columns.js';
import { redactPostgresUrl } from '../redact-postgres-url.js';
import { runMigrations } from '../run-migrations.js';
import type { SqlExecutor, SqlValue } from '../sql-dialect.js';
import { postgresDialect } from './postgres-dialect.js';

/** Rows per INSERT: PostgreSQL allows 65,535 parameters per statement. */
const rowsPerStatement = Math.floor(60_000 / ledgerColumns.length);
/** Any constant works; it only has to be the same in every frugal process sharing a database. */
const migrationLockKey = 7_310_241;

function valuesList(rowCount: number, width: number): string {
  const rows: string[] = [];
  for (let row = 0; row < rowCount; row += 1) {
    rows.push(`(${Array.from({ length: width }, (_, column) => `$${row * width + column + 1}`).join(', ')})`);
  }
  return rows.join(', ');
}

/**
 * The shared ledger for teams whose gateways run on several machines. Same schema and queries
 * as the DuckDB file; rows go in with multi-row INSERT ... ON CONFLICT DO NOTHING, so concurrent
 * writers and repeated ingests never duplicate a (source, request id).
 */
export async function openPostgresLedger(url: string): Promise<Ledger> {
  // UTC so date_trunc/to_char bucket by UTC day whatever the server's zone.
  const client = new pg.Client({ connectionString: url, options: '-c TimeZone=UTC' });
  try {
    await client.connect();
  } catch (error) {
    throw new UnavailableError(`Cannot connect to the PostgreSQL ledger ${redactPostgresUrl(url)}: ${(error as Error).message}. Check that the server runs and the URL (user, password, database) is right.`, { cause: error });
  }
  const db: SqlExecutor = {
    async all(sql, params = []) {
      const result = await client.query(sql, [...params]);
      return result.rows as Record<string, unknown>[];
    },
    async run(sql, params = []) {
      const result = await client.query(sql, [...params]);
      return result.rowCount ?? 0;
    },
  };
  const transaction = async <T>(work: () => Promise<T>): Promise<T> => {
    await client.query('BEGIN');
    try {
      const result = await work();
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  };

  const columnList = ledgerColumns.map((column) => column.name).join(', ');
  const keyColumns = new Set(['source', 'request_id']);
  // xmax is 0 on a row this statement inserted and set on one it updated: that tells them apart.
  const replaceClause = `ON CONFLICT (source, request_id) DO UPDATE SET ${ledgerColumns
    .filter((column) => !keyColumns.has(column.name))
    .map((column) => `${column.name} = EXCLUDED.${column.name}`)
    .join(', ')}, ingested_at = current_timestamp
  WHERE ${revisionColumns.map((name) => `usage_rows.${name} IS DISTINCT FROM EXCLUDED.${name}`).join(' OR ')}
  RETURNING (xmax = 0) AS inserted`;
  const ledger: Ledger = {
    kind: 'postgres',
    location: redactPostgresUrl(url),

    async migrate() {
      // Several gateways may start at once; one migrates, the others wait and find nothing to do.
      await client.query('SELECT pg_advisory_lock($1)', [migrationLockKey]);
      try {
        return await runMigrations({ dialect: 'postgres', db, transaction });
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [migrationLockKey]);
      }
    },

    async insertRows(rows: readonly UsageRow[], options: InsertOptions = {}): Promise<InsertResult> {
      if (rows.length === 0) return { inserted: 0, ignored: 0, replaced: 0 };
      const unique = dedupeRows(rows);
      const replace = options.onConflict === 'replace';
      const { inserted, replaced } = await transaction(async () => {
        const counts = { inserted: 0, replaced: 0 };
        for (let start = 0; start < unique.length; start += rowsPerStatement) {
          const batch = unique.slice(start, start + rowsPerStatement);
          const params: SqlValue[] = [];
          for (const row of batch) for (const column of ledgerColumns) params.push(column.read(row));
          const sql = `INSERT INTO usage_rows (${columnList}) VALUES ${valuesList(batch.length, ledgerColumns.length)} ${replace ? replaceClause : 'ON CONFLICT (source, request_id) DO NOTHING'}`;
          if (!replace) {
            counts.inserted += await db.run(sql, params);
            continue;
          }
          for (const record of await db.all(sql, params)) {
            if (record.inserted === true) counts.inserted += 1;
            else counts.replaced += 1;
          }
        }
        return counts;
      });
      return { inserted, ignored: rows.length - inserted - replaced, replaced };
    },

    async insertPromptText(blocks: readonly PromptTextBlock[], chunks: readonly PromptChunk[]): Promise<number> {
      const uniqueBlocks = [...new Map(blocks.map((block) => [block.hash, block])).values()];
      const uniqueChunks = [...new Map(chunks.map((chunk) => [chunk.hash, chunk])).values()];
      return transaction(async () => {
        for (let start = 0; start < uniqueBlocks.length; start += 1000) {
          const batch = uniqueBlocks.slice(start, start + 1000);
          await db.run(
            `INSERT INTO prompt_blocks (hash, kind, chars, chunks) VALUES ${valuesList(batch.length, 4)} ON CONFLICT (hash) DO NOTHING`,
            batch.flatMap((block) => [block.hash, block.kind, block.chars, JSON.stringify(block.chunks)]),
          );
        }
        let added = 0;
        for (let start = 0; start < uniqueChunks.length; start += 1000) {
          const batch = uniqueChunks.slice(start, start + 1000);
          added += await db.run(
            `INSERT INTO prompt_chunks (hash, chars, text) VALUES ${valuesList(batch.length, 3)} ON CONFLICT (hash) DO NOTHING`,
            batch.flatMap((chunk) => [chunk.hash, chunk.chars, chunk.text]),
          );
        }
        return added;
      });
    },

    bulkInsert(): BulkInsert {
      // PostgreSQL gains nothing from holding rows back: each add is a transaction of its own.
      const totals: InsertResult = { inserted: 0, ignored: 0, replaced: 0 };
      return {
        add: async (rows, text) => {
          if (text !== undefined && (text.blocks.length > 0 || text.chunks.length > 0)) await ledger.insertPromptText(text.blocks, text.chunks);
          const result = await ledger.insertRows(rows);
          totals.inserted += result.inserted;
          totals.ignored += result.ignored;
        },
        finish: async () => ({ ...totals }),
      };
    },

    query: createLedgerQueries(db, postgresDialect),
    ...createIngestedFileLog(db, postgresDialect),

    async setMeta(key, value) {
      await db.run('INSERT INTO ledger_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value', [key, value]);
    },
    async getMeta(key) {
      const [record] = await db.all('SELECT value FROM ledger_meta WHERE key = $1', [key]);
      return record === undefined ? undefined : String(record.value);
    },

    async close() {
      await client.end();
    },
  };
  return ledger;
}
