import type { ObjectStore } from '../s3/index.js';
import { type BatchJob, type BatchJobStatus, type ProcessBatchRecord, terminalStatuses } from './batch-job.js';
import type { BatchJobTiming } from './batch-job-timing.js';
import { parseS3Uri } from './parse-s3-uri.js';
import { type BatchInputFile, type BatchLimits, type ReadBatchInputResult, readBatchInput } from './read-batch-input.js';
import { type RecordResult, runBatchRecords } from './run-batch-records.js';
import { writeBatchOutput } from './write-batch-output.js';

/** A job plus the work in flight for it, which the wire never shows. */
export interface JobRuntime {
  job: BatchJob;
  /** The create request without its token, to tell a retry from a different request. */
  fingerprint: string;
  limits: BatchLimits;
  modelLabel: string;
  validation?: Promise<ReadBatchInputResult>;
  files?: BatchInputFile[];
  processing?: { controller: AbortController; done: Promise<RecordResult[]>; results?: RecordResult[]; finishedAt?: number };
  /** The advance under way, so concurrent requests wait for it instead of racing it. */
  advancing?: Promise<void>;
}

export interface AdvanceContext {
  store: ObjectStore;
  processRecord: ProcessBatchRecord;
  now: () => number;
  timing: BatchJobTiming;
  seed: string | number;
  recordConcurrency: number;
}

/** Moves a job through as many statuses as its clock and its work allow, one caller at a time. */
export function advanceBatchJob(runtime: JobRuntime, context: AdvanceContext): Promise<void> {
  runtime.advancing ??= step(runtime, context)
    .catch((error: unknown) => {
      // A fault in the emulator itself: fail the job visibly rather than leave it stuck.
      if (!terminalStatuses.has(runtime.job.status)) {
        finish(runtime.job, 'Failed', context.now(), `Internal error in the emulator: ${error instanceof Error ? error.message : String(error)}`);
      }
    })
    .finally(() => {
      runtime.advancing = undefined;
    });
  return runtime.advancing;
}

async function step(runtime: JobRuntime, context: AdvanceContext): Promise<void> {
  const { job } = runtime;
  const { timing } = context;
  for (;;) {
    const now = context.now();
    switch (job.status) {
      case 'Submitted': {
        const due = job.statusSince + timing.submittedMs;
        if (now < due) return;
        enter(job, 'Validating', due);
        runtime.validation = readBatchInput(context.store, job.inputDataConfig.s3InputDataConfig.s3Uri, runtime.limits, runtime.modelLabel);
        continue;
      }
      case 'Validating': {
        const result = await (runtime.validation as Promise<ReadBatchInputResult>);
        const due = job.statusSince + timing.validatingMs;
        if (context.now() < due) return;
        if (!result.ok) return finish(job, 'Failed', due, result.message);
        const output = parseS3Uri(job.outputDataConfig.s3OutputDataConfig.s3Uri);
        if (output === undefined || !(await context.store.hasBucket(output.bucket))) {
          return finish(job, 'Failed', due, `The output bucket "${output?.bucket ?? ''}" does not exist or the service role cannot write to it. Check outputDataConfig.s3OutputDataConfig.s3Uri.`);
        }
        runtime.files = result.files;
        job.counts.total = result.totalRecords;
        enter(job, 'Scheduled', due);
        continue;
      }
      case 'Scheduled': {
        const start = job.statusSince + timing.scheduledMs;
        if (start >= job.jobExpirationTime) {
          if (now < job.jobExpirationTime) return;
          return finish(job, 'Expired', job.jobExpirationTime, `The job was scheduled but did not start within its ${job.timeoutDurationInHours}-hour timeout. Submit a new job.`);
        }
        if (now < start) return;
        enter(job, 'InProgress', start);
        startProcessing(runtime, context);
        continue;
      }
      case 'InProgress': {
        const processing = runtime.processing;
        if (processing === undefined) return;
        const due = job.statusSince + timing.minInProgressMs;
        if (processing.results !== undefined && (now >= due || now >= job.jobExpirationTime)) {
          await writeOutput(runtime, context, processing.results);
          return finish(job, 'Completed', Math.max(due, processing.finishedAt ?? due));
        }
        if (now < job.jobExpirationTime) return;
        processing.controller.abort();
        const partial = await processing.done;
        await writeOutput(runtime, context, partial);
        return finish(
          job,
          'PartiallyCompleted',
          job.jobExpirationTime,
          `The job reached its ${job.timeoutDurationInHours}-hour timeout with ${partial.length} of ${job.counts.total} records processed. The output holds the processed records; submit the rest as a new job.`,
        );
      }
      case 'Stopping': {
        const due = job.statusSince + timing.stoppingMs;
        if (now < due) return;
        if (runtime.processing !== undefined) await writeOutput(runtime, context, await runtime.processing.done);
        return finish(job, 'Stopped', due);
      }
      default:
        return;
    }
  }
}

function startProcessing(runtime: JobRuntime, context: AdvanceContext): void {
  const { job } = runtime;
  const controller = new AbortController();
  const done = runBatchRecords({
    files: runtime.files ?? [],
    modelId: job.modelId,
    invocationType: job.modelInvocationType,
    processRecord: context.processRecord,
    concurrency: context.recordConcurrency,
    signal: controller.signal,
    onResult: ({ outcome }) => {
      job.counts.processed += 1;
      if ('error' in outcome) job.counts.error += 1;
      else job.counts.success += 1;
    },
  });
  const processing: NonNullable<JobRuntime['processing']> = { controller, done };
  runtime.processing = processing;
  void done.then((results) => {
    processing.results = results;
    processing.finishedAt = context.now();
  });
}

async function writeOutput(runtime: JobRuntime, context: AdvanceContext, results: RecordResult[]): Promise<void> {
  if (runtime.files === undefined) return;
  await writeBatchOutput({
    store: context.store,
    outputUri: runtime.job.outputDataConfig.s3OutputDataConfig.s3Uri,
    jobId: runtime.job.jobId,
    files: runtime.files,
    results,
    seed: context.seed,
  });
}

/** Enters a status at `time`: the moment it became due, not when someone looked. */
export function enter(job: BatchJob, status: BatchJobStatus, time: number): void {
  job.status = status;
  job.statusSince = time;
  job.lastModifiedTime = time;
}

function finish(job: BatchJob, status: BatchJobStatus, time: number, message?: string): void {
  enter(job, status, time);
  job.endTime = time;
  if (message !== undefined) job.message = message;
}
