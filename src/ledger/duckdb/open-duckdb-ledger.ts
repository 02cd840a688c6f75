import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { type PromptChunk, type PromptTextBlock, UnavailableError, type UsageRow } from '../../core/index.js';
import { createLedgerQueries } from '../create-ledger-queries.js';
import type { BulkInsert, BulkInsertOptions, InsertOptions, InsertResult, Ledger, RowJsonLines } from '../ledger.js';
import { dedupeRows, revisionColumns, rowKey } from '../ledger-columns.js';
import { runMigrations } from '../run-migrations.js';
import type { SqlExecutor } from '../sql-dialect.js';
import { duckdbDialect } from './duckdb-dialect.js';
import { ledgerRowJson } from '../ledger-row-json.js';
import { appendPromptText, appendRows, clearStageTables, createStageTables, deleteRevisedSql, insertStagedJsonSql, insertStagedRowsSql, insertStagedTextSql, openRowLineStage, type RowLineStage } from './duckdb-stage.js';

/**
 * Rows per bulk commit: exactly one row group. DuckDB writes whole row groups of a transaction
 * straight to the file, but a part-filled one goes through the WAL and is rewritten by the
 * checkpoint at close: commits of ~125,000 rows left a 2,000-row tail each time, and closing a
 * 1,000,000-row ingest took 6 s instead of 1.3 s (measured with the same rows).
 */
const bulkCommitRows = 122_880;

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

/**
 * The embedded ledger: one DuckDB file, created with its directory on first use. Rows are
 * appended to temporary staging tables (the appender is DuckDB's fast path from JavaScript), then
 * one INSERT moves them, skipping a row already in the ledger (see `insertStagedRowsSql`).
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
  const staged = new Set<string>();
  const stage = async (prefix: string): Promise<void> => {
    if (staged.has(prefix)) return;
    await createStageTables(connection, prefix);
    staged.add(prefix);
  };

  /** Moves a stage (of `on`, the main connection unless a bulk load's own) into the ledger in one transaction; returns rows written and replaced. */
  const commitStage = async (prefix: string, replace: boolean, staged: 'rows' | 'json' = 'rows', on: DuckDBConnection = connection): Promise<{ written: number; replaced: number }> => {
    const run = on === connection ? db : createExecutor(on);
    const moved = await inTransaction(on, async () => {
      for (const sql of insertStagedTextSql(prefix)) await run.run(sql);
      const replaced = replace ? await run.run(deleteRevisedSql(prefix, revisionColumns)) : 0;
      return { written: await run.run(staged === 'json' ? insertStagedJsonSql(prefix) : insertStagedRowsSql(prefix)), replaced };
    });
    await clearStageTables(on, prefix);
    return moved;
  };
  // Connections of bulk loads' stages: closed when the load finishes, or with the ledger.
  const bulkConnections: DuckDBConnection[] = [];

  return {
    kind: 'duckdb',
    location: file,
    migrate: () => runMigrations({ dialect: 'duckdb', db, transaction: (work) => inTransaction(connection, work) }),

    async insertRows(rows: readonly UsageRow[], options: InsertOptions = {}): Promise<InsertResult> {
      if (rows.length === 0) return { inserted: 0, ignored: 0, replaced: 0 };
      await stage('single');
      await clearStageTables(connection, 'single');
      await appendRows(connection, 'single', dedupeRows(rows));
      const { written, replaced } = await commitStage('single', options.onConflict === 'replace');
      return { inserted: written - replaced, ignored: rows.length - written, replaced };
    },

    async insertPromptText(blocks: readonly PromptTextBlock[], chunks: readonly PromptChunk[]): Promise<number> {
      if (blocks.length === 0 && chunks.length === 0) return 0;
      await stage('text');
      await clearStageTables(connection, 'text');
      await appendPromptText(connection, 'text', blocks, chunks);
      return inTransaction(connection, async () => {
        const [blockSql, chunkSql] = insertStagedTextSql('text') as [string, string];
        await db.run(blockSql);
        const added = await db.run(chunkSql);
        await clearStageTables(connection, 'text');
        return added;
      });
    },

    bulkInsert(options: BulkInsertOptions = {}): BulkInsert {
      const totals: InsertResult = { inserted: 0, ignored: 0, replaced: 0 };
      // Two stages, each on a connection of its own: one fills while the other commits, so the
      // thread staging rows (and the workers feeding it) goes on during a commit instead of
      // waiting 1-2 s for it. Commits still run one at a time, in order.
      const slots: { connection: DuckDBConnection; lines: RowLineStage | undefined; text: boolean; commit: Promise<void> }[] = [];
      let current = 0;
      let committing: Promise<void> = Promise.resolve();
      // A failed commit is kept and rethrown at the next call, never left as an unhandled rejection.
      let failure: unknown;
      // Rows staged, and repeats of staged rows dropped, since the last commit.
      let pending = 0;
      let repeats = 0;
      // Keys staged since the last commit: a repeat is dropped here, so the first copy read is the
      // one kept and the insert needs no de-duplicating window over wide rows (a third of its time).
      let staged = new Set<string>();

      const slot = async (): Promise<(typeof slots)[number]> => {
        let open = slots[current];
        if (open === undefined) {
          if (slots.length === 0 && options.threads !== undefined) await connection.run(`SET threads = ${Math.max(1, Math.floor(options.threads))}`);
          const stageConnection = await instance.connect();
          bulkConnections.push(stageConnection);
          await stageConnection.run("SET TimeZone = 'UTC'");
          await createStageTables(stageConnection, 'bulk');
          open = { connection: stageConnection, lines: undefined, text: false, commit: Promise.resolve() };
          slots[current] = open;
        }
        // Its previous commit clears the stage when done.
        await open.commit;
        if (failure !== undefined) throw failure;
        return open;
      };
      const commit = async (): Promise<void> => {
        const filled = slots[current];
        const counted = pending + repeats;
        const rows = pending;
        pending = 0;
        repeats = 0;
        staged = new Set();
        if (filled === undefined || (counted === 0 && !filled.text)) return;
        filled.lines?.close();
        filled.lines = undefined;
        const anything = rows > 0 || filled.text;
        filled.text = false;
        current = 1 - current;
        const previous = committing;
        committing = filled.commit = (async () => {
          await previous;
          const { written } = anything ? await commitStage('bulk', false, 'json', filled.connection) : { written: 0 };
          totals.inserted += written;
          totals.ignored += counted - written;
        })().catch((error: unknown) => {
          failure ??= error;
        });
      };
      const appendLines = async (fresh: readonly string[]): Promise<void> => {
        const open = await slot();
        open.lines ??= await openRowLineStage(open.connection, 'bulk');
        open.lines.append(fresh);
      };
      // Rows are staged as JSON lines (see `ledgerRowJson`): measured on 100,000 ingested records,
      // a string per row and DuckDB's parallel from_json cost less than 58 appender calls per row.
      const addRowJson = async ({ lines, keys }: RowJsonLines, text: Parameters<BulkInsert['add']>[1]): Promise<void> => {
        if (text !== undefined && (text.blocks.length > 0 || text.chunks.length > 0)) {
          const open = await slot();
          await appendPromptText(open.connection, 'bulk', text.blocks, text.chunks);
          open.text = true;
        }
        let fresh: string[] = [];
        for (let index = 0; index < lines.length; index += 1) {
          const key = keys[index] as string;
          if (staged.has(key)) {
            repeats += 1;
            continue;
          }
          staged.add(key);
          fresh.push(lines[index] as string);
          pending += 1;
          // A full row group commits at once; the rest of the lines start the next.
          if (pending === bulkCommitRows) {
            await appendLines(fresh);
            fresh = [];
            await commit();
          }
        }
        if (fresh.length > 0) await appendLines(fresh);
      };
      return {
        add: (rows, text) => addRowJson({ lines: rows.map(ledgerRowJson), keys: rows.map(rowKey) }, text),
        addRowJson,
        async finish() {
          await commit();
          await committing;
          for (const open of slots) {
            open.connection.closeSync();
            bulkConnections.splice(bulkConnections.indexOf(open.connection), 1);
          }
          if (slots.length > 0 && options.threads !== undefined) await connection.run('RESET threads');
          if (failure !== undefined) throw failure;
          return { ...totals };
        },
      };
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
      for (const stageConnection of bulkConnections) stageConnection.closeSync();
      connection.closeSync();
      instance.closeSync();
    },
  };
}
