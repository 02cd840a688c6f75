import { z } from 'zod';
import { batchJobStatuses, modelInvocationTypes } from './batch-job.js';
import { isS3Uri } from './parse-s3-uri.js';

/*
 * Request shapes of the batch control plane, with the constraints Bedrock's API reference
 * declares (name pattern, role ARN pattern, S3 URI pattern), so the emulator rejects what
 * Bedrock would reject at create time.
 */
const s3Uri = z.string().max(1024).refine(isS3Uri, { message: 'must be an S3 URI such as s3://bucket/prefix/' });

export const createJobRequestSchema = z.object({
  jobName: z
    .string()
    .min(1)
    .max(63)
    .regex(/^[a-zA-Z0-9]{1,63}(-*[a-zA-Z0-9+\-.]){0,63}$/, 'must start with a letter or digit and use only letters, digits, "+", "-" and "."'),
  roleArn: z.string().max(2048).regex(/^arn:aws(-[^:]+)?:iam::([0-9]{12})?:role\/.+$/, 'must be an IAM role ARN (arn:aws:iam::123456789012:role/name)'),
  clientRequestToken: z.string().min(1).max(256).regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/, 'must be letters, digits and single hyphens').optional(),
  modelId: z.string().min(1).max(2048),
  inputDataConfig: z.object({
    s3InputDataConfig: z.object({
      s3Uri,
      s3InputFormat: z.enum(['JSONL']).optional(),
      s3BucketOwner: z.string().optional(),
    }),
  }),
  outputDataConfig: z.object({
    s3OutputDataConfig: z.object({
      s3Uri,
      s3EncryptionKeyId: z.string().optional(),
      s3BucketOwner: z.string().optional(),
    }),
  }),
  vpcConfig: z.object({ subnetIds: z.array(z.string()).min(1), securityGroupIds: z.array(z.string()).min(1) }).optional(),
  // Bedrock accepts 24 to 168 hours and defaults to 24.
  timeoutDurationInHours: z.number().int().min(24).max(168).optional(),
  tags: z.array(z.object({ key: z.string().min(1).max(128), value: z.string().max(256) })).max(200).optional(),
  modelInvocationType: z.enum(modelInvocationTypes).optional(),
});
export type CreateJobRequest = z.output<typeof createJobRequestSchema>;

export const listJobsQuerySchema = z.object({
  submitTimeAfter: z.iso.datetime({ offset: true }).optional(),
  submitTimeBefore: z.iso.datetime({ offset: true }).optional(),
  statusEquals: z.enum(batchJobStatuses).optional(),
  nameContains: z.string().max(63).optional(),
  maxResults: z.coerce.number().int().min(1).max(1000).optional(),
  nextToken: z.string().max(2048).optional(),
  sortBy: z.enum(['CreationTime']).optional(),
  sortOrder: z.enum(['Ascending', 'Descending']).optional(),
});
export type ListJobsQuery = z.output<typeof listJobsQuerySchema>;
