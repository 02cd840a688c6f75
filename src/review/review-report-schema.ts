import { z } from 'zod';

/** The levers in the order the plan applies them (each on what the previous ones left). */
export const leverNames = ['batch', 'caching', 'routing', 'caps', 'service-tier', 'provisioned'] as const;
export type LeverName = (typeof leverNames)[number];

export const leverTitles: Record<LeverName, string> = {
  batch: 'Batch inference',
  caching: 'Prompt caching',
  routing: 'Model routing / tier fit',
  caps: 'Output caps and verbosity',
  'service-tier': 'Service tier (flex)',
  provisioned: 'Provisioned throughput',
};

const usd = z.number().finite();
const count = z.number().int().nonnegative();

/** A ledger filter in JSON: the rows a number was computed from (open them with `listRequests`, the dashboard or SQL). */
export const evidenceFilterSchema = z.strictObject({
  since: z.string().optional(),
  until: z.string().optional(),
  sources: z.array(z.string()).optional(),
  tasks: z.array(z.string()).optional(),
  modelIds: z.array(z.string()).optional(),
  modes: z.array(z.string()).optional(),
  callerArns: z.array(z.string()).optional(),
});

export const evidenceSchema = z.strictObject({
  tasks: z.array(z.string()),
  models: z.array(z.string()),
  /** Caller roles. */
  callers: z.array(z.string()),
  requests: count,
  /** Ledger request ids of real calls the finding is about (the most expensive first). */
  exampleRequestIds: z.array(z.string()),
  filter: evidenceFilterSchema,
  /** The measurements behind the finding, as label and value. */
  facts: z.array(z.strictObject({ label: z.string(), value: z.string() })),
});
export type Evidence = z.output<typeof evidenceSchema>;

export const confidenceLevels = ['high', 'medium', 'low'] as const;
export type Confidence = (typeof confidenceLevels)[number];

export const findingSchema = z.strictObject({
  id: z.string(),
  lever: z.enum(leverNames),
  title: z.string(),
  /** What to change. */
  action: z.string(),
  /** A frugal command that plans, checks or confirms the change. */
  command: z.string().optional(),
  /** USD of the traffic the lever touches, before any lever. */
  affectedSpend: usd,
  /** USD saved by this change alone, on today's traffic. */
  saving: usd,
  /** USD saved in the plan, after the levers before it (never counted twice). */
  plannedSaving: usd,
  confidence: z.enum(confidenceLevels),
  confidenceReason: z.string(),
  evidence: evidenceSchema,
  warnings: z.array(z.string()),
});
export type Finding = z.output<typeof findingSchema>;

export const leverResultSchema = z.strictObject({
  lever: z.enum(leverNames),
  title: z.string(),
  /** `savings`: at least one finding saves money; `none`: checked, nothing to gain; `not-applicable`: no traffic of that kind. */
  status: z.enum(['savings', 'none', 'not-applicable']),
  summary: z.string(),
  findings: z.array(findingSchema),
  notes: z.array(z.string()),
});
export type LeverResult = z.output<typeof leverResultSchema>;

export const planStepSchema = z.strictObject({
  lever: z.enum(leverNames),
  title: z.string(),
  before: usd,
  saving: usd,
  after: usd,
  findings: count,
});
export type PlanStep = z.output<typeof planStepSchema>;

export const reviewReportSchema = z.strictObject({
  kind: z.literal('frugal-review'),
  version: z.literal(1),
  generatedAt: z.string(),
  /** The sample-data label when the ledger holds generated data; null for real usage. */
  sample: z.string().nullable(),
  ledger: z.string(),
  period: z.strictObject({ since: z.string(), until: z.string(), days: z.number(), firstUsage: z.string().nullable(), lastUsage: z.string().nullable() }),
  spend: z.strictObject({
    /** USD of the reviewed calls as the ledger has it. */
    total: usd,
    rows: count,
    requests: count,
    unpricedRows: count,
    /** Provisioned Throughput held (from review.provisioned in frugal.yaml): billed per unit-hour, so not in the call rows. */
    provisioned: usd,
    byTask: z.array(z.strictObject({ task: z.string(), cost: usd, requests: count, models: z.array(z.strictObject({ modelId: z.string(), cost: usd, requests: count })) })),
    byModel: z.array(z.strictObject({ modelId: z.string(), name: z.string(), tier: z.number().nullable(), cost: usd, requests: count })),
  }),
  levers: z.array(leverResultSchema),
  plan: z.strictObject({
    steps: z.array(planStepSchema),
    before: usd,
    saving: usd,
    after: usd,
    /** Saving over spend before, 0..1. */
    savingShare: z.number(),
  }),
  priceVersion: z.string(),
  notes: z.array(z.string()),
  /** Wall-clock milliseconds per step, for the curious and the benchmark. */
  timings: z.record(z.string(), z.number()),
});
export type ReviewReport = z.output<typeof reviewReportSchema>;
