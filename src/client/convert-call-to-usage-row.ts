import { type Cost, inferenceProfileOf, normalizeModelId, type TaskSource, type UsageMode, type UsageRow, unattributedTask } from '../core/index.js';
import type { PricingCatalog } from '../pricing/index.js';
import type { ModelResult } from '../providers/index.js';
import type { RouteDecision } from '../route/index.js';
import type { PromptHasher } from '../ingest/index.js';
import { previewText } from '../ingest/invocation-log/json-guards.js';
import { readPromptBlocks } from '../ingest/invocation-log/read-prompt-blocks.js';
import type { CallRecord } from './create-attempt-provider.js';
import type { PipelineAttempt } from './pipeline-result.js';

/** Who and what the request was for: the same on every row of a request. */
export interface RowAttribution {
  requestId: string;
  task: string | undefined;
  taskSource: TaskSource;
  team: string | undefined;
  apiKeyId: string | undefined;
  conversationId: string | undefined;
  decision: RouteDecision | null;
  metadata: Readonly<Record<string, string>>;
}

export interface RowSettings {
  source: UsageRow['source'];
  entryPoint: string | undefined;
  region: string | undefined;
  catalog: PricingCatalog;
  hasher: PromptHasher;
  captureContent: boolean;
}

const lastUserText = (record: CallRecord): string =>
  record.request.messages
    .findLast((message) => message.role === 'user')
    ?.content.flatMap((block) => ('text' in block ? [block.text] : []))
    .join('\n') ?? '';

const answerText = (result: ModelResult): string => result.output.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');

function describeDecision(decision: RouteDecision | null, attempt: PipelineAttempt): string | null {
  const route = decision === null ? null : `tier ${decision.tier} by ${decision.policy}${decision.rule !== undefined ? ` (rule "${decision.rule}")` : ''}`;
  const step = `attempt ${attempt.index} on tier ${attempt.tier}: ${attempt.outcome}${attempt.failure !== undefined ? ` (${attempt.failure})` : ''}`;
  return route === null && attempt.index === 1 && attempt.outcome === 'accepted' ? null : [route, step].filter((part) => part !== null).join('; ');
}

/** `cost` split by bucket as the ledger keeps it; a bucket with tokens but no price is unknown (null), an empty one 0. */
function costFields(cost: Cost | null, tokens: Record<'input' | 'cacheRead' | 'cacheWrite5m' | 'cacheWrite1h' | 'output', number>, notes: string[]): Pick<UsageRow, 'cost' | 'costBasis' | 'billedCost' | 'catalogCost' | 'costByBucket' | 'pricingStatus' | 'priceVersion' | 'pricingNote'> {
  const bucket = (name: keyof typeof tokens): number | null => {
    const value = cost?.byBucket[name];
    return value === undefined ? (tokens[name] > 0 ? null : 0) : value;
  };
  const all = [...(cost?.warnings ?? []), ...notes];
  return {
    cost: cost?.total ?? null,
    costBasis: 'catalog',
    billedCost: null,
    catalogCost: cost?.total ?? null,
    costByBucket: { input: bucket('input'), cacheRead: bucket('cacheRead'), cacheWrite5m: bucket('cacheWrite5m'), cacheWrite1h: bucket('cacheWrite1h'), output: bucket('output') },
    pricingStatus: cost?.pricingStatus ?? 'unpriced',
    priceVersion: cost?.priceVersion ?? null,
    pricingNote: all.length === 0 ? null : all.join('; '),
  };
}

/**
 * The ledger row of one billed model call of the pipeline, priced with the same `Cost` the
 * attempt carries (so the ledger, the result and the span agree). Token buckets a provider did not
 * report are stored as 0 with the cost unknown and a note saying so. Prompt and answer previews
 * are kept only with `captureContent`; the prompt's block hashes always are (the cache planner
 * reads them), and they reveal nothing of the text.
 */
export function convertCallToUsageRow(record: CallRecord, attempt: PipelineAttempt, mode: UsageMode, attribution: RowAttribution, settings: RowSettings): UsageRow {
  const usage = record.usage;
  const served = record.result?.modelId ?? record.request.modelId;
  const resolved = normalizeModelId(served, settings.catalog.registry);
  const ref = resolved.ok ? resolved.model : undefined;
  const entry = ref === undefined ? undefined : settings.catalog.model(ref.id)?.entry;
  const tokens = {
    input: usage?.inputTokens ?? 0,
    cacheRead: usage?.cacheReadTokens ?? 0,
    cacheWrite5m: usage?.cacheWrite5mTokens ?? 0,
    cacheWrite1h: usage?.cacheWrite1hTokens ?? 0,
    output: usage?.outputTokens ?? 0,
  };
  const unknown = usage === null ? ['all'] : (['inputTokens', 'cacheReadTokens', 'cacheWrite5mTokens', 'cacheWrite1hTokens', 'outputTokens'] as const).filter((field) => usage[field] === null);
  const notes = unknown.length === 0 ? [] : [`the provider did not report ${unknown.join(', ')} token counts (stored as 0)`];
  if (record.error !== undefined) notes.push(`the call failed (${attempt.errorCode ?? 'error'}) after billing what it reported`);
  const prompt = readPromptBlocks(record.request, settings.hasher);
  const bedrock = record.provider.name === 'bedrock';
  const endedAt = record.endedAt ?? record.startedAt;
  const metadata: Record<string, string> = {
    ...attribution.metadata,
    frugal_request_id: attribution.requestId,
    ...(settings.entryPoint !== undefined && { frugal_entry: settings.entryPoint }),
    ...(attribution.apiKeyId !== undefined && { frugal_api_key: attribution.apiKeyId }),
    ...(attribution.conversationId !== undefined && { frugal_conversation: attribution.conversationId }),
  };
  return {
    source: settings.source,
    requestId: record.result?.requestId ?? attempt.providerRequestId ?? `${attribution.requestId}:${attempt.index}`,
    sourceFile: null,
    sourceLine: null,
    provider: ref?.provider ?? (bedrock ? 'bedrock' : 'openai'),
    serviceName: bedrock ? 'Amazon Bedrock' : record.provider.name,
    region: settings.region ?? null,
    inferenceRegion: null,
    accountId: null,
    callerArn: null,
    operation: bedrock ? (record.streamed ? 'ConverseStream' : 'Converse') : 'ChatCompletions',
    modelId: ref?.id ?? null,
    rawModelId: served,
    modelFamily: entry?.family ?? null,
    modelTier: entry?.tier ?? null,
    inferenceScope: ref?.scope ?? null,
    inferenceProfile: ref === undefined ? null : inferenceProfileOf(ref),
    mode,
    usageType: null,
    requestCount: 1,
    usageStart: new Date(record.startedAt).toISOString(),
    usageEnd: new Date(endedAt).toISOString(),
    inputTokens: tokens.input,
    cacheReadTokens: tokens.cacheRead,
    cacheWrite5mTokens: tokens.cacheWrite5m,
    cacheWrite1hTokens: tokens.cacheWrite1h,
    outputTokens: tokens.output,
    ...costFields(record.cost, tokens, notes),
    task: attribution.task ?? unattributedTask,
    taskSource: attribution.task === undefined ? 'unattributed' : attribution.taskSource,
    team: attribution.team ?? null,
    metadata,
    routeDecision: describeDecision(attribution.decision, attempt),
    cacheHit: usage?.cacheReadTokens === null || usage === null ? null : usage.cacheReadTokens > 0,
    latencyMs: Math.max(0, Math.round(record.result?.latency.totalMs ?? endedAt - record.startedAt)),
    ttftMs: attempt.ttftMs === null ? null : Math.max(0, Math.round(attempt.ttftMs)),
    maxTokens: prompt.maxTokens,
    stopReason: record.result === null ? null : (record.result.output.rawStopReason ?? record.result.output.stopReason),
    systemPromptHash: prompt.systemPromptHash,
    promptBlocks: prompt.blocks,
    cachePoints: prompt.cachePoints,
    messageCount: prompt.messageCount,
    promptChars: prompt.promptChars,
    requestPreview: settings.captureContent ? previewText(lastUserText(record)) : null,
    responsePreview: settings.captureContent && record.result !== null ? previewText(answerText(record.result)) : null,
    inputBodyPath: null,
    outputBodyPath: null,
  };
}
