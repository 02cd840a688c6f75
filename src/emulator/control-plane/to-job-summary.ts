import type { BatchJob } from './batch-job.js';

const iso = (time: number | undefined): string | undefined => (time === undefined ? undefined : new Date(time).toISOString());

/**
 * The job as GetModelInvocationJob and ListModelInvocationJobs return it (the same fields in
 * both). Record counts are reported from validation on; before that they are 0, as on Bedrock.
 */
export function toJobSummary(job: BatchJob): Record<string, unknown> {
  const summary: Record<string, unknown> = {
    jobArn: job.jobArn,
    jobName: job.jobName,
    modelId: job.modelId,
    clientRequestToken: job.clientRequestToken,
    roleArn: job.roleArn,
    status: job.status,
    message: job.message,
    submitTime: iso(job.submitTime),
    lastModifiedTime: iso(job.lastModifiedTime),
    endTime: iso(job.endTime),
    inputDataConfig: job.inputDataConfig,
    outputDataConfig: job.outputDataConfig,
    vpcConfig: job.vpcConfig,
    timeoutDurationInHours: job.timeoutDurationInHours,
    jobExpirationTime: iso(job.jobExpirationTime),
    modelInvocationType: job.modelInvocationType,
    totalRecordCount: job.counts.total,
    processedRecordCount: job.counts.processed,
    successRecordCount: job.counts.success,
    errorRecordCount: job.counts.error,
  };
  // JSON.stringify drops undefined members, but keep the object itself tidy for library callers.
  return Object.fromEntries(Object.entries(summary).filter(([, value]) => value !== undefined));
}
