import type { S3Client } from '@aws-sdk/client-s3';
import type { IngestConfig } from '../config/index.js';
import type { Ledger } from '../ledger/index.js';
import type { PricingCatalog } from '../pricing/index.js';
import { createTaskAttributor } from './attribute-task.js';
import { createBillingModelResolver } from './billing/create-billing-model-resolver.js';
import { ingestBillingFile } from './billing/ingest-billing-file.js';
import { createIngestBatch } from './create-ingest-batch.js';
import { type BillingSummary, type IngestReport, createIssueCollector } from './ingest-report.js';
import { ingestLogFile } from './ingest-log-file.js';
import { createPromptHasher } from './invocation-log/create-prompt-hasher.js';
import { createBodyFetcher } from './sources/fetch-offloaded-body.js';
import { createPrefetcher } from './sources/create-prefetcher.js';
import { listSourceFiles } from './sources/list-source-files.js';
import { type LoadedLogText, loadLogText, wholeFileLimit } from './sources/load-log-text.js';

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
  config: IngestConfig;
  /** Resolves relative paths. */
  cwd: string;
  /** Creates the S3 client on first use (only when a source or body is in S3). */
  s3?: () => S3Client;
  /** Read offloaded bodies (`inputBodyS3Path`) for prompt blocks; default true. */
  fetchBodies?: boolean;
  /** Rows per ledger transaction; default 10,000. */
  batchSize?: number;
  onProgress?: (progress: IngestProgress) => void;
  now?: () => number;
}

const roundMoney = (usd: number): number => Math.round(usd * 1e10) / 1e10;

/**
 * `frugal ingest`: reads Bedrock invocation logs (S3 layout, plain NDJSON, CloudWatch exports)
 * and CUR / FOCUS billing exports into the ledger. Bad input is skipped and counted with file and
 * line; good rows around it are kept; rows already in the ledger are left alone.
 */
export async function ingestSources(options: IngestOptions): Promise<IngestReport> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  let client: S3Client | undefined;
  const s3 = (): S3Client => {
    if (options.s3 === undefined) throw new Error('reading s3:// sources needs an S3 client');
    client ??= options.s3();
    return client;
  };
  const issues = createIssueCollector();
  const hasher = createPromptHasher();
  const batch = createIngestBatch(options.ledger, hasher, options.batchSize ?? 10_000);
  const attribute = createTaskAttributor(options.config);
  const counters = { read: 0, skipped: 0 };
  const billing: BillingSummary = { files: 0, rowsRead: 0, bedrockRows: 0, otherRows: 0, otherAiRows: 0, nonUsageRows: 0, billedCost: 0, comparedBilledCost: 0, comparedCatalogCost: 0 };

  const listed = await listSourceFiles(options.sources, { cwd: options.cwd, s3 });
  for (const problem of listed.problems) issues.add({ kind: 'unreadable-source', file: problem.source, line: null, message: problem.message });
  const totalBytes = listed.files.reduce((sum, file) => sum + file.size, 0);
  const progress: IngestProgress = { records: 0, filesDone: 0, files: listed.files.length, bytesDone: 0, totalBytes };
  const onRecord = (): void => {
    progress.records += 1;
    if (progress.records % 1000 === 0) options.onProgress?.(progress);
  };

  const fetchBody = options.fetchBodies === false ? undefined : createBodyFetcher(s3);
  const resolveModel = createBillingModelResolver(options.pricing.registry);
  const fileIssues = (): number => issues.summary().filter((summary) => summary.kind === 'truncated-gzip' || summary.kind === 'unreadable-file' || summary.kind === 'unsupported-billing-file').reduce((sum, summary) => sum + summary.count, 0);
  const small = (file: (typeof listed.files)[number]): boolean => file.format === 'invocation-log' && file.size <= wholeFileLimit;
  const prefetch = createPrefetcher<(typeof listed.files)[number], LoadedLogText | undefined>(
    listed.files,
    // A file that fails to load here is streamed instead, which reports the error with its line.
    (file) => (small(file) ? loadLogText(file, s3).catch(() => undefined) : Promise.resolve(undefined)),
    { maxItems: 16, maxBytes: 64 * 1024 * 1024, size: (file) => (small(file) ? file.size : 0) },
  );
  for (const [index, file] of listed.files.entries()) {
    const preloaded = await prefetch.take(index);
    if (file.format === 'invocation-log') {
      await ingestLogFile(file, { pricing: options.pricing, hasher, attribute, batch, issues, s3, fetchBody, onRecord, counters }, preloaded);
    } else {
      await ingestBillingFile(file, { pricing: options.pricing, resolveModel, attribute, batch, issues, billing, s3, onRecord, counters });
    }
    progress.filesDone += 1;
    progress.bytesDone += file.size;
    options.onProgress?.(progress);
  }
  await batch.finish();
  client?.destroy();

  const durationMs = Math.max(1, now() - started);
  const { counters: written } = batch;
  return {
    ledger: options.ledger.location,
    files: {
      invocationLogs: listed.files.filter((file) => file.format === 'invocation-log').length,
      billing: listed.files.filter((file) => file.format === 'billing').length,
      unreadable: fileIssues(),
    },
    records: {
      read: counters.read,
      valid: written.valid,
      inserted: written.inserted,
      alreadyInLedger: written.alreadyInLedger,
      replaced: written.replaced,
      skipped: counters.skipped,
    },
    billing: {
      ...billing,
      billedCost: roundMoney(billing.billedCost),
      comparedBilledCost: roundMoney(billing.comparedBilledCost),
      comparedCatalogCost: roundMoney(billing.comparedCatalogCost),
    },
    cost: { ...batch.knownCost(), unpricedRows: written.unpricedRows },
    usage: { first: written.first, last: written.last },
    issues: issues.summary(),
    durationMs: Math.round(durationMs),
    recordsPerSecond: Math.round((counters.read / durationMs) * 1000),
  };
}
