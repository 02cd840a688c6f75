import type { UsageSink } from '../../client/index.js';
import type { UsageRow } from '../../core/index.js';
import type { Ledger } from '../../ledger/index.js';
import { redactSecrets } from '../errors/redact-secrets.js';
import type { SpillFile } from './create-spill-file.js';

export interface UsageWriterOptions {
  ledger: Pick<Ledger, 'insertRows'>;
  spill: SpillFile;
  /** Rows per insert. */
  batchSize?: number;
  /** Longest a row waits in memory before an insert is attempted. */
  flushIntervalMs?: number;
  /** How often a spilled file is retried while the ledger is down. */
  replayIntervalMs?: number;
  logger?: { info(message: string): void; warn(message: string): void };
  /** Applied to each row as it arrives (the gateway names the virtual key as the caller). */
  prepare?: (row: UsageRow) => UsageRow;
}

export interface UsageWriterStats {
  /** Rows in memory, not yet inserted or spilled. */
  queued: number;
  /** Rows the ledger accepted (new or already present). */
  written: number;
  /** Rows appended to the spill file, and of those replayed into the ledger since. */
  spilled: number;
  replayed: number;
  /** True from a failed insert until a replay empties the spill file. */
  outage: boolean;
}

/** The pipeline's usage sink, buffered: `write` queues and returns at once. */
export interface UsageWriter extends UsageSink {
  /** Queues rows; never waits and never throws. */
  write(rows: readonly UsageRow[]): void;
  /** Inserts (or spills) everything queued now. */
  flush(): Promise<void>;
  /** Replays spilled rows into the ledger; false while it is still unreachable. */
  replay(): Promise<boolean>;
  /** Stops the timers, flushes, tries one replay; rows still spilled stay in the file for next time. */
  drain(): Promise<UsageWriterStats>;
  close(): Promise<void>;
  stats(): UsageWriterStats;
}

/**
 * Ledger writes off the request path. Rows queue in memory and go in batches; an insert that
 * fails spills its batch to an append-only JSONL file, and while the ledger is down every later
 * batch goes there too, in order, until a periodic replay gets the file into the ledger. Replays
 * are idempotent (rows are unique per source and request id), so a crash between inserting and
 * deleting a file only means the next replay ignores what is already in. One lane of work at a
 * time: the ledger connection is single, and spill appends must not interleave with a claim.
 */
export function createUsageWriter(options: UsageWriterOptions): UsageWriter {
  const { ledger, spill } = options;
  const batchSize = options.batchSize ?? 256;
  const logger = options.logger ?? { info: () => undefined, warn: () => undefined };
  const queue: UsageRow[] = [];
  const counts = { written: 0, spilled: 0, replayed: 0 };
  let outage = false;
  let lane: Promise<unknown> = Promise.resolve();
  let flushScheduled = false;
  let stopped = false;

  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = lane.then(work, work);
    lane = run.catch(() => undefined);
    return run;
  };

  async function store(batch: UsageRow[]): Promise<void> {
    if (!outage) {
      try {
        await ledger.insertRows(batch);
        counts.written += batch.length;
        return;
      } catch (error) {
        outage = true;
        logger.warn(`usage: the ledger refused an insert (${redactSecrets((error as Error).message)}); spilling rows to ${spill.path} until it is back.`);
      }
    }
    try {
      await spill.append(batch);
      counts.spilled += batch.length;
    } catch (error) {
      // Neither the ledger nor the disk took them: keep them in memory for the next attempt.
      queue.unshift(...batch);
      logger.warn(`usage: cannot append to ${spill.path} either (${(error as Error).message}); ${queue.length} rows held in memory.`);
      throw error;
    }
  }

  const flush = (): Promise<void> =>
    exclusive(async () => {
      flushScheduled = false;
      // Only the rows queued when the flush starts. Draining until the queue is empty turned a
      // steady trickle into back-to-back inserts of the ~20 rows that arrived during the previous
      // one (each ~40 ms of DuckDB CPU whatever its size), a core kept busy beside the requests.
      // Later rows wait for the next tick, or go at once when a full batch is queued.
      let due = queue.length;
      while (due > 0 && queue.length > 0) {
        const batch = queue.splice(0, Math.min(batchSize, due));
        due -= batch.length;
        await store(batch);
      }
    }).catch(() => undefined);

  const replay = (): Promise<boolean> =>
    exclusive(async () => {
      const files = await spill.claim();
      for (const file of files) {
        try {
          for await (const batch of spill.read(file, batchSize, (line, reason) => logger.warn(`usage: ${file} line ${line} skipped: ${reason}`))) {
            await ledger.insertRows(batch);
            counts.replayed += batch.length;
          }
        } catch (error) {
          logger.warn(`usage: replay of ${file} failed (${redactSecrets((error as Error).message)}); it stays for the next try.`);
          return false;
        }
        await spill.remove(file);
      }
      if (outage) logger.info('usage: the ledger is back; spilled rows replayed.');
      outage = false;
      return true;
    });

  const flushTimer = setInterval(() => {
    if (queue.length > 0) void flush();
  }, options.flushIntervalMs ?? 1000);
  const replayTimer = setInterval(() => {
    if (outage) void replay();
  }, options.replayIntervalMs ?? 5000);
  flushTimer.unref();
  replayTimer.unref();

  const stats = (): UsageWriterStats => ({ queued: queue.length, ...counts, outage });

  return {
    write(rows) {
      for (const row of rows) queue.push(options.prepare === undefined ? row : options.prepare(row));
      // After drain nothing else will flush: a straggler goes now (to the spill file if the ledger is closed).
      if ((stopped || queue.length >= batchSize) && !flushScheduled) {
        flushScheduled = true;
        void flush();
      }
    },
    flush,
    replay,
    async drain() {
      stopped = true;
      clearInterval(flushTimer);
      clearInterval(replayTimer);
      await flush();
      await replay().catch(() => false);
      await flush();
      return stats();
    },
    async close() {
      await this.drain();
    },
    stats,
  };
}
