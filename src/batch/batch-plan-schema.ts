import { z } from 'zod';

/*
 * The files of a batch plan directory, validated whenever they are read back (a plan may be edited
 * or half-written by an interrupted run; JSON.parse output is never trusted):
 *   plan.json      what was planned: model, API, quotas, jobs and files, cost estimate
 *   records.jsonl  one line per record: recordId → the user's item id and where it came from
 *   jobs/<job>/<file>.jsonl  the batch input files, as uploaded
 *   state.json     what submit, status and collect did (see batch-state-schema.ts)
 */

export const bodyFormats = ['anthropic', 'nova', 'llama', 'mistral', 'converse'] as const;
export type BatchBodyFormat = (typeof bodyFormats)[number];
export const invocationTypes = ['InvokeModel', 'Converse'] as const;
export type BatchInvocationType = (typeof invocationTypes)[number];

const count = z.number().int().nonnegative();

export const batchQuotasSchema = z.strictObject({
  minRecordsPerJob: count.optional(),
  maxRecordsPerJob: count.optional(),
  maxRecordsPerFile: count.optional(),
  maxFileSizeBytes: count.optional(),
  maxJobSizeBytes: count.optional(),
});
export type BatchQuotas = z.output<typeof batchQuotasSchema>;

export const plannedFileSchema = z.strictObject({
  name: z.string().regex(/^[\w.-]+\.jsonl$/),
  records: count,
  bytes: count,
});
export const plannedJobSchema = z.strictObject({
  index: z.number().int().positive(),
  /** CreateModelInvocationJob jobName: unique per account, so also the last line of defence against duplicates. */
  name: z.string().min(1).max(63),
  files: z.array(plannedFileSchema).min(1),
  records: count,
  bytes: count,
});
export type PlannedJob = z.output<typeof plannedJobSchema>;

const moneySchema = z.strictObject({ total: z.number().nullable(), pricingStatus: z.enum(['priced', 'partial', 'unpriced']) });

export const batchPlanSchema = z.strictObject({
  version: z.literal(1),
  planId: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  createdAt: z.iso.datetime({ offset: true }),
  model: z.strictObject({ id: z.string().min(1), canonicalId: z.string().min(1), name: z.string().min(1), region: z.string().min(1) }),
  invocationType: z.enum(invocationTypes),
  bodyFormat: z.enum(bodyFormats),
  quotas: batchQuotasSchema,
  task: z.string().nullable(),
  input: z.strictObject({ kind: z.enum(['jsonl', 'csv', 'suite', 'ledger', 'retry']), description: z.string() }),
  /** The plan whose failed records this plan retries. */
  retryOf: z.string().nullable(),
  records: count,
  jobs: z.array(plannedJobSchema).min(1),
  estimate: z.strictObject({
    inputTokens: count,
    outputTokens: count,
    /** `cap`: output estimated at each record's max tokens (an upper bound); `given`: --output-tokens per record. */
    outputBasis: z.enum(['cap', 'given']),
    onDemand: moneySchema,
    batch: moneySchema,
    priceVersion: z.string(),
    warnings: z.array(z.string()),
  }),
});
export type BatchPlan = z.output<typeof batchPlanSchema>;

export const recordIndexLineSchema = z.strictObject({
  recordId: z.string().min(1),
  job: z.number().int().positive(),
  file: z.string(),
  /** The user's id of the item (their `id` column, the ledger request id, ...). */
  itemId: z.string(),
  source: z.string().nullable(),
  task: z.string().nullable(),
  inputTokens: count,
});
export type RecordIndexLine = z.output<typeof recordIndexLineSchema>;
