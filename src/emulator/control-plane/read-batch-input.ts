import { createHash } from 'node:crypto';
import type { ObjectStore } from '../s3/index.js';
import { folderPrefix, parseS3Uri } from './parse-s3-uri.js';

export interface BatchInputRecord {
  recordId: string;
  modelInput: unknown;
}

export interface BatchInputFile {
  key: string;
  /** Path below the input folder; the output file is `<name>.out`. */
  name: string;
  records: BatchInputRecord[];
}

/** The model's batch quotas (from the pricing catalog, or overridden for tests and demos). */
export interface BatchLimits {
  minRecordsPerJob?: number | undefined;
  maxRecordsPerJob?: number | undefined;
  maxRecordsPerFile?: number | undefined;
  maxFileSizeBytes?: number | undefined;
  maxJobSizeBytes?: number | undefined;
}

export type ReadBatchInputResult = { ok: true; files: BatchInputFile[]; totalRecords: number } | { ok: false; message: string };

/**
 * The checks Bedrock runs while a job is Validating: the input location holds `.jsonl` files,
 * every line is a JSON object with a `modelInput` object, and the files and record counts fit
 * the model's quotas. Whether `modelInput` suits the model is not checked here (Bedrock does not
 * either); such records fail one by one while the job runs.
 */
export async function readBatchInput(store: ObjectStore, inputUri: string, limits: BatchLimits, modelLabel: string): Promise<ReadBatchInputResult> {
  const location = parseS3Uri(inputUri);
  if (location === undefined) return fail(`The input location ${inputUri} is not an S3 URI.`);
  if (!(await store.hasBucket(location.bucket))) {
    return fail(`The input bucket "${location.bucket}" does not exist or the service role cannot read it. Check inputDataConfig.s3InputDataConfig.s3Uri.`);
  }

  const single = location.key !== '' && !location.key.endsWith('/') ? await store.headObject(location.bucket, location.key) : undefined;
  const prefix = single === undefined ? folderPrefix(location.key) : location.key.slice(0, location.key.lastIndexOf('/') + 1);
  const objects = single !== undefined ? [single] : await store.listObjects(location.bucket, prefix);
  const inputs = objects.filter((object) => object.key.endsWith('.jsonl'));
  if (inputs.length === 0) {
    return fail(
      single !== undefined
        ? `The input file ${inputUri} is not a .jsonl file. Batch input must be JSON Lines files with the .jsonl extension.`
        : `No .jsonl files were found under ${inputUri}. Upload the records as .jsonl files below that prefix, or point the job at the right prefix.`,
    );
  }

  const files: BatchInputFile[] = [];
  let totalRecords = 0;
  let totalBytes = 0;
  for (const info of inputs) {
    const fileUri = `s3://${location.bucket}/${info.key}`;
    if (limits.maxFileSizeBytes !== undefined && info.size > limits.maxFileSizeBytes) {
      return fail(`The input file ${fileUri} is ${info.size} bytes, over the ${limits.maxFileSizeBytes}-byte limit per file for ${modelLabel}. Split it into smaller files.`);
    }
    totalBytes += info.size;
    const object = await store.getObject(location.bucket, info.key);
    if (object === undefined) return fail(`The input file ${fileUri} disappeared during validation. Submit the job again.`);
    const parsed = parseJsonl(Buffer.from(object.body).toString('utf8'), fileUri);
    if (!parsed.ok) return parsed;
    if (limits.maxRecordsPerFile !== undefined && parsed.records.length > limits.maxRecordsPerFile) {
      return fail(`The input file ${fileUri} has ${parsed.records.length} records, over the limit of ${limits.maxRecordsPerFile} records per file for ${modelLabel}. Split it into smaller files.`);
    }
    totalRecords += parsed.records.length;
    files.push({ key: info.key, name: info.key.slice(prefix.length), records: parsed.records });
  }

  if (limits.maxJobSizeBytes !== undefined && totalBytes > limits.maxJobSizeBytes) {
    return fail(`The job's input is ${totalBytes} bytes, over the ${limits.maxJobSizeBytes}-byte limit per job for ${modelLabel}. Split it into several jobs.`);
  }
  if (limits.minRecordsPerJob !== undefined && totalRecords < limits.minRecordsPerJob) {
    return fail(
      `The job has ${totalRecords} records, fewer than the minimum of ${limits.minRecordsPerJob} records per batch inference job for ${modelLabel}. Add records, merge small jobs, or send them on demand.`,
    );
  }
  if (limits.maxRecordsPerJob !== undefined && totalRecords > limits.maxRecordsPerJob) {
    return fail(`The job has ${totalRecords} records, over the limit of ${limits.maxRecordsPerJob} records per batch inference job for ${modelLabel}. Split it into several jobs.`);
  }
  return { ok: true, files, totalRecords };
}

const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });

function parseJsonl(text: string, fileUri: string): { ok: true; records: BatchInputRecord[] } | { ok: false; message: string } {
  const records: BatchInputRecord[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = (lines[index] ?? '').replace(/\r$/, '');
    if (line.trim() === '') continue;
    const where = `Line ${index + 1} of ${fileUri}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      return fail(`${where} is not valid JSON (${error instanceof Error ? error.message : String(error)}). Each line must be one JSON object.`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(`${where} is not a JSON object. Each line must be {"recordId": ..., "modelInput": {...}}.`);
    const { recordId, modelInput } = value as { recordId?: unknown; modelInput?: unknown };
    if (typeof modelInput !== 'object' || modelInput === null || Array.isArray(modelInput)) {
      return fail(`${where} has no "modelInput" object. Each line must be {"recordId": ..., "modelInput": {...}}.`);
    }
    if (recordId !== undefined && typeof recordId !== 'string') return fail(`${where} has a "recordId" that is not a string.`);
    // Bedrock adds an id where the record has none; ours is derived from the position, so reruns match.
    records.push({ recordId: recordId ?? generatedRecordId(fileUri, index + 1), modelInput });
  }
  return { ok: true, records };
}

function generatedRecordId(fileUri: string, line: number): string {
  const digest = createHash('sha256').update(`${fileUri}\u0000${line}`).digest();
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return Array.from(digest.subarray(0, 11), (byte) => alphabet[byte % alphabet.length]).join('');
}
