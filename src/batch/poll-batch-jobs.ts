import { GetModelInvocationJobCommand } from '@aws-sdk/client-bedrock';
import { InvalidArgumentError } from '../core/index.js';
import { readBatchPlan, readBatchState, writeBatchState } from './batch-plan-files.js';
import type { BatchPlan } from './batch-plan-schema.js';
import { type BatchState, batchJobStatuses, finalStatuses, type JobState } from './batch-state-schema.js';
import type { BatchClients } from './create-batch-clients.js';
import { mapAwsError } from './map-aws-error.js';

export interface PollBatchJobsOptions {
  dir: string;
  clients: BatchClients;
  now?: () => Date;
}

export interface PolledPlan {
  plan: BatchPlan;
  state: BatchState;
  /** Every planned job has been created and has reached a final status. */
  done: boolean;
}

const iso = (value: Date | undefined): string | undefined => (value === undefined ? undefined : value.toISOString());

/** Reads the plan and its state, failing clearly when the plan was never submitted. */
export async function readSubmittedPlan(dir: string): Promise<{ plan: BatchPlan; state: BatchState }> {
  const plan = await readBatchPlan(dir);
  const state = await readBatchState(dir);
  if (state === undefined || state.jobs.every((job) => job.jobArn === undefined)) {
    throw new InvalidArgumentError('PLAN', `The plan in ${dir} has not been submitted yet. Run \`frugal batch submit ${dir} --bucket ... --role-arn ...\` first.`);
  }
  return { plan, state };
}

/**
 * Asks Bedrock (GetModelInvocationJob) for every submitted job of a plan and records status,
 * message, times and record counts in the state file. Jobs already final are not asked again.
 */
export async function pollBatchJobs(options: PollBatchJobsOptions): Promise<PolledPlan> {
  const { plan, state } = await readSubmittedPlan(options.dir);
  const now = options.now ?? (() => new Date());
  for (const job of state.jobs) {
    if (job.jobArn === undefined || (job.status !== undefined && finalStatuses.has(job.status) && job.counts !== undefined)) continue;
    let response;
    try {
      response = await options.clients.bedrock.send(new GetModelInvocationJobCommand({ jobIdentifier: job.jobArn }));
    } catch (error) {
      throw mapAwsError(error, `Reading batch job ${job.name}`);
    }
    const status = batchJobStatuses.find((known) => known === response.status);
    if (status === undefined) throw new InvalidArgumentError('status', `Bedrock reported an unknown status "${String(response.status)}" for ${job.name}.`);
    const update: Partial<JobState> = {
      status,
      ...(response.message !== undefined && response.message !== '' && { message: response.message }),
      ...(response.submitTime !== undefined && { submitTime: iso(response.submitTime) }),
      ...(response.endTime !== undefined && { endTime: iso(response.endTime) }),
      counts: {
        total: response.totalRecordCount ?? 0,
        processed: response.processedRecordCount ?? 0,
        success: response.successRecordCount ?? 0,
        error: response.errorRecordCount ?? 0,
      },
      checkedAt: now().toISOString(),
    };
    Object.assign(job, update);
  }
  await writeBatchState(options.dir, state);
  const done = plan.jobs.every((planned) => {
    const job = state.jobs.find((candidate) => candidate.index === planned.index);
    return job?.status !== undefined && finalStatuses.has(job.status);
  });
  return { plan, state, done };
}

export interface WaitForBatchJobsOptions extends PollBatchJobsOptions {
  intervalMs: number;
  /** Give up (returning the last poll) after this long; default no limit. */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  onPoll?(polled: PolledPlan): void;
}

/** Polls until every job is final (or the timeout passes). */
export async function waitForBatchJobs(options: WaitForBatchJobsOptions): Promise<PolledPlan> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const started = Date.now();
  for (;;) {
    const polled = await pollBatchJobs(options);
    options.onPoll?.(polled);
    if (polled.done || (options.timeoutMs !== undefined && Date.now() - started >= options.timeoutMs)) return polled;
    await sleep(options.intervalMs);
  }
}
