import { inferenceProfileOf, normalizeModelId, type UsageRow, unattributedTask } from '../core/index.js';
import { type PricingCatalog, priceUsage } from '../pricing/index.js';
import { convertRequestBody, readPromptLayout } from '../cache/index.js';
import type { BatchPlan, RecordIndexLine } from './batch-plan-schema.js';
import type { JobState } from './batch-state-schema.js';

export interface BatchRecordUsage {
  plan: BatchPlan;
  job: JobState;
  record: RecordIndexLine;
  modelInput: unknown;
  inputTokens: number;
  outputTokens: number;
  /** True when the response had no token counts and they were estimated. */
  estimated: boolean;
  stopReason: string | null;
  responseText: string;
  /** `s3://.../<file>.jsonl.out` and the line of the record in it. */
  outputUri: string;
  outputLine: number;
  /** When the job ended (its records are billed then). */
  time: string;
}

const preview = (text: string | undefined): string | null => {
  if (text === undefined) return null;
  const collapsed = text.replace(/\s+/g, ' ').trim();
  if (collapsed === '') return null;
  return collapsed.length <= 160 ? collapsed : `${collapsed.slice(0, 159)}…`;
};

/** What the request body says about itself (cap, turns, size), read back with the cache module's body reader. */
function describeBody(modelInput: unknown): Pick<UsageRow, 'maxTokens' | 'messageCount' | 'promptChars' | 'requestPreview'> {
  try {
    const { request } = convertRequestBody(modelInput, 'batch');
    const layout = readPromptLayout(request);
    const lastUser = [...request.messages].reverse().find((message) => message.role === 'user');
    const text = lastUser?.content.find((block) => 'text' in block);
    return {
      maxTokens: request.inferenceConfig?.maxTokens ?? null,
      messageCount: request.messages.length,
      promptChars: layout.segments.reduce((sum, segment) => sum + segment.text.length, 0),
      requestPreview: preview(text !== undefined && 'text' in text ? text.text : undefined),
    };
  } catch {
    return { maxTokens: null, messageCount: null, promptChars: null, requestPreview: null };
  }
}

/**
 * A ledger row for one successful batch record, priced at the catalog's batch rate. The request id
 * is `<jobId>:<recordId>`, so collecting again inserts nothing twice. Batch never reads or writes
 * the prompt cache, so the cache buckets are 0 and `cacheHit` is false.
 */
export function convertBatchRecordToUsageRow(usage: BatchRecordUsage, catalog: PricingCatalog): UsageRow {
  const { plan, job, record } = usage;
  const resolved = normalizeModelId(plan.model.id, catalog.registry);
  const ref = resolved.ok ? resolved.model : undefined;
  const entry = catalog.model(plan.model.canonicalId)?.entry;
  const cost = priceUsage({ model: plan.model.id, region: plan.model.region, mode: 'batch', inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, time: usage.time }, catalog);
  const notes = [...cost.warnings, ...(usage.estimated ? ['token counts estimated: the response body reports none'] : [])];
  const jobId = job.jobArn?.split('/').pop() ?? job.name;
  const accountId = job.jobArn?.split(':')[4];
  const bucket = (value: number | null | undefined, tokens: number): number | null => (value === undefined ? (tokens > 0 ? null : 0) : value);
  const task = record.task ?? plan.task;
  return {
    source: 'batch',
    requestId: `${jobId}:${record.recordId}`,
    sourceFile: usage.outputUri,
    sourceLine: usage.outputLine,
    provider: 'bedrock',
    serviceName: 'Amazon Bedrock',
    region: plan.model.region,
    inferenceRegion: null,
    accountId: accountId === undefined || accountId === '' ? null : accountId,
    callerArn: null,
    operation: plan.invocationType,
    modelId: plan.model.canonicalId,
    rawModelId: plan.model.id,
    modelFamily: entry?.family ?? null,
    modelTier: entry?.tier ?? null,
    inferenceScope: ref?.scope ?? null,
    inferenceProfile: ref === undefined ? null : inferenceProfileOf(ref),
    mode: 'batch',
    usageType: null,
    requestCount: 1,
    usageStart: usage.time,
    usageEnd: usage.time,
    inputTokens: usage.inputTokens,
    cacheReadTokens: 0,
    cacheWrite5mTokens: 0,
    cacheWrite1hTokens: 0,
    outputTokens: usage.outputTokens,
    cost: cost.total,
    costBasis: 'catalog',
    billedCost: null,
    catalogCost: cost.total,
    costByBucket: {
      input: bucket(cost.byBucket.input, usage.inputTokens),
      cacheRead: 0,
      cacheWrite5m: 0,
      cacheWrite1h: 0,
      output: bucket(cost.byBucket.output, usage.outputTokens),
    },
    pricingStatus: cost.pricingStatus,
    priceVersion: cost.priceVersion,
    pricingNote: notes.length === 0 ? null : notes.join('; '),
    task: task ?? unattributedTask,
    taskSource: task === null ? 'unattributed' : 'explicit',
    team: null,
    metadata: { frugal_batch_plan: plan.planId, frugal_batch_job: job.name, frugal_item_id: record.itemId },
    routeDecision: null,
    cacheHit: false,
    latencyMs: null,
    ttftMs: null,
    stopReason: usage.stopReason,
    systemPromptHash: null,
    promptBlocks: [],
    cachePoints: 0,
    ...describeBody(usage.modelInput),
    responsePreview: preview(usage.responseText),
    inputBodyPath: null,
    outputBodyPath: usage.outputUri,
  };
}
