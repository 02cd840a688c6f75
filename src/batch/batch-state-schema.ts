import { z } from 'zod';

/** Every status Bedrock's ModelInvocationJobStatus defines. */
export const batchJobStatuses = ['Submitted', 'Validating', 'Scheduled', 'InProgress', 'Completed', 'PartiallyCompleted', 'Failed', 'Stopping', 'Stopped', 'Expired'] as const;
export type BatchJobStatus = (typeof batchJobStatuses)[number];
/** No further change will happen; output (if any) is final. */
export const finalStatuses: ReadonlySet<BatchJobStatus> = new Set(['Completed', 'PartiallyCompleted', 'Failed', 'Stopped', 'Expired']);
/** Final statuses after which Bedrock has written output for the records it processed. */
export const statusesWithOutput: ReadonlySet<BatchJobStatus> = new Set(['Completed', 'PartiallyCompleted', 'Stopped']);

const count = z.number().int().nonnegative();
const time = z.iso.datetime({ offset: true });

export const jobStateSchema = z.strictObject({
  index: z.number().int().positive(),
  name: z.string(),
  inputUri: z.string(),
  outputUri: z.string(),
  /** Same token on every attempt, so a create that reached Bedrock but whose answer was lost is not repeated. */
  clientRequestToken: z.string(),
  /** Files already in S3 (PutObject is idempotent, so an interrupted upload just uploads again). */
  uploaded: z.array(z.string()),
  jobArn: z.string().optional(),
  status: z.enum(batchJobStatuses).optional(),
  message: z.string().optional(),
  submitTime: time.optional(),
  endTime: time.optional(),
  counts: z.strictObject({ total: count, processed: count, success: count, error: count }).optional(),
  checkedAt: time.optional(),
});
export type JobState = z.output<typeof jobStateSchema>;

export const collectionSchema = z.strictObject({
  at: time,
  resultsFile: z.string(),
  succeeded: count,
  failed: count,
  notProcessed: count,
  /** Record ids to re-plan with `frugal batch plan --retry-failed`. */
  failedRecordIds: z.array(z.string()),
  notProcessedRecordIds: z.array(z.string()),
  ledger: z.strictObject({ location: z.string(), inserted: count, alreadyThere: count }).nullable(),
});
export type Collection = z.output<typeof collectionSchema>;

export const batchStateSchema = z.strictObject({
  version: z.literal(1),
  planId: z.string(),
  submission: z.strictObject({
    bucket: z.string(),
    prefix: z.string(),
    region: z.string(),
    endpoint: z.string().optional(),
    s3Endpoint: z.string().optional(),
    roleArn: z.string(),
    timeoutHours: z.number().int().positive().optional(),
  }),
  jobs: z.array(jobStateSchema),
  lastCollection: collectionSchema.optional(),
});
export type BatchState = z.output<typeof batchStateSchema>;
