import { InvalidArgumentError } from '../../core/index.js';
import type { ObjectStore } from '../s3/index.js';
import { folderPrefix, parseS3Uri } from './parse-s3-uri.js';
import type { BatchInputFile } from './read-batch-input.js';
import { readOutputUsage } from './read-output-usage.js';
import type { RecordResult } from './run-batch-records.js';
import { seededShuffle } from './seeded-shuffle.js';

export interface BatchManifest {
  totalRecordCount: number;
  processedRecordCount: number;
  successRecordCount: number;
  errorRecordCount: number;
  inputTokenCount: number;
  outputTokenCount: number;
}

export interface WriteBatchOutputOptions {
  store: ObjectStore;
  outputUri: string;
  jobId: string;
  files: readonly BatchInputFile[];
  results: readonly RecordResult[];
  seed: string | number;
}

/**
 * Writes what Bedrock writes under `<outputUri>/<jobId>/`: one `<input file>.out` per input file
 * (a line per processed record: recordId, modelInput, and modelOutput or error) and
 * `manifest.json.out` with the job's record and token counts. Lines are shuffled by the seed.
 */
export async function writeBatchOutput(options: WriteBatchOutputOptions): Promise<BatchManifest> {
  const location = parseS3Uri(options.outputUri);
  if (location === undefined) throw new InvalidArgumentError('outputUri', `${options.outputUri} is not an S3 URI such as s3://bucket/prefix/.`);
  const base = `${folderPrefix(location.key)}${options.jobId}/`;
  const manifest: BatchManifest = {
    totalRecordCount: options.files.reduce((sum, file) => sum + file.records.length, 0),
    processedRecordCount: options.results.length,
    successRecordCount: 0,
    errorRecordCount: 0,
    inputTokenCount: 0,
    outputTokenCount: 0,
  };

  for (const [fileIndex, file] of options.files.entries()) {
    const lines: string[] = [];
    for (const { record, outcome } of options.results.filter((result) => result.fileIndex === fileIndex)) {
      if ('error' in outcome) {
        manifest.errorRecordCount += 1;
        lines.push(JSON.stringify({ recordId: record.recordId, modelInput: record.modelInput, error: outcome.error }));
        continue;
      }
      manifest.successRecordCount += 1;
      const tokens = outcome.usage ?? readOutputUsage(outcome.modelOutput);
      manifest.inputTokenCount += tokens.inputTokens;
      manifest.outputTokenCount += tokens.outputTokens;
      lines.push(JSON.stringify({ recordId: record.recordId, modelInput: record.modelInput, modelOutput: outcome.modelOutput }));
    }
    const body = seededShuffle(lines, options.seed, options.jobId, file.name).map((line) => `${line}\n`).join('');
    await options.store.putObject(location.bucket, `${base}${file.name}.out`, Buffer.from(body, 'utf8'), { contentType: 'application/jsonl' });
  }
  await options.store.putObject(location.bucket, `${base}manifest.json.out`, Buffer.from(JSON.stringify(manifest), 'utf8'), {
    contentType: 'application/json',
  });
  return manifest;
}
