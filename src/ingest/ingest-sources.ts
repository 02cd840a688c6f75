import { availableParallelism } from 'node:os';
import type { IngestConfig } from '../config/index.js';
import type { Ledger } from '../ledger/index.js';
import type { PricingCatalog } from '../pricing/index.js';
import { createTaskAttributor } from './attribute-task.js';
import { isBenchResultsCsv } from './bench-results/is-bench-results-csv.js';
import { createBillingModelResolver } from './billing/create-billing-model-resolver.js';
import { ingestBillingFile } from './billing/ingest-billing-file.js';
import { createIngestBatch } from './create-ingest-batch.js';
import { createRunTally, mergeFileTally } from './create-run-tally.js';
import { createTextQueue } from './create-text-queue.js';
import { type FileContext, createFileTally } from './file-context.js';
import { type BillingSummary, type IngestReport, createIssueCollector } from './ingest-report.js';
import { ingestTextFile } from './ingest-text-file.js';
import { createPromptHasher } from './invocation-log/create-prompt-hasher.js';
import { createBodyFetcher } from './sources/fetch-offloaded-body.js';
import { createLogTextPrefetcher } from './sources/create-log-text-prefetcher.js';
import { type S3Settings, createLazyS3Client } from './sources/create-s3-client.js';
import { listSourceFiles } from './sources/list-source-files.js';
import type { LoadedLogText } from './sources/load-log-text.js';
import { type SourceFile, fileIdentity } from './sources/source-file.js';
import { type IngestPool, createIngestPool } from './workers/create-ingest-pool.js';
import { decodeUsageRows } from './workers/encode-usage-rows.js';
import { groupJobs } from './workers/group-jobs.js';
import type { PricingInputs } from './workers/worker-protocol.js';

export type { PricingInputs } from './workers/worker-protocol.js';
export type { S3Settings } from './sources/create-s3-client.js';

export interface IngestProgress {
  records: number;
  filesDone: number;
  files: number;
  /** Bytes of the files finished so far, of `totalBytes`. */
  bytesDone: number;
  totalBytes: number;
}

export interface IngestOptions {
  /** Local files and folders, and `s3://bucket/prefix` URLs. */
  sources: readonly string[];
  ledger: Ledger;
  pricing: PricingCatalog;
  /**
   * What `pricing` was built from (`createPricingCatalog(catalog, overrides)`), so worker threads
   * can build the same catalog. Without it every file is read on the main thread.
   */
  pricingInputs?: PricingInputs;
  config: IngestConfig;
  /** Resolves relative paths. */
  cwd: string;
  /** How to reach S3, when a source or an offloaded body is there; clients are made on first use, one per thread. */
  s3?: S3Settings;
  /** Read offloaded bodies (`inputBodyS3Path`) for prompt blocks; default true. */
  fetchBodies?: boolean;
  /**
   * Read files again that the ledger records as ingested at the version they have now (same size
   * and modification time, or ETag); by default they are skipped. Their rows are still not stored twice.
   */
  reread?: boolean;
  /**
   * Worker threads that read invocation-log files, local or in S3 (fetch, parse, validate, hash,
   * price), while the main thread writes the ledger. `auto` (default): one per core (at most 8)
   * when the files add up to 16 MB or more; 0: none. Needs `pricingInputs`. Rows, their order and
   * the report are the same either way.
   */
  workers?: number | 'auto';
  /** Rows per ledger transaction; default 10,000. */
  batchSize?: number;
  onProgress?: (progress: IngestProgress) => void;
  now?: () => number;
}

const decoder = new TextDecoder();
const roundMoney = (usd: number): number => Math.round(usd * 1e10) / 1e10;
/** Below this much gzipped log, starting workers costs more than it saves. */
const workerThresholdBytes = 16 * 1024 * 1024;
/** The main thread writes what they read: past this many, it is the bottleneck (and each worker holds ~150 MB). */
const maxAutoWorkers = 8;

/** Workers for files of `pooledBytes` the workers could read: none when there are none. */
function poolSize(options: IngestOptions, pooledBytes: number): number {
  if (options.pricingInputs === undefined || pooledBytes === 0) return 0;
  const asked = options.workers ?? 'auto';
  if (asked === 'auto') return pooledBytes >= workerThresholdBytes ? Math.min(maxAutoWorkers, Math.max(1, availableParallelism())) : 0;
  return Math.max(0, Math.floor(asked));
}

/**
 * `frugal ingest`: reads Bedrock invocation logs (S3 layout, plain NDJSON, CloudWatch exports),
 * CUR / FOCUS billing exports, and frugal's own records (bench results.jsonl, OTLP JSON trace
 * exports, usage rows spilled by the gateway) into the ledger; text files are told apart by their
 * content. Bad input is skipped and counted with file and line; good rows around it are kept;
 * rows already in the ledger are left alone.
 */
export async function ingestSources(options: IngestOptions): Promise<IngestReport> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const client = createLazyS3Client(options.s3);
  const s3 = client.get;
  const issues = createIssueCollector();
  const hasher = createPromptHasher();
  const text = createTextQueue();
  const attribute = createTaskAttributor(options.config);
  const run = createRunTally();
  const billingCounters = { read: 0, skipped: 0 };
  let billingFiles = 0;
  const billing: BillingSummary = { files: 0, rowsRead: 0, bedrockRows: 0, otherRows: 0, otherAiRows: 0, nonUsageRows: 0, billedCost: 0, comparedBilledCost: 0, comparedCatalogCost: 0 };

  const listed = await listSourceFiles(options.sources, { cwd: options.cwd, s3 });
  for (const problem of listed.problems) issues.add({ kind: 'unreadable-source', file: problem.source, line: null, message: problem.message });
  // Files ingested before at the version they have now are left alone.
  const ingested = options.reread === true ? new Map<string, string>() : await options.ledger.ingestedFiles();
  const files = listed.files.filter((file) => file.version === undefined || ingested.get(fileIdentity(file)) !== file.version);
  const unchanged = listed.files.length - files.length;
  // Files read through (a broken gzip included, up to its break), recorded once the rows are in.
  const readThrough: SourceFile[] = [];
  const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
  const progress: IngestProgress = { records: 0, filesDone: 0, files: files.length, bytesDone: 0, totalBytes };
  const recordsSoFar = (): number => run.read + billingCounters.read;
  let lastReported = 0;
  const report = (records: number): void => {
    progress.records = records;
    if (records - lastReported >= 1000) {
      lastReported = records;
      options.onProgress?.(progress);
    }
  };

  // Invocation logs go to the workers, which fetch S3 objects and offloaded bodies themselves.
  const poolable = (file: SourceFile): boolean => file.format === 'invocation-log' && (file.location.kind === 'local' || options.s3 !== undefined);
  const size = poolSize(options, files.filter(poolable).reduce((sum, file) => sum + file.size, 0));
  const batch = createIngestBatch(
    options.ledger,
    () => {
      text.add(hasher.drainText());
      return text.drain();
    },
    options.batchSize ?? 10_000,
    {
      // The workers keep that many cores busy: the database gets the rest (measured on 2 cores with 2
      // workers: a tenth less CPU and 7% less time with DuckDB on one thread than on two).
      bulkOptions: size > 0 ? { threads: Math.max(1, availableParallelism() - size) } : {},
      // Back to the workers that write lines, so neither thread allocates a buffer per message (a
      // take with no lines has an empty one).
      onLinesWritten: (buffers) => pool?.recycle(buffers.filter((buffer) => buffer.byteLength > 0)),
    },
  );
  const fetchBodies = options.fetchBodies !== false;
  let pool: IngestPool | undefined;
  // Index of a job's first file → the job and how many files it holds.
  const jobs = new Map<number, { id: number; files: number }>();
  const pooled = new Set<number>();
  if (size > 0 && options.pricingInputs !== undefined) {
    pool = createIngestPool(size, { pricing: options.pricingInputs, pricingVersion: options.pricing.version, config: options.config, fetchBodies, window: 8, rowLines: batch.takesLines, ...(options.s3 !== undefined && { s3: options.s3 }) });
    for (const run of groupJobs(files, poolable)) {
      jobs.set(run.start, { id: pool.submit(files.slice(run.start, run.end)), files: run.end - run.start });
      for (let index = run.start; index < run.end; index += 1) pooled.add(index);
    }
  }

  const fetchBody = fetchBodies ? createBodyFetcher(s3) : undefined;
  const resolveModel = createBillingModelResolver(options.pricing.registry);
  // Invocation logs read on this thread are loaded ahead, local or in S3.
  const prefetch = createLogTextPrefetcher(files, s3, { wanted: (file, index) => file.format === 'invocation-log' && !pooled.has(index), maxItems: 16, maxBytes: 64 * 1024 * 1024 });

  const readHere = async (file: SourceFile, preloaded: LoadedLogText | undefined): Promise<void> => {
    const tally = createFileTally();
    const context: FileContext = {
      pricing: options.pricing,
      hasher,
      attribute,
      async addRow(row) {
        await batch.add(row);
        report(recordsSoFar() + tally.read);
      },
      addIssue: (issue) => issues.add(issue),
      s3,
      fetchBody,
      tally,
    };
    await ingestTextFile(file, context, preloaded);
    mergeFileTally(run, tally);
    if (!tally.unreadable) readThrough.push(file);
  };
  // Its files' tallies come back in order, one per file.
  const readPooled = async (id: number, active: IngestPool, jobFiles: readonly SourceFile[]): Promise<void> => {
    let read = 0;
    let finished = 0;
    for (;;) {
      const message = await active.next(id);
      for (const issue of message.issues) issues.add(issue);
      for (const [kind, count] of Object.entries(message.moreIssues)) issues.addCount(kind as keyof typeof message.moreIssues, count);
      text.add(message.text);
      for (const row of decodeUsageRows(decoder.decode(message.rows))) await batch.add(row);
      if (message.lines !== undefined) await batch.addLines(message.lines);
      for (const tally of message.tallies) {
        mergeFileTally(run, tally);
        if (!tally.unreadable) readThrough.push(jobFiles[finished] as SourceFile);
        finished += 1;
        read -= tally.read;
        progress.filesDone += 1;
      }
      read += message.read;
      report(recordsSoFar() + read);
      active.ack(id, message.done);
      if (message.done) return;
    }
  };

  try {
    for (let index = 0; index < files.length; index += 1) {
      const file = files[index] as SourceFile;
      const job = jobs.get(index);
      if (job !== undefined && pool !== undefined) {
        const jobFiles = files.slice(index, index + job.files);
        await readPooled(job.id, pool, jobFiles);
        progress.bytesDone += jobFiles.reduce((sum, done) => sum + done.size, 0);
        options.onProgress?.(progress);
        // The rest of the files at the rows per byte so far.
        if (progress.bytesDone > 0) batch.expectRemaining(((totalBytes - progress.bytesDone) * run.read) / progress.bytesDone);
        index += job.files - 1;
        continue;
      }
      const preloaded = await prefetch.take(index);
      if (file.format === 'invocation-log') {
        await readHere(file, preloaded);
      } else if (await isBenchResultsCsv(file)) {
        run.files.ignored += 1;
        readThrough.push(file);
      } else {
        billingFiles += 1;
        if (await ingestBillingFile(file, { pricing: options.pricing, resolveModel, attribute, batch, issues, billing, s3, onRecord: () => report(recordsSoFar()), counters: billingCounters })) readThrough.push(file);
      }
      progress.filesDone += 1;
      progress.bytesDone += file.size;
      options.onProgress?.(progress);
    }
    // Every job was read: the workers stop (on their own threads) while the last rows commit.
    void pool?.close().catch(() => undefined);
    await batch.finish();
    await options.ledger.recordIngestedFiles(readThrough.flatMap((file) => (file.version === undefined ? [] : [{ file: fileIdentity(file), version: file.version }])));
  } finally {
    await pool?.close();
    client.destroy();
  }

  const durationMs = Math.max(1, now() - started);
  const { counters: written } = batch;
  const read = run.read + billingCounters.read;
  const unreadableKinds = new Set(['truncated-gzip', 'unreadable-file', 'unsupported-billing-file', 'unknown-format']);
  return {
    ledger: options.ledger.location,
    files: {
      ...run.files,
      billing: billingFiles,
      unchanged,
      unreadable: issues.summary().filter((summary) => unreadableKinds.has(summary.kind)).reduce((sum, summary) => sum + summary.count, 0),
    },
    records: {
      read,
      valid: written.valid,
      inserted: written.inserted,
      alreadyInLedger: written.alreadyInLedger,
      replaced: written.replaced,
      skipped: run.skipped + billingCounters.skipped,
    },
    billing: {
      ...billing,
      billedCost: roundMoney(billing.billedCost),
      comparedBilledCost: roundMoney(billing.comparedBilledCost),
      comparedCatalogCost: roundMoney(billing.comparedCatalogCost),
    },
    bench: run.bench,
    otel: run.otel,
    cost: { ...batch.knownCost(), unpricedRows: written.unpricedRows },
    usage: { first: written.first, last: written.last },
    issues: issues.summary(),
    durationMs: Math.round(durationMs),
    recordsPerSecond: Math.round((read / durationMs) * 1000),
    workers: pool === undefined ? 0 : size,
  };
}
