import { z } from 'zod';

const tokenCount = z.number().int().nonnegative();

/** Schema versions whose shape this reader knows; others are skipped and counted, not guessed at. */
export const knownSchemaVersions = ['1.0'] as const;

/**
 * A Bedrock model invocation log record (`schemaType: ModelInvocationLog`), as AWS writes it to
 * S3 and CloudWatch Logs. Objects stay open because AWS adds fields; bodies are vendor JSON of
 * many shapes and are read separately, defensively. Only what ingest uses is required.
 */
export const invocationLogRecordSchema = z.looseObject({
  schemaType: z.literal('ModelInvocationLog'),
  schemaVersion: z.string(),
  timestamp: z.iso.datetime({ offset: true }),
  accountId: z.string().min(1),
  identity: z.looseObject({ arn: z.string().min(1).optional() }).optional(),
  region: z.string().min(1),
  inferenceRegion: z.string().min(1).optional(),
  requestId: z.string().min(1),
  operation: z.string().min(1),
  modelId: z.string().min(1),
  /** Converse `requestMetadata`: string values; numbers and booleans are kept as text. */
  requestMetadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  input: z.looseObject({
    inputContentType: z.string().optional(),
    inputBodyJson: z.unknown().optional(),
    inputBodyS3Path: z.string().min(1).optional(),
    inputTokenCount: tokenCount,
    cacheReadInputTokenCount: tokenCount.optional(),
    cacheWriteInputTokenCount: tokenCount.optional(),
  }),
  output: z
    .looseObject({
      outputContentType: z.string().optional(),
      outputBodyJson: z.unknown().optional(),
      outputBodyS3Path: z.string().min(1).optional(),
      outputTokenCount: tokenCount.optional(),
    })
    .optional(),
});
export type InvocationLogRecord = z.output<typeof invocationLogRecordSchema>;
