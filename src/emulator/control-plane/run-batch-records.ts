import type { BatchRecordOutcome, ModelInvocationType, ProcessBatchRecord } from './batch-job.js';
import type { BatchInputFile, BatchInputRecord } from './read-batch-input.js';

export interface RecordResult {
  /** Position in the job's input, so results can be put back in input order whatever finished first. */
  position: number;
  fileIndex: number;
  record: BatchInputRecord;
  outcome: BatchRecordOutcome;
}

export interface RunBatchRecordsOptions {
  files: readonly BatchInputFile[];
  modelId: string;
  invocationType: ModelInvocationType;
  processRecord: ProcessBatchRecord;
  /** Records in flight at once. */
  concurrency: number;
  /** Stop taking new records (Stop, or the job's timeout); records already running finish. */
  signal: AbortSignal;
  onResult(result: RecordResult): void;
}

/**
 * Runs every record through the model, a few at a time, and reports each result as it lands
 * so the job's counts move while it is InProgress. A record whose processing throws becomes an
 * errorCode 500 line instead of failing the job, as one bad record does not fail a Bedrock job.
 */
export async function runBatchRecords(options: RunBatchRecordsOptions): Promise<RecordResult[]> {
  const queue = options.files.flatMap((file, fileIndex) => file.records.map((record) => ({ fileIndex, record })));
  const positioned = queue.map((item, position) => ({ ...item, position }));
  const results: RecordResult[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (!options.signal.aborted && next < queue.length) {
      const item = positioned[next] as (typeof positioned)[number];
      next += 1;
      const outcome = await options
        .processRecord(options.modelId, item.record.modelInput, options.invocationType)
        .catch((error: unknown): BatchRecordOutcome => ({
          error: { errorCode: 500, errorMessage: `Internal error while processing the record: ${error instanceof Error ? error.message : String(error)}` },
        }));
      const result = { ...item, outcome };
      results.push(result);
      options.onResult(result);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, queue.length)) }, worker));
  return results.sort((left, right) => left.position - right.position);
}
