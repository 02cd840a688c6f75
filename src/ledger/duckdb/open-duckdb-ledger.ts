import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { type PromptChunk, type PromptTextBlock, UnavailableError, type UsageRow } from '../../core/index.js';
import { createIngestedFileLog } from '../create-ingested-file-log.js';
import { createLedgerQueries } from '../create-ledger-queries.js';
import type { BulkInsert, BulkInsertOptions, InsertOptions, InsertResult, Ledger, RowJsonLines } from '../ledger.js';
import { dedupeRows, revisionColumns } from '../ledger-columns.js';
import type { RowContext } from '../ledger-row-json.js';
import { runMigrations } from '../run-migrations.js';
import type { SqlExecutor } from '../sql-dialect.js';
import { duckdbDialect } from './duckdb-dialect.js';
import { encodeRowJsonLines } from '../create-row-json-writer.js';
import { appendContexts, appendPromptText, appendRows, clearStageTables, createStageTables, deleteRevisedSql, insertSpooledJsonSql, insertStagedRowsSql, insertStagedTextSql, isDuplicateKeyError } from './duckdb-stage.js';
import { type LineSpool, openLineSpool } from './open-line-spool.js';

/**
 * Rows per bulk commit: exactly one row group. DuckDB writes whole row groups of a transaction
 * straight to the file, but a part-filled one goes through the WAL and is rewritten by the
 * checkpoint at close: commits of ~125,000 rows left a 2,000-row tail each time, and closing a
 * 1,000,000-row ingest took 6 s instead of 1.3 s (measured with the same rows).
 */
const bulkCommitRows = 122_880;
/**
 * Once the load expects less than a row group more (`expectRemaining`), the rows staged from then
 * on are inserted this many at a time into one transaction, committed when the load finishes.
 * Nothing overlaps what is left after the workers finish: a row group committed at the end kept
 * one core busy for ~1.9 s. And the last commit still holds a row group or more, which DuckDB
 * writes straight to the file: a smaller one goes through the WAL, and the checkpoint at close
 * took ~0.6 s instead of ~60 ms to rewrite it (995,520 rows).
 */
const lastGroupPartRows = bulkCommitRows / 4;

/**
 * The storage format a new ledger file is written in (an existing file keeps its own). DuckDB's
 * default is still v1.0's; from v1.3 on, strings are compressed in a way that made a bulk insert
 * of 200,000 ledger rows take ~20% less time and CPU (the same rows, side by side). A file in it
 * opens in DuckDB 1.3 or later.
 */
const storageVersion = 'v1.3.0';

/**
 * Work running on a ledger's connections (statements, staging through appenders): closing waits
 * for it, because freeing DuckDB under it crashes the process (a dashboard's background review
 * when it shuts down, say); once closing, new work is refused.
 */
interface InFlight {
  closing: boolean;
  pending: Set<Promise<unknown>>;
}

/** Runs `work` (statements, an appender) as in flight: a close waits for it; a closing ledger refuses it. */
async function track<T>(inFlight: InFlight, work: () => Promise<T>): Promise<T> {
  if (inFlight.closing) throw new UnavailableError('The ledger is closed.');
  const running = work();
  inFlight.pending.add(running);
  try {
    return await running;
  } finally {
    inFlight.pending.delete(running);
  }
}

function createExecutor(connection: DuckDBConnection, inFlight: InFlight): SqlExecutor {
  return {
    all: (sql, params = []) => track(inFlight, async () => (await connection.runAndReadAll(sql, params as DuckDBValue[])).getRowObjectsJson() as Record<string, unknown>[]),
    run: (sql, params = []) => track(inFlight, async () => (await connection.run(sql, params as DuckDBValue[])).rowsChanged),
  };
}

/** Where a bulk load of the ledger `file` spools its lines: a folder beside it, named after it. */
const spoolPrefix = (file: string): string => (file === ':memory:' ? join(tmpdir(), '.frugal-bulk-') : join(dirname(file), `.frugal-bulk-${basename(file)}-`));

/**
 * Removes spool folders a killed bulk load of `file` left behind. Only the process holding a
 * DuckDB file open for writing can load it (DuckDB locks the file), so once it is open, every
 * folder named after it (`mkdtemp`'s six-character suffix, nothing more) is stale. Best effort:
 * a folder that cannot be removed does not keep the ledger from opening.
 */
async function removeStaleSpools(file: string): Promise<void> {
  const prefix = basename(spoolPrefix(file));
  const directory = dirname(file);
  const names = await readdir(directory).catch(() => []);
  for (const name of names) {
    if (name.startsWith(prefix) && /^[A-Za-z0-9]{6}$/.test(name.slice(prefix.length))) await rm(join(directory, name), { recursive: true, force: true }).catch(() => undefined);
  }
}

/** Runs `work` in one transaction of the executor's connection (tracked like its other statements). */
async function inTransaction<T>(run: SqlExecutor, work: () => Promise<T>): Promise<T> {
  await run.run('BEGIN TRANSACTION');
  try {
    const result = await work();
    await run.run('COMMIT');
    return result;
  } catch (error) {
    // The statement's own error says more than a failed rollback (one refused by a closing ledger, say).
    await run.run('ROLLBACK').catch(() => undefined);
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
    instance = await DuckDBInstance.create(file, { storage_compatibility_version: storageVersion });
  } catch (error) {
    const message = (error as Error).message;
    const hint = /lock/i.test(message) ? ' Another frugal process (or a DuckDB shell) probably has it open; close it and try again.' : '';
    throw new UnavailableError(`Cannot open the ledger ${file}: ${message}.${hint}`, { cause: error });
  }
  if (file !== ':memory:') await removeStaleSpools(file);
  const connection = await instance.connect();
  // Reports bucket by UTC day and hour whatever the machine's zone.
  await connection.run("SET TimeZone = 'UTC'");
  // Bulk ingests write many batches; checkpointing every 16 MB of WAL (the default) spent more
  // time rewriting the file than inserting. The WAL is replayed after a crash, and close()
  // checkpoints, so nothing is lost by waiting longer.
  await connection.run("SET checkpoint_threshold = '1GB'");
  const inFlight: InFlight = { closing: false, pending: new Set() };
  const db = createExecutor(connection, inFlight);
  const staged = new Set<string>();
  const stage = async (prefix: string): Promise<void> => {
    if (staged.has(prefix)) return;
    await createStageTables(connection, prefix);
    staged.add(prefix);
  };
  // The stage helpers and appenders below run straight on a connection: tracked like statements.
  const tracked = <T>(work: () => Promise<T>): Promise<T> => track(inFlight, work);

  /**
   * Moves a stage of the main connection (`insertRows`) into the ledger in one transaction;
   * returns rows written and replaced.
   */
  const commitStage = async (prefix: string, replace: boolean): Promise<{ written: number; replaced: number }> => {
    const moved = await inTransaction(db, async () => {
      for (const sql of insertStagedTextSql(prefix)) await db.run(sql);
      const replaced = replace ? await db.run(deleteRevisedSql(prefix, revisionColumns)) : 0;
      return { written: await db.run(insertStagedRowsSql(prefix)), replaced };
    });
    await tracked(() => clearStageTables(connection, prefix));
    return moved;
  };
  // Connections of bulk loads' stages and their spool directories: closed and removed when the
  // load finishes, or with the ledger.
  const bulkConnections: DuckDBConnection[] = [];
  const spoolDirectories = new Set<string>();

  return {
    kind: 'duckdb',
    location: file,
    migrate: () => runMigrations({ dialect: 'duckdb', db, transaction: (work) => inTransaction(db, work) }),

    async insertRows(rows: readonly UsageRow[], options: InsertOptions = {}): Promise<InsertResult> {
      if (rows.length === 0) return { inserted: 0, ignored: 0, replaced: 0 };
      await tracked(async () => {
        await stage('single');
        await clearStageTables(connection, 'single');
        await appendRows(connection, 'single', dedupeRows(rows));
      });
      const { written, replaced } = await commitStage('single', options.onConflict === 'replace');
      return { inserted: written - replaced, ignored: rows.length - written, replaced };
    },

    async insertPromptText(blocks: readonly PromptTextBlock[], chunks: readonly PromptChunk[]): Promise<number> {
      if (blocks.length === 0 && chunks.length === 0) return 0;
      await tracked(async () => {
        await stage('text');
        await clearStageTables(connection, 'text');
        await appendPromptText(connection, 'text', blocks, chunks);
      });
      return inTransaction(db, async () => {
        const [blockSql, chunkSql] = insertStagedTextSql('text') as [string, string];
        await db.run(blockSql);
        const added = await db.run(chunkSql);
        await tracked(() => clearStageTables(connection, 'text'));
        return added;
      });
    },

    bulkInsert(options: BulkInsertOptions = {}): BulkInsert {
      const totals: InsertResult = { inserted: 0, ignored: 0, replaced: 0 };
      // Two stages, each on a connection of its own: one fills while the other commits, so the
      // thread staging rows (and the workers feeding it) goes on during a commit instead of
      // waiting 1-2 s for it. Commits still run one at a time, in order.
      // Each stage spools its lines to files of its own, in a directory beside the ledger (where
      // there is room for a database), removed when the load finishes (or, if the process is
      // killed, when the ledger is next opened).
      type PromptText = NonNullable<Parameters<BulkInsert['add']>[1]>;
      interface Slot {
        index: number;
        connection: DuckDBConnection;
        run: SqlExecutor;
        /** The file lines go to now, and how many files the slot has named. */
        spool: string;
        files: number;
        lines: LineSpool | undefined;
        /**
         * Prompt text queued since its last commit, staged by the commit (when the connection is
         * free: an appender on a connection running an insert would hold up this thread).
         */
        text: PromptText[];
        /** Contexts in its stage (see `appendContexts`): the first this many of the load's; of them, committed. */
        contexts: number;
        committedContexts: number;
        /** Its last commit: the stage is clear again when it settles. */
        commit: Promise<void>;
        /** Parts of the open transaction inserted (or being inserted) before its commit. */
        work: Promise<void>;
        parts: string[];
        written: number;
        inTransaction: boolean;
      }
      const slots: Slot[] = [];
      let spoolDirectory: Promise<string> | undefined;
      let current = 0;
      let committing: Promise<void> = Promise.resolve();
      // A failed commit is kept and rethrown at the next call, never left as an unhandled rejection.
      let failure: unknown;
      // Rows staged, and repeats of staged rows dropped, since the last commit; of those rows, how
      // many went into parts already (see `cutPart`).
      let pending = 0;
      let repeats = 0;
      let partStart = 0;
      // Keys staged since the last commit: a repeat is dropped here, so the first copy read is the
      // one kept and the insert needs no de-duplicating window over wide rows (a third of its time).
      let staged = new Set<string>();
      // Set once a commit met rows already in the ledger (see `insertPart`).
      let overlapping = false;
      // Set once the load expects less than a row group more (see `lastGroupPartRows`).
      let lastGroup = false;

      const spoolPath = async (open: Pick<Slot, 'index' | 'files'>): Promise<string> => join(await (spoolDirectory as Promise<string>), `stage-${open.index}-${open.files}.jsonl`);
      const slot = async (): Promise<Slot> => {
        const index = current;
        let open = slots[index];
        if (open === undefined) {
          if (slots.length === 0 && options.threads !== undefined) await db.run(`SET threads = ${Math.max(1, Math.floor(options.threads))}`);
          const stageConnection = await tracked(() => instance.connect());
          bulkConnections.push(stageConnection);
          await tracked(async () => {
            await stageConnection.run("SET TimeZone = 'UTC'");
            await createStageTables(stageConnection, 'bulk');
          });
          spoolDirectory ??= mkdtemp(spoolPrefix(file)).then((made) => {
            spoolDirectories.add(made);
            return made;
          });
          const run = createExecutor(stageConnection, inFlight);
          open = { index, connection: stageConnection, run, spool: await spoolPath({ index, files: 0 }), files: 1, lines: undefined, text: [], contexts: 0, committedContexts: 0, commit: Promise.resolve(), work: Promise.resolve(), parts: [], written: 0, inTransaction: false };
          slots[index] = open;
        }
        // Its previous commit clears the stage when done.
        await open.commit;
        if (failure !== undefined) throw failure;
        return open;
      };
      /** The slot's next spool file; the one it had is read by DuckDB, so it must not be written again. */
      const nextSpool = async (open: Slot): Promise<string> => {
        open.lines?.close();
        open.lines = undefined;
        const done = open.spool;
        open.spool = await spoolPath(open);
        open.files += 1;
        return done;
      };
      const begin = async (open: Slot): Promise<void> => {
        if (open.inTransaction) return;
        await open.run.run('BEGIN TRANSACTION');
        open.inTransaction = true;
      };
      const rollback = async (open: Slot): Promise<void> => {
        if (open.inTransaction) await open.run.run('ROLLBACK').catch(() => undefined);
        open.inTransaction = false;
        open.contexts = open.committedContexts;
      };
      // Every context the load's lines named so far, each once, in the order they came.
      const contexts: RowContext[] = [];
      const contextIds = new Set<string>();
      /** The slot's stage gets the contexts it lacks, in its transaction (a rollback takes them away again). */
      const stageContexts = async (open: Slot): Promise<void> => {
        if (open.contexts === contexts.length) return;
        const added = contexts.slice(open.contexts);
        await tracked(() => appendContexts(open.connection, 'bulk', added));
        open.contexts += added.length;
      };
      // Most loads bring no row the ledger already has, so a part is inserted without looking; the
      // primary key refuses one that does (aborting the transaction), and only then are the
      // transaction's parts inserted again, skipping what is there, as the rest of this load's are.
      const insertPart = async (open: Slot, path: string): Promise<void> => {
        await begin(open);
        await stageContexts(open);
        open.parts.push(path);
        try {
          open.written += await open.run.run(insertSpooledJsonSql('bulk', path, { skipExisting: overlapping }));
        } catch (error) {
          if (overlapping || !isDuplicateKeyError(error)) throw error;
          overlapping = true;
          await rollback(open);
          await begin(open);
          await stageContexts(open);
          open.written = 0;
          for (const part of open.parts) open.written += await open.run.run(insertSpooledJsonSql('bulk', part, { skipExisting: true }));
        }
      };
      /** Commits the slot's transaction with its staged prompt text; returns the rows written. */
      const commitSlot = async (open: Slot): Promise<number> => {
        await begin(open);
        for (const sql of insertStagedTextSql('bulk')) await open.run.run(sql);
        await open.run.run('COMMIT');
        open.inTransaction = false;
        open.committedContexts = open.contexts;
        const { written, parts } = open;
        open.written = 0;
        open.parts = [];
        await tracked(() => clearStageTables(open.connection, 'bulk'));
        for (const part of parts) await rm(part, { force: true });
        return written;
      };
      const keepFailure = (open: Slot) => async (error: unknown): Promise<void> => {
        failure ??= error;
        await rollback(open);
      };
      /** The rows staged since the last cut go into the slot's transaction while the next rows stage. */
      const cutPart = async (): Promise<void> => {
        const open = slots[current];
        if (open === undefined || pending === partStart) return;
        partStart = pending;
        const path = await nextSpool(open);
        const previous = committing;
        open.work = open.work.then(async () => {
          await previous;
          if (failure === undefined) await insertPart(open, path);
        }).catch(keepFailure(open));
      };
      const commit = async (): Promise<void> => {
        const filled = slots[current];
        const rows = pending;
        const lastPart = pending > partStart;
        totals.ignored += repeats;
        pending = 0;
        partStart = 0;
        repeats = 0;
        staged = new Set();
        if (filled === undefined || (rows === 0 && filled.text.length === 0)) return;
        const path = lastPart ? await nextSpool(filled) : null;
        const text = filled.text;
        filled.text = [];
        current = 1 - current;
        const previous = committing;
        const parts = filled.work;
        filled.work = Promise.resolve();
        committing = filled.commit = (async () => {
          await previous;
          await parts;
          if (failure !== undefined) return;
          if (path !== null) await insertPart(filled, path);
          // After the rows: a refused insert rolls the transaction back, text staged in it too.
          if (text.length > 0) await tracked(() => appendPromptText(filled.connection, 'bulk', text.flatMap((queued) => queued.blocks), text.flatMap((queued) => queued.chunks)));
          const written = await commitSlot(filled);
          totals.inserted += written;
          totals.ignored += rows - written;
        })().catch(keepFailure(filled));
      };
      const appendText = async (text: Uint8Array): Promise<void> => {
        if (text.length === 0) return;
        const open = await slot();
        open.lines ??= openLineSpool(open.spool);
        open.lines.append(text);
      };
      // A piece's lines are spooled as runs of bytes, cut only at a repeat or a full row group (a
      // part, in the last one); only then are its line ends looked for.
      const stagePiece = async ({ text, keys, contexts: named }: RowJsonLines): Promise<void> => {
        for (const context of named) {
          if (contextIds.has(context.id)) continue;
          contextIds.add(context.id);
          contexts.push(context);
        }
        const bytes = Buffer.from(text.buffer, text.byteOffset, text.byteLength);
        let known = 0;
        let knownStart = 0;
        const startOf = (index: number): number => {
          for (; known < index; known += 1) knownStart = bytes.indexOf(0x0a, knownStart) + 1;
          return knownStart;
        };
        let runStart = 0;
        for (let index = 0; index < keys.length; index += 1) {
          const key = keys[index] as string;
          if (staged.has(key)) {
            repeats += 1;
            await appendText(bytes.subarray(runStart, startOf(index)));
            runStart = startOf(index + 1);
            continue;
          }
          staged.add(key);
          pending += 1;
          // A full row group commits at once (the last one keeps going up to two, should the
          // estimate be short); the rest of the lines start the next.
          const commitAt = lastGroup ? 2 * bulkCommitRows : bulkCommitRows;
          if (pending >= commitAt || (lastGroup && pending - partStart >= lastGroupPartRows)) {
            const end = startOf(index + 1);
            await appendText(bytes.subarray(runStart, end));
            runStart = end;
            if (pending >= commitAt) await commit();
            else await cutPart();
          }
        }
        await appendText(bytes.subarray(runStart));
      };
      // Rows are staged as JSON lines (see `ledgerRowJson`): measured on 100,000 ingested records,
      // DuckDB parsing a line per row cost less than 58 appender calls per row.
      const addRowJson = async (pieces: readonly RowJsonLines[], text: Parameters<BulkInsert['add']>[1]): Promise<void> => {
        if (text !== undefined && (text.blocks.length > 0 || text.chunks.length > 0)) (await slot()).text.push(text);
        for (const piece of pieces) await stagePiece(piece);
      };
      return {
        add: (rows, text) => addRowJson([encodeRowJsonLines(rows)], text),
        addRowJson,
        expectRemaining(rows) {
          lastGroup = rows < bulkCommitRows;
        },
        async finish() {
          await commit();
          await committing;
          for (const open of slots) {
            open.lines?.close();
            open.lines = undefined;
            open.connection.closeSync();
            bulkConnections.splice(bulkConnections.indexOf(open.connection), 1);
          }
          if (slots.length > 0 && options.threads !== undefined) await db.run('RESET threads');
          if (spoolDirectory !== undefined) {
            const made = await spoolDirectory;
            spoolDirectories.delete(made);
            await rm(made, { recursive: true, force: true });
          }
          if (failure !== undefined) throw failure;
          return { ...totals };
        },
      };
    },

    query: createLedgerQueries(db, duckdbDialect),
    ...createIngestedFileLog(db, duckdbDialect),

    async setMeta(key, value) {
      await db.run('INSERT OR REPLACE INTO ledger_meta (key, value) VALUES ($1, $2)', [key, value]);
    },
    async getMeta(key) {
      const [record] = await db.all('SELECT value FROM ledger_meta WHERE key = $1', [key]);
      return record === undefined ? undefined : String(record.value);
    },

    async close() {
      inFlight.closing = true;
      await Promise.allSettled(inFlight.pending);
      for (const stageConnection of bulkConnections) stageConnection.closeSync();
      for (const directory of spoolDirectories) await rm(directory, { recursive: true, force: true });
      connection.closeSync();
      instance.closeSync();
    },
  };
}
