import type { UsageRow } from '../core/index.js';
import type { PricingCatalog } from '../pricing/index.js';
import type { TaskAttributor } from './attribute-task.js';
import type { IngestIssue } from './ingest-report.js';
import type { PromptHasher } from './invocation-log/create-prompt-hasher.js';
import type { GetS3Client } from './sources/create-s3-client.js';
import type { BodyFetcher } from './sources/fetch-offloaded-body.js';
import type { TextFormat } from './sources/detect-text-format.js';

/** What one file contributed, beyond its rows: merged into the run's report. */
export interface FileTally {
  /** Records (log records, bench result lines, GenAI call spans, usage rows) read, and of those skipped. */
  read: number;
  skipped: number;
  /** The file's format once its content told, or `ignored` (a bench summary or CSV twin). */
  format: TextFormat | 'ignored' | 'unknown' | null;
  /** The file could not be read (not found, no permission, a network error): read it again next time. */
  unreadable: boolean;
  /** Bench generation rows, judge rows, and failures Bedrock rejected before inference (no row). */
  bench: { calls: number; judgeRows: number; unbilledErrors: number };
  /** OTLP spans read; GenAI model calls (rows); spans left out: not GenAI, GenAI but no model call, failed calls with no usage. */
  otel: { spans: number; calls: number; nonGenAiSpans: number; otherGenAiSpans: number; failedWithoutUsage: number };
}

export function createFileTally(): FileTally {
  return { read: 0, skipped: 0, format: null, unreadable: false, bench: { calls: 0, judgeRows: 0, unbilledErrors: 0 }, otel: { spans: 0, calls: 0, nonGenAiSpans: 0, otherGenAiSpans: 0, failedWithoutUsage: 0 } };
}

/** Everything a format reader needs to turn one file's lines into ledger rows. */
export interface FileContext {
  pricing: PricingCatalog;
  hasher: PromptHasher;
  attribute: TaskAttributor;
  /**
   * Where finished rows go, in file order. May finish synchronously (a worker queues the row in a
   * buffer): callers await only a promise, since awaiting each record cost a promise and a
   * microtask per layer of the read (~0.4 µs a record over five layers).
   */
  addRow(row: UsageRow): Promise<void> | void;
  addIssue(issue: IngestIssue): void;
  s3: GetS3Client;
  /** Set to read offloaded bodies (`inputBodyS3Path`); otherwise rows keep only the path. */
  fetchBody: BodyFetcher | undefined;
  tally: FileTally;
}

/** Reads the lines of a file of one format; `document` takes a whole pretty-printed JSON document. Either may finish synchronously (see `addRow`). */
export interface FormatReader {
  line(text: string, line: number): Promise<void> | void;
  document(value: unknown): Promise<void> | void;
}

/** Counts a bad line or record as read and skipped, with its file and line. */
export function skipRecord(context: FileContext, issue: IngestIssue): void {
  context.tally.read += 1;
  context.tally.skipped += 1;
  context.addIssue(issue);
}

/**
 * Calls `step` for indexes `from` to `count - 1`, in order: synchronously while each call is, and
 * awaiting each call from the first that returns a promise on (see `FileContext.addRow`).
 */
export function eachInOrder(count: number, step: (index: number) => Promise<void> | void, from = 0): Promise<void> | void {
  for (let index = from; index < count; index += 1) {
    const pending = step(index);
    if (pending !== undefined) return pending.then(() => eachInOrder(count, step, index + 1));
  }
  return undefined;
}
