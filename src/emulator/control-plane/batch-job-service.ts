import { z } from 'zod';
import type { ObjectStore } from '../s3/index.js';
import { type AdvanceContext, type JobRuntime, advanceBatchJob, enter } from './advance-batch-job.js';
import { type BatchJob, type ProcessBatchRecord, terminalStatuses } from './batch-job.js';
import { type BatchJobTiming, defaultBatchJobTiming } from './batch-job-timing.js';
import { EmulatorApiError } from '../emulator-api-error.js';
import { createJobIdFactory } from './create-job-id-factory.js';
import { type CreateJobRequest, type ListJobsQuery, createJobRequestSchema, listJobsQuerySchema } from './create-job-request-schema.js';
import { type ResolveBatchModel, batchModelsFromCatalog } from './resolve-batch-model.js';

export interface BatchJobServiceOptions {
  /** Where job input is read and output written: the emulator's S3 store. */
  store: ObjectStore;
  processRecord: ProcessBatchRecord;
  /** Which models accept batch jobs, with their quotas. Default: frugal's pricing catalog. */
  resolveModel?: ResolveBatchModel;
  /**
   * Replaces every model's minimum records per job (100 on Bedrock for most models), so tests
   * and demos can run jobs of a few records. Other quotas still come from `resolveModel`.
   */
  minRecordsPerJob?: number;
  /** Epoch milliseconds. Default: `Date.now`. */
  now?: () => number;
  timing?: Partial<BatchJobTiming>;
  /** Drives job ids and the order of output lines. */
  seed?: string | number;
  region?: string;
  accountId?: string;
  /** Records in flight at once per job. */
  recordConcurrency?: number;
}

export interface ListJobsResult {
  jobs: BatchJob[];
  nextToken: string | undefined;
}

/**
 * Bedrock's batch inference control plane over the emulator's object store. Jobs advance on
 * every call (Get, List, Stop, or `advance()`), each status lasting as long as `timing` says by
 * the injected clock; `startAutoAdvance` adds a timer for servers that must progress unwatched.
 */
export interface BatchJobService {
  create(request: unknown): Promise<BatchJob>;
  get(jobIdentifier: string): Promise<BatchJob>;
  list(query: unknown): Promise<ListJobsResult>;
  stop(jobIdentifier: string): Promise<void>;
  /** Moves every unfinished job as far as the clock and its work allow. */
  advance(): Promise<void>;
  /** Advances jobs every `intervalMs` of real time; returns a function that stops the timer. */
  startAutoAdvance(intervalMs: number): () => void;
  /** Stops timers and abandons running records. */
  close(): void;
}

const jobArnPattern = /^arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:model-invocation-job\/([a-z0-9]{12})$/;

export function createBatchJobService(options: BatchJobServiceOptions): BatchJobService {
  const now = options.now ?? Date.now;
  const seed = options.seed ?? 0;
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '000000000000';
  const resolveModel = options.resolveModel ?? batchModelsFromCatalog();
  const newJobId = createJobIdFactory(seed);
  const context: AdvanceContext = {
    store: options.store,
    processRecord: options.processRecord,
    now,
    timing: { ...defaultBatchJobTiming, ...options.timing },
    seed,
    recordConcurrency: options.recordConcurrency ?? 4,
  };
  const jobs = new Map<string, JobRuntime>();
  const byToken = new Map<string, JobRuntime>();
  const timers = new Set<ReturnType<typeof setInterval>>();

  const advance = async (): Promise<void> => {
    await Promise.all([...jobs.values()].filter((runtime) => !terminalStatuses.has(runtime.job.status)).map((runtime) => advanceBatchJob(runtime, context)));
  };

  const find = async (jobIdentifier: string): Promise<JobRuntime> => {
    const jobId = jobArnPattern.exec(jobIdentifier)?.[2] ?? jobIdentifier;
    const runtime = jobs.get(jobId);
    if (runtime === undefined) {
      throw new EmulatorApiError('ResourceNotFoundException', `The batch inference job ${jobIdentifier} was not found. Check the job ARN (ListModelInvocationJobs lists the jobs).`);
    }
    await advanceBatchJob(runtime, context);
    return runtime;
  };

  return {
    async create(body) {
      const request = parseOrThrow(createJobRequestSchema, body);
      const { clientRequestToken, ...rest } = request;
      const fingerprint = JSON.stringify(rest);
      const retried = clientRequestToken === undefined ? undefined : byToken.get(clientRequestToken);
      if (retried !== undefined) {
        // Same token, same request: Bedrock ignores the repeat and answers with the first job.
        if (retried.fingerprint === fingerprint) return retried.job;
        throw new EmulatorApiError('ConflictException', `The clientRequestToken was already used for job ${retried.job.jobArn} with different parameters. Use a new token for a new job.`);
      }
      if ([...jobs.values()].some((runtime) => runtime.job.jobName === request.jobName)) {
        throw new EmulatorApiError('ConflictException', `A batch inference job named "${request.jobName}" already exists. Job names must be unique; choose another name.`);
      }
      const model = resolveModel(request.modelId);
      if (!model.ok) throw new EmulatorApiError('ValidationException', model.message);

      const jobId = uniqueId(newJobId, jobs);
      const runtime: JobRuntime = {
        job: newJob(request, jobId, `arn:aws:bedrock:${region}:${accountId}:model-invocation-job/${jobId}`, now()),
        fingerprint,
        limits: { ...model.limits, ...(options.minRecordsPerJob !== undefined && { minRecordsPerJob: options.minRecordsPerJob }) },
        modelLabel: model.label,
      };
      jobs.set(jobId, runtime);
      if (clientRequestToken !== undefined) byToken.set(clientRequestToken, runtime);
      return runtime.job;
    },

    async get(jobIdentifier) {
      return (await find(jobIdentifier)).job;
    },

    async list(rawQuery) {
      const query = parseOrThrow(listJobsQuerySchema, rawQuery);
      await advance();
      const matching = [...jobs.values()].map((runtime) => runtime.job).filter((job) => matches(job, query));
      const direction = query.sortOrder === 'Ascending' ? 1 : -1;
      matching.sort((left, right) => direction * (left.submitTime - right.submitTime || left.jobId.localeCompare(right.jobId)));
      const offset = query.nextToken === undefined ? 0 : decodeNextToken(query.nextToken);
      const pageSize = query.maxResults ?? 1000;
      const page = matching.slice(offset, offset + pageSize);
      const nextToken = offset + pageSize < matching.length ? encodeNextToken(offset + pageSize) : undefined;
      return { jobs: page, nextToken };
    },

    async stop(jobIdentifier) {
      const runtime = await find(jobIdentifier);
      const { job } = runtime;
      if (job.status === 'Stopping') return;
      if (terminalStatuses.has(job.status)) {
        throw new EmulatorApiError('ValidationException', `The batch inference job ${job.jobArn} is ${job.status} and can no longer be stopped.`);
      }
      runtime.processing?.controller.abort();
      enter(job, 'Stopping', now());
      await advanceBatchJob(runtime, context);
    },

    advance,

    startAutoAdvance(intervalMs) {
      const timer = setInterval(() => void advance(), intervalMs);
      // Never keep a process alive just to move emulated jobs along.
      timer.unref();
      timers.add(timer);
      return () => {
        clearInterval(timer);
        timers.delete(timer);
      };
    },

    close() {
      for (const timer of timers) clearInterval(timer);
      timers.clear();
      for (const runtime of jobs.values()) runtime.processing?.controller.abort();
    },
  };
}

function newJob(request: CreateJobRequest, jobId: string, jobArn: string, submitTime: number): BatchJob {
  const timeoutDurationInHours = request.timeoutDurationInHours ?? 24;
  return {
    jobId,
    jobArn,
    jobName: request.jobName,
    modelId: request.modelId,
    roleArn: request.roleArn,
    clientRequestToken: request.clientRequestToken,
    modelInvocationType: request.modelInvocationType ?? 'InvokeModel',
    inputDataConfig: request.inputDataConfig,
    outputDataConfig: request.outputDataConfig,
    vpcConfig: request.vpcConfig,
    tags: request.tags ?? [],
    timeoutDurationInHours,
    status: 'Submitted',
    message: undefined,
    submitTime,
    lastModifiedTime: submitTime,
    statusSince: submitTime,
    endTime: undefined,
    jobExpirationTime: submitTime + timeoutDurationInHours * 3_600_000,
    counts: { total: 0, processed: 0, success: 0, error: 0 },
  };
}

function uniqueId(newJobId: () => string, jobs: ReadonlyMap<string, unknown>): string {
  let jobId = newJobId();
  while (jobs.has(jobId)) jobId = newJobId();
  return jobId;
}

function matches(job: BatchJob, query: ListJobsQuery): boolean {
  if (query.statusEquals !== undefined && job.status !== query.statusEquals) return false;
  if (query.nameContains !== undefined && !job.jobName.includes(query.nameContains)) return false;
  if (query.submitTimeAfter !== undefined && job.submitTime <= Date.parse(query.submitTimeAfter)) return false;
  if (query.submitTimeBefore !== undefined && job.submitTime >= Date.parse(query.submitTimeBefore)) return false;
  return true;
}

// Page tokens are opaque to clients; ours carry the offset of the next page.
const encodeNextToken = (offset: number): string => Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64url');

function decodeNextToken(token: string): number {
  const parsed = z.object({ offset: z.number().int().nonnegative() }).safeParse(safeJson(Buffer.from(token, 'base64url').toString('utf8')));
  if (!parsed.success) throw new EmulatorApiError('ValidationException', 'The nextToken is not valid. Pass the nextToken of the previous page unchanged.');
  return parsed.data.offset;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Validates a request as Bedrock does, with its "N validation errors detected" message. */
function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `Value at '${issue.path.join('.') || 'body'}' failed to satisfy constraint: ${issue.message}`);
  const count = issues.length === 1 ? '1 validation error detected' : `${issues.length} validation errors detected`;
  throw new EmulatorApiError('ValidationException', `${count}: ${issues.join('; ')}`);
}
