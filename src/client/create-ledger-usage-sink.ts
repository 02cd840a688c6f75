import type { UsageRow } from '../core/index.js';
import type { Ledger } from '../ledger/index.js';
import { consolePipelineLogger, type PipelineLogger } from './pipeline-logger.js';
import type { UsagePromptText, UsageSink } from './usage-sink.js';

export interface LedgerUsageSinkOptions {
  /** Rows written per insert; a full batch is written at once. Default 100. */
  batchSize?: number;
  /** A partial batch waits at most this long. Default 1000 ms. */
  flushIntervalMs?: number;
  /** Rows kept while the ledger fails; the oldest are dropped (and logged) beyond it. Default 10,000. */
  maxBuffered?: number;
  logger?: PipelineLogger;
}

/**
 * Usage rows into a ledger (`openLedger`), buffered: `write` only queues, so a request never waits
 * for the database; batches go in one insert at a time, idempotent on (source, requestId). A
 * failed insert keeps its rows for the next attempt, up to `maxBuffered`. For a gateway that must
 * not lose a row across a database outage, put a sink that spills to disk in front (the gateway
 * has one); this one is for the library, where the process owns the ledger.
 */
export function createLedgerUsageSink(ledger: Ledger, options: LedgerUsageSinkOptions = {}): UsageSink {
  const batchSize = options.batchSize ?? 100;
  const flushIntervalMs = options.flushIntervalMs ?? 1000;
  const maxBuffered = options.maxBuffered ?? 10_000;
  const logger = options.logger ?? consolePipelineLogger;
  let rows: UsageRow[] = [];
  let text: UsagePromptText[] = [];
  let writing: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  async function writeBatch(): Promise<void> {
    const batch = rows.slice(0, batchSize);
    const blocks = text;
    text = [];
    if (batch.length === 0 && blocks.length === 0) return;
    try {
      for (const part of blocks) if (part.blocks.length > 0) await ledger.insertPromptText(part.blocks, part.chunks);
      if (batch.length > 0) await ledger.insertRows(batch);
      rows = rows.slice(batch.length);
    } catch (error) {
      text = [...blocks, ...text];
      logger.warn(`the ledger refused ${batch.length} usage row(s); they stay queued`, error);
      throw error;
    }
  }

  /** One write at a time: inserts are serialised so a slow database is not hit in parallel. Failures are logged in writeBatch. */
  function drain(all: boolean): Promise<void> {
    writing = writing
      .then(async () => {
        do {
          await writeBatch();
        } while (all && rows.length > 0);
      })
      .catch(() => undefined)
      .then(() => {
        // Whatever is left (a partial batch, or rows a failed insert kept) goes out on the timer.
        if (!all && rows.length > 0) schedule();
      });
    return writing;
  }

  function schedule(): void {
    if (timer !== undefined || closed) return;
    timer = setTimeout(() => {
      timer = undefined;
      void drain(false);
    }, flushIntervalMs);
    timer.unref();
  }

  return {
    write(written, promptText) {
      if (closed) {
        logger.warn(`usage sink closed; ${written.length} row(s) not written`);
        return;
      }
      rows.push(...written);
      if (promptText !== undefined) text.push(promptText);
      if (rows.length > maxBuffered) {
        const dropped = rows.length - maxBuffered;
        rows = rows.slice(dropped);
        logger.warn(`usage sink over ${maxBuffered} queued rows; dropped the ${dropped} oldest`);
      }
      if (rows.length >= batchSize) void drain(false);
      else schedule();
    },
    async flush() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await drain(true);
      if (rows.length > 0) throw new Error(`${rows.length} usage row(s) could not be written to the ledger`);
    },
    async close() {
      await this.flush?.();
      closed = true;
    },
  };
}
