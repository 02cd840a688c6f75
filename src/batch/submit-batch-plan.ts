import { CreateModelInvocationJobCommand, ListModelInvocationJobsCommand } from '@aws-sdk/client-bedrock';
import { CreateBucketCommand, HeadBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { InvalidArgumentError } from '../core/index.js';
import { readBatchPlan, readBatchState, readJobFile, writeBatchState } from './batch-plan-files.js';
import type { BatchPlan, PlannedJob } from './batch-plan-schema.js';
import type { BatchState, JobState } from './batch-state-schema.js';
import type { BatchClients } from './create-batch-clients.js';
import { mapAwsError } from './map-aws-error.js';

export interface SubmitBatchPlanOptions {
  dir: string;
  clients: BatchClients;
  bucket: string;
  prefix?: string;
  roleArn: string;
  region: string;
  endpoint?: string;
  s3Endpoint?: string;
  /** Bedrock's job timeout, 24 to 168 hours (Bedrock's default 24 when unset). */
  timeoutHours?: number;
  /** Create the bucket when it does not exist (handy against frugal emulator). */
  createBucket?: boolean;
  now?: () => Date;
  onEvent?(event: SubmitEvent): void;
}

export type SubmitEvent =
  | { type: 'uploaded'; job: string; file: string; uri: string }
  | { type: 'created'; job: string; jobArn: string }
  | { type: 'adopted'; job: string; jobArn: string }
  | { type: 'skipped'; job: string; jobArn: string };

export interface SubmitResult {
  plan: BatchPlan;
  state: BatchState;
  created: number;
  /** Jobs the state already knew: never created twice. */
  alreadySubmitted: number;
  /** Jobs created by an earlier, interrupted run and found again by name. */
  adopted: number;
}

const trimSlashes = (value: string): string => value.replace(/^\/+|\/+$/g, '');

/** `s3://bucket/prefix/<planId>/<job>/input/` and `.../output/`: one folder per job, so each job reads only its own files. */
function jobLocations(bucket: string, prefix: string, plan: BatchPlan, job: PlannedJob): { inputKey: string; inputUri: string; outputUri: string } {
  const base = [trimSlashes(prefix), plan.planId, job.name].filter((part) => part !== '').join('/');
  return { inputKey: `${base}/input/`, inputUri: `s3://${bucket}/${base}/input/`, outputUri: `s3://${bucket}/${base}/output/` };
}

function checkSameDestination(state: BatchState, options: SubmitBatchPlanOptions): void {
  const { submission } = state;
  const prefix = trimSlashes(options.prefix ?? '');
  const differs = [
    submission.bucket !== options.bucket && `--bucket ${submission.bucket}`,
    submission.prefix !== prefix && `--prefix ${submission.prefix || '""'}`,
    submission.roleArn !== options.roleArn && `--role-arn ${submission.roleArn}`,
  ].filter((part): part is string => typeof part === 'string');
  if (differs.length > 0 && state.jobs.some((job) => job.jobArn !== undefined)) {
    throw new InvalidArgumentError('--bucket', `This plan was already submitted with ${differs.join(', ')}. Re-run submit with the same settings to finish it, or make a new plan for another destination.`);
  }
}

async function ensureBucket(options: SubmitBatchPlanOptions): Promise<void> {
  const { s3 } = options.clients;
  try {
    await s3.send(new HeadBucketCommand({ Bucket: options.bucket }));
    return;
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status !== 404 && (error as Error).name !== 'NotFound' && (error as Error).name !== 'NoSuchBucket') throw mapAwsError(error, `Checking bucket ${options.bucket}`);
  }
  if (options.createBucket !== true) {
    throw new InvalidArgumentError('--bucket', `The bucket ${options.bucket} does not exist. Create it (aws s3 mb s3://${options.bucket}), or pass --create-bucket.`);
  }
  try {
    await s3.send(new CreateBucketCommand({ Bucket: options.bucket }));
  } catch (error) {
    if ((error as Error).name !== 'BucketAlreadyOwnedByYou') throw mapAwsError(error, `Creating bucket ${options.bucket}`);
  }
}

/** A job an interrupted run created (the answer never reached us): found by its unique name. */
async function findJobByName(options: SubmitBatchPlanOptions, name: string): Promise<{ jobArn: string; inputUri: string | undefined } | undefined> {
  let nextToken: string | undefined;
  do {
    const page = await options.clients.bedrock.send(new ListModelInvocationJobsCommand({ nameContains: name, ...(nextToken !== undefined && { nextToken }) }));
    const match = page.invocationJobSummaries?.find((summary) => summary.jobName === name);
    if (match?.jobArn !== undefined) return { jobArn: match.jobArn, inputUri: match.inputDataConfig?.s3InputDataConfig?.s3Uri };
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return undefined;
}

/**
 * Uploads a plan's input files to S3 and creates one batch inference job per planned job,
 * recording every step in the plan's state file as it happens. Safe to re-run after any
 * interruption: jobs the state knows are skipped; a job whose create reached Bedrock but was not
 * recorded is not created twice — the same clientRequestToken makes Bedrock return the first job,
 * and a job name already taken (names are unique per account) is looked up and adopted.
 */
export async function submitBatchPlan(options: SubmitBatchPlanOptions): Promise<SubmitResult> {
  const plan = await readBatchPlan(options.dir);
  const now = options.now ?? (() => new Date());
  const prefix = trimSlashes(options.prefix ?? '');
  const existing = await readBatchState(options.dir);
  if (existing !== undefined) checkSameDestination(existing, options);
  const state: BatchState = existing ?? {
    version: 1,
    planId: plan.planId,
    submission: {
      bucket: options.bucket,
      prefix,
      region: options.region,
      ...(options.endpoint !== undefined && { endpoint: options.endpoint }),
      ...(options.s3Endpoint !== undefined && { s3Endpoint: options.s3Endpoint }),
      roleArn: options.roleArn,
      ...(options.timeoutHours !== undefined && { timeoutHours: options.timeoutHours }),
    },
    jobs: [],
  };
  const save = () => writeBatchState(options.dir, state);
  await ensureBucket(options);

  const result = { created: 0, alreadySubmitted: 0, adopted: 0 };
  for (const job of plan.jobs) {
    const { inputKey, inputUri, outputUri } = jobLocations(state.submission.bucket, state.submission.prefix, plan, job);
    let jobState: JobState | undefined = state.jobs.find((candidate) => candidate.index === job.index);
    if (jobState === undefined) {
      jobState = { index: job.index, name: job.name, inputUri, outputUri, clientRequestToken: job.name, uploaded: [] };
      state.jobs.push(jobState);
      state.jobs.sort((left, right) => left.index - right.index);
      await save();
    }
    if (jobState.jobArn !== undefined) {
      result.alreadySubmitted += 1;
      options.onEvent?.({ type: 'skipped', job: job.name, jobArn: jobState.jobArn });
      continue;
    }
    for (const file of job.files) {
      if (jobState.uploaded.includes(file.name)) continue;
      const body = await readJobFile(options.dir, job, file.name);
      const key = `${inputKey}${file.name}`;
      try {
        await options.clients.s3.send(new PutObjectCommand({ Bucket: state.submission.bucket, Key: key, Body: body, ContentType: 'application/jsonl' }));
      } catch (error) {
        throw mapAwsError(error, `Uploading s3://${state.submission.bucket}/${key}`, 'Re-run submit to continue.');
      }
      jobState.uploaded.push(file.name);
      await save();
      options.onEvent?.({ type: 'uploaded', job: job.name, file: file.name, uri: `s3://${state.submission.bucket}/${key}` });
    }

    let jobArn: string | undefined;
    try {
      const response = await options.clients.bedrock.send(
        new CreateModelInvocationJobCommand({
          jobName: job.name,
          roleArn: state.submission.roleArn,
          modelId: plan.model.id,
          clientRequestToken: jobState.clientRequestToken,
          inputDataConfig: { s3InputDataConfig: { s3Uri: jobState.inputUri, s3InputFormat: 'JSONL' } },
          outputDataConfig: { s3OutputDataConfig: { s3Uri: jobState.outputUri } },
          modelInvocationType: plan.invocationType,
          ...(state.submission.timeoutHours !== undefined && { timeoutDurationInHours: state.submission.timeoutHours }),
        }),
      );
      jobArn = response.jobArn;
      if (jobArn !== undefined) {
        result.created += 1;
        options.onEvent?.({ type: 'created', job: job.name, jobArn });
      }
    } catch (error) {
      if ((error as Error).name !== 'ConflictException') throw mapAwsError(error, `Creating batch job ${job.name}`, 'Fix the cause and re-run submit; jobs already created are kept.');
      const found = await findJobByName(options, job.name).catch((lookup: unknown) => {
        throw mapAwsError(lookup, `Looking up batch job ${job.name}`);
      });
      if (found === undefined) throw mapAwsError(error, `Creating batch job ${job.name}`);
      if (found.inputUri !== undefined && found.inputUri !== jobState.inputUri) {
        throw new InvalidArgumentError('PLAN', `A batch job named ${job.name} already exists for other input (${found.inputUri}). This plan's id is not unique in the account; make a new plan.`);
      }
      jobArn = found.jobArn;
      result.adopted += 1;
      options.onEvent?.({ type: 'adopted', job: job.name, jobArn });
    }
    if (jobArn === undefined) throw new Error(`CreateModelInvocationJob for ${job.name} returned no jobArn`);
    jobState.jobArn = jobArn;
    jobState.status = 'Submitted';
    jobState.submitTime = now().toISOString();
    await save();
  }
  return { plan, state, ...result };
}
