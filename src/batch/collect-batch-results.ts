import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { type Cost, ParseError, type UsageRow } from '../core/index.js';
import type { Ledger } from '../ledger/index.js';
import { type PricingCatalog, priceUsage } from '../pricing/index.js';
import { estimateTokens } from '../cache/index.js';
import { readRecordIndex, writeBatchState } from './batch-plan-files.js';
import type { BatchPlan, RecordIndexLine } from './batch-plan-schema.js';
import { type BatchState, finalStatuses, type JobState, statusesWithOutput } from './batch-state-schema.js';
import { convertBatchRecordToUsageRow } from './convert-batch-record-to-usage-row.js';
import type { BatchClients } from './create-batch-clients.js';
import { mapAwsError } from './map-aws-error.js';
import { pollBatchJobs } from './poll-batch-jobs.js';
import { type BatchManifest, type BatchOutputLine, batchManifestSchema, batchOutputLineSchema, readRecordOutput } from './read-batch-output-line.js';

/** `pending`: its job has not finished yet; `not-processed`: the job ended without reaching it (failed, expired, stopped, out of time). */
export type RecordStatus = 'succeeded' | 'failed' | 'not-processed' | 'pending';

export interface BatchResult {
  id: string;
  recordId: string;
  job: string;
  status: RecordStatus;
  output: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  /** USD at the batch price. */
  cost: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  source: string | null;
}

export interface CollectBatchResultsOptions {
  dir: string;
  clients: BatchClients;
  catalog: PricingCatalog;
  /** Where usage rows go; none when undefined. */
  ledger?: Ledger;
  /** Recorded in the state file. */
  resultsFile: string;
  now?: () => Date;
}

export interface CollectResult {
  plan: BatchPlan;
  state: BatchState;
  results: BatchResult[];
  counts: Record<RecordStatus, number>;
  /** The collected records at the batch price, and what the same tokens would cost on demand. */
  batchCost: Cost;
  onDemandCost: Cost;
  ledger: { location: string; inserted: number; alreadyThere: number } | null;
  manifests: { job: string; manifest: BatchManifest }[];
  warnings: string[];
}

function splitS3Uri(uri: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (match === null) throw new ParseError(`not an S3 URI: ${uri}`);
  return { bucket: match[1] ?? '', key: match[2] ?? '' };
}

async function readObject(clients: BatchClients, bucket: string, key: string): Promise<string> {
  try {
    const response = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await response.Body?.transformToString('utf8')) ?? '';
  } catch (error) {
    throw mapAwsError(error, `Downloading s3://${bucket}/${key}`);
  }
}

async function listKeys(clients: BatchClients, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    let page;
    try {
      page = await clients.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token !== undefined && { ContinuationToken: token }) }));
    } catch (error) {
      throw mapAwsError(error, `Listing s3://${bucket}/${prefix}`);
    }
    for (const object of page.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key);
    token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return keys;
}

interface JobOutput {
  lines: Map<string, { line: BatchOutputLine; uri: string; number: number }>;
  manifest: BatchManifest | undefined;
}

/** Downloads `<output>/<jobId>/*.jsonl.out` and `manifest.json.out`; lines are keyed by recordId, since Bedrock does not keep input order. */
async function downloadJobOutput(clients: BatchClients, job: JobState, warnings: string[]): Promise<JobOutput> {
  const jobId = job.jobArn?.split('/').pop() ?? '';
  const { bucket, key } = splitS3Uri(job.outputUri);
  const prefix = `${key.replace(/\/?$/, '/')}${jobId}/`;
  const keys = await listKeys(clients, bucket, prefix);
  const lines: JobOutput['lines'] = new Map();
  let manifest: BatchManifest | undefined;
  for (const objectKey of keys) {
    const uri = `s3://${bucket}/${objectKey}`;
    if (objectKey.endsWith('manifest.json.out')) {
      let value: unknown;
      try {
        value = JSON.parse(await readObject(clients, bucket, objectKey)) as unknown;
      } catch {
        value = undefined;
      }
      const parsed = batchManifestSchema.safeParse(value);
      if (parsed.success) manifest = parsed.data;
      else warnings.push(`${uri} is not a readable manifest; record counts come from the output lines only.`);
      continue;
    }
    if (!objectKey.endsWith('.jsonl.out')) continue;
    const text = await readObject(clients, bucket, objectKey);
    text.split('\n').forEach((raw, index) => {
      if (raw.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(raw) as unknown;
      } catch {
        warnings.push(`${uri} line ${index + 1} is not JSON; skipped.`);
        return;
      }
      const parsed = batchOutputLineSchema.safeParse(value);
      if (!parsed.success) warnings.push(`${uri} line ${index + 1} has no recordId; skipped.`);
      else lines.set(parsed.data.recordId, { line: parsed.data, uri, number: index + 1 });
    });
  }
  return { lines, manifest };
}

const emptyCounts = (): Record<RecordStatus, number> => ({ succeeded: 0, failed: 0, 'not-processed': 0, pending: 0 });

/**
 * Collects a plan's results: refreshes job statuses, downloads the output of every finished job,
 * joins output lines to the plan's records by recordId, reports failed records with their error,
 * prices each successful record at the batch rate and writes it to the ledger (idempotent: the
 * same record is never inserted twice, so collect can run again, e.g. after more jobs finish).
 */
export async function collectBatchResults(options: CollectBatchResultsOptions): Promise<CollectResult> {
  const { plan, state } = await pollBatchJobs(options);
  const now = options.now ?? (() => new Date());
  const index = await readRecordIndex(options.dir);
  const warnings: string[] = [];
  const results: BatchResult[] = [];
  const rows: UsageRow[] = [];
  const manifests: CollectResult['manifests'] = [];
  const counts = emptyCounts();

  for (const planned of plan.jobs) {
    const job = state.jobs.find((candidate) => candidate.index === planned.index);
    const records: RecordIndexLine[] = index.filter((record) => record.job === planned.index);
    const base = (record: RecordIndexLine): Omit<BatchResult, 'status'> => ({
      id: record.itemId, recordId: record.recordId, job: planned.name, output: null, inputTokens: null, outputTokens: null, cost: null, errorCode: null, errorMessage: null, source: record.source,
    });
    if (job?.jobArn === undefined || job.status === undefined || !finalStatuses.has(job.status)) {
      for (const record of records) results.push({ ...base(record), status: 'pending' });
      counts.pending += records.length;
      continue;
    }
    if (!statusesWithOutput.has(job.status)) {
      for (const record of records) results.push({ ...base(record), status: 'not-processed', errorMessage: `job ${job.status}${job.message === undefined ? '' : `: ${job.message}`}` });
      counts['not-processed'] += records.length;
      continue;
    }
    const output = await downloadJobOutput(options.clients, job, warnings);
    if (output.manifest !== undefined) manifests.push({ job: planned.name, manifest: output.manifest });
    const time = job.endTime ?? now().toISOString();
    for (const record of records) {
      const found = output.lines.get(record.recordId);
      output.lines.delete(record.recordId);
      if (found === undefined) {
        results.push({ ...base(record), status: 'not-processed', errorMessage: `no output line (job ${job.status}${job.message === undefined ? '' : `: ${job.message}`})` });
        counts['not-processed'] += 1;
        continue;
      }
      const { line } = found;
      if (line.error !== undefined || line.modelOutput === undefined) {
        results.push({ ...base(record), status: 'failed', errorCode: line.error?.errorCode === undefined ? null : String(line.error.errorCode), errorMessage: line.error?.errorMessage ?? 'no modelOutput and no error in the output line' });
        counts.failed += 1;
        continue;
      }
      const read = readRecordOutput(line.modelOutput, plan.bodyFormat);
      if (read === undefined) warnings.push(`${found.uri} line ${found.number}: the modelOutput is not a ${plan.bodyFormat} response; tokens estimated.`);
      const text = read?.text ?? '';
      const estimated = read === undefined || read.inputTokens === null || read.outputTokens === null;
      const inputTokens = read?.inputTokens ?? record.inputTokens;
      const outputTokens = read?.outputTokens ?? estimateTokens(text);
      const row = convertBatchRecordToUsageRow(
        { plan, job, record, modelInput: line.modelInput, inputTokens, outputTokens, estimated, stopReason: read?.stopReason ?? null, responseText: text, outputUri: found.uri, outputLine: found.number, time },
        options.catalog,
      );
      rows.push(row);
      results.push({ ...base(record), status: 'succeeded', output: text, inputTokens, outputTokens, cost: row.cost });
      counts.succeeded += 1;
    }
    if (output.lines.size > 0) warnings.push(`${planned.name}: ${output.lines.size} output line(s) with recordIds this plan does not have (${[...output.lines.keys()].slice(0, 3).join(', ')}); ignored.`);
  }

  const sum = (bucket: 'inputTokens' | 'outputTokens'): number => rows.reduce((total, row) => total + row[bucket], 0);
  const price = (mode: 'batch' | 'on-demand'): Cost => priceUsage({ model: plan.model.id, region: plan.model.region, mode, inputTokens: sum('inputTokens'), outputTokens: sum('outputTokens') }, options.catalog);
  let ledger: CollectResult['ledger'] = null;
  if (options.ledger !== undefined) {
    const inserted = rows.length === 0 ? { inserted: 0, ignored: 0 } : await options.ledger.insertRows(rows, { onConflict: 'ignore' });
    ledger = { location: options.ledger.location, inserted: inserted.inserted, alreadyThere: inserted.ignored };
  }
  state.lastCollection = {
    at: now().toISOString(),
    resultsFile: options.resultsFile,
    succeeded: counts.succeeded,
    failed: counts.failed,
    notProcessed: counts['not-processed'],
    failedRecordIds: results.filter((result) => result.status === 'failed').map((result) => result.recordId),
    notProcessedRecordIds: results.filter((result) => result.status === 'not-processed').map((result) => result.recordId),
    ledger,
  };
  await writeBatchState(options.dir, state);
  return { plan, state, results, counts, batchCost: price('batch'), onDemandCost: price('on-demand'), ledger, manifests, warnings };
}
