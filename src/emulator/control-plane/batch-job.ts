/** Every status `ModelInvocationJobStatus` defines, in the order a job can pass through them. */
export const batchJobStatuses = [
  'Submitted',
  'Validating',
  'Scheduled',
  'InProgress',
  'Completed',
  'PartiallyCompleted',
  'Failed',
  'Stopping',
  'Stopped',
  'Expired',
] as const;
export type BatchJobStatus = (typeof batchJobStatuses)[number];

export const terminalStatuses: ReadonlySet<BatchJobStatus> = new Set(['Completed', 'PartiallyCompleted', 'Failed', 'Stopped', 'Expired']);

export const modelInvocationTypes = ['InvokeModel', 'Converse'] as const;
export type ModelInvocationType = (typeof modelInvocationTypes)[number];

export interface BatchRecordCounts {
  total: number;
  processed: number;
  success: number;
  error: number;
}

/** A batch inference job as the control plane keeps it. Times are epoch milliseconds. */
export interface BatchJob {
  jobId: string;
  jobArn: string;
  jobName: string;
  modelId: string;
  roleArn: string;
  clientRequestToken: string | undefined;
  modelInvocationType: ModelInvocationType;
  /** As the client sent them, echoed back by Get and List. */
  inputDataConfig: { s3InputDataConfig: { s3Uri: string; s3InputFormat?: string; s3BucketOwner?: string } };
  outputDataConfig: { s3OutputDataConfig: { s3Uri: string; s3EncryptionKeyId?: string; s3BucketOwner?: string } };
  vpcConfig: { subnetIds: string[]; securityGroupIds: string[] } | undefined;
  tags: { key: string; value: string }[];
  timeoutDurationInHours: number;
  status: BatchJobStatus;
  /** Why the job failed, expired or was only partly processed. */
  message: string | undefined;
  submitTime: number;
  lastModifiedTime: number;
  /** When the job entered its current status; transitions are timed from here. */
  statusSince: number;
  endTime: number | undefined;
  jobExpirationTime: number;
  counts: BatchRecordCounts;
}

/** What running one record through a (simulated) model gave. */
export type BatchRecordOutcome =
  | { modelOutput: unknown; usage?: { inputTokens: number; outputTokens: number } }
  | { error: { errorCode: number; errorMessage: string } };

/**
 * Runs one record's `modelInput` (an InvokeModel body, or a Converse body for Converse jobs)
 * through a model. The emulator wires this to its simulation engine; tests inject their own.
 */
export type ProcessBatchRecord = (modelId: string, modelInput: unknown, invocationType: ModelInvocationType) => Promise<BatchRecordOutcome>;
