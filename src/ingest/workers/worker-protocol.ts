import type { IngestConfig } from '../../config/index.js';
import type { Catalog, PricingOverridesInput } from '../../pricing/index.js';
import type { PromptText } from '../create-text-queue.js';
import type { FileTally } from '../file-context.js';
import type { IngestIssue, IssueKind } from '../ingest-report.js';
import type { S3Settings } from '../sources/create-s3-client.js';
import type { SourceFile } from '../sources/source-file.js';
import type { RowLines } from '../create-row-lines.js';

/** What a caller passes so workers can rebuild the exact pricing catalog the main thread uses. */
export interface PricingInputs {
  catalog: Catalog;
  overrides: PricingOverridesInput;
}

/** `workerData`: everything a worker needs to read files the way the main thread would. */
export interface WorkerSetup {
  pricing: PricingInputs;
  /** The main thread's catalog version; a worker whose rebuilt catalog differs refuses to start. */
  pricingVersion: string;
  config: IngestConfig;
  fetchBodies: boolean;
  /** Messages a worker may have in flight before it waits for acknowledgements. */
  window: number;
  /** Write call rows as ledger lines (`RowLines`) for a ledger that takes them; otherwise all go in `rows`. */
  rowLines: boolean;
  /** How to reach S3 for log files and offloaded bodies there; each worker makes its own client. */
  s3?: S3Settings;
}

/**
 * A job is a run of consecutive files, so small files do not cost a message each. `buffers`
 * hands back (transferred) line buffers the main thread has written out, for the worker to reuse.
 */
export type ToWorker = { type: 'job'; id: number; files: SourceFile[] } | { type: 'ack' } | { type: 'buffers'; buffers: ArrayBuffer[] };

/** Rows, the first few issues of each kind (and counts of the rest), and new prompt text, in file order. */
export interface WorkerBatch {
  type: 'batch';
  id: number;
  /**
   * The rows (`encodeUsageRows`) as UTF-8, the buffer transferred, not copied: cloning 1,000
   * objects of 60 fields each cost the worker more than writing them as text.
   */
  rows: Uint8Array;
  /**
   * Call rows as ledger lines when the setup asks (`rowLines`), their buffers transferred; they
   * come after `rows` in the worker's order only in that `rows` then holds none of the calls
   * (billed rows, queued apart anyway).
   */
  lines: RowLines | undefined;
  issues: IngestIssue[];
  moreIssues: Partial<Record<IssueKind, number>>;
  text: PromptText;
  /** Records read since the previous message, for progress. */
  read: number;
  /** The tallies of the job's files finished since the previous message, in order. */
  tallies: FileTally[];
  /** Set on the job's last message. */
  done: boolean;
}

export type FromWorker = WorkerBatch | { type: 'ready' } | { type: 'fatal'; message: string };
