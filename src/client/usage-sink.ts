import type { PromptChunk, PromptTextBlock, UsageRow } from '../core/index.js';

/** Text of tools and system blocks the rows reference by hash (only with `captureContent`). */
export interface UsagePromptText {
  blocks: readonly PromptTextBlock[];
  chunks: readonly PromptChunk[];
}

/**
 * Where the pipeline hands the ledger rows of a request: one row per billed model call (a failed
 * cheap attempt of a cascade is a row too). `write` is called once per request, after the answer
 * is known, and is never awaited by the request: a sink buffers and writes on its own time. A sink
 * that throws or rejects is logged, never surfaced to the caller.
 *
 * The gateway's buffered writer (spill to disk on a database outage) implements this interface;
 * `createLedgerUsageSink` and `createCallbackUsageSink` are the library's own.
 */
export interface UsageSink {
  write(rows: readonly UsageRow[], text?: UsagePromptText): void | Promise<void>;
  /** Writes everything buffered; resolves when it is stored. */
  flush?(): Promise<void>;
  /** Flushes and releases timers; the sink takes no rows after it. */
  close?(): Promise<void>;
}

/** A sink that calls a function with each request's rows (tests, custom stores, queues). */
export function createCallbackUsageSink(callback: (rows: readonly UsageRow[], text?: UsagePromptText) => void | Promise<void>): UsageSink {
  return { write: (rows, text) => callback(rows, text) };
}
