import { type ExclusiveTokenCounts, type Provider, type UsageMode, type UsageRow, convertInclusiveUsage } from '../../core/index.js';
import type { PricingCatalog } from '../../pricing/index.js';
import type { TaskAttributor } from '../attribute-task.js';
import { buildCallRowDraft } from '../build-call-row-draft.js';
import type { IssueKind } from '../ingest-report.js';
import { priceWithReportedCost } from '../price-with-reported-cost.js';
import { resolveModelId } from '../resolve-model-id.js';
import type { OtlpSpan } from './otlp-trace-schema.js';
import { type Attributes, countAttribute, numberAttribute, readOtlpAttributes, stringAttribute } from './read-otlp-attributes.js';

export type SpanResult =
  | { kind: 'row'; row: UsageRow }
  /** No `gen_ai.*` attribute: an HTTP, database or app span. */
  | { kind: 'not-gen-ai' }
  /** GenAI, but not a model call (a tool, agent or workflow span, or one naming no model). */
  | { kind: 'other-gen-ai' }
  /** A failed call that reported neither usage nor cost: nothing known to be billed. */
  | { kind: 'failed-without-usage' }
  | { kind: 'skip'; issue: IssueKind; message: string };

export interface ConvertSpanOptions {
  pricing: PricingCatalog;
  attribute: TaskAttributor;
  resource: Attributes;
  sourceFile: string;
  sourceLine: number;
}

/** Operations that are one model call (semantic conventions v1.41 `gen_ai.operation.name`). */
const callOperations = new Set(['chat', 'text_completion', 'generate_content', 'embeddings']);
/** `gen_ai.provider.name` (and the deprecated `gen_ai.system`) values frugal prices, by catalog provider. */
const providerNames: Record<string, Provider> = { 'aws.bedrock': 'bedrock', aws_bedrock: 'bedrock', bedrock: 'bedrock', anthropic: 'anthropic', openai: 'openai' };
/** Attributes kept on the row's metadata (besides app labels without a namespace, like `task` or `team`). */
const keptAttributes = ['gen_ai.operation.name', 'gen_ai.response.id', 'gen_ai.conversation.id', 'frugal.request.id', 'frugal.api_key.id', 'error.type'];

function readNanos(value: string | number): number {
  return typeof value === 'number' ? Math.floor(value / 1e6) : Number(BigInt(value) / 1_000_000n);
}

function readRegion(span: Attributes, resource: Attributes): string | null {
  const named = stringAttribute(span, 'aws.region') ?? stringAttribute(span, 'cloud.region') ?? stringAttribute(resource, 'cloud.region');
  if (named !== undefined) return named;
  const host = stringAttribute(span, 'server.address');
  return (host === undefined ? undefined : /^bedrock-runtime(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com/.exec(host)?.[1]) ?? null;
}

function readMetadata(span: Attributes, resource: Attributes, ids: { traceId: string; spanId: string }): Record<string, string> {
  const metadata: Record<string, string> = { 'otel.trace_id': ids.traceId, 'otel.span_id': ids.spanId };
  const service = stringAttribute(resource, 'service.name');
  if (service !== undefined) metadata['service.name'] = service;
  for (const [key, value] of span) {
    if (!keptAttributes.includes(key) && key.includes('.')) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') metadata[key] = String(value).slice(0, 256);
  }
  return metadata;
}

function describeRoute(span: Attributes): string | null {
  const tier = numberAttribute(span, 'frugal.route.tier');
  if (tier === undefined) return null;
  const rule = stringAttribute(span, 'frugal.route.rule');
  return `tier ${tier} by ${stringAttribute(span, 'frugal.route.policy') ?? 'unknown policy'}${rule !== undefined ? ` (rule "${rule}")` : ''}`;
}

/** The model id to resolve: a bare id is checked against the span's provider (`openai/gpt-4o`). */
function modelToResolve(model: string, provider: Provider | undefined): string {
  if (provider === undefined || model.startsWith('arn:') || model.includes('/')) return model;
  return `${provider}/${model}`;
}

/**
 * One OTLP span to a ledger row (source `otel`) when it is a GenAI model call: model from
 * `gen_ai.response.model` (else `gen_ai.request.model`), provider from `gen_ai.provider.name`
 * (else the deprecated `gen_ai.system`), tokens converted from the conventions' inclusive
 * `gen_ai.usage.input_tokens` to exclusive buckets with the cache read and creation counts (cache
 * creation is billed as 5-minute writes: spans do not say the TTL), cost from `frugal.cost.usd`
 * or `gen_ai.usage.cost` when the span carries one, else the catalog's; task from `task.type`,
 * else the attribution rules over the span's metadata. The row's id is the span's
 * (`otel-<traceId>-<spanId>`), so a span exported twice is stored once.
 */
export function convertGenAiSpan(span: OtlpSpan, options: ConvertSpanOptions): SpanResult {
  const attributes = readOtlpAttributes(span.attributes);
  let genAi = false;
  for (const key of attributes.keys()) if (key.startsWith('gen_ai.')) genAi = true;
  if (!genAi) return { kind: 'not-gen-ai' };
  const operation = stringAttribute(attributes, 'gen_ai.operation.name');
  if (operation !== undefined && !callOperations.has(operation)) return { kind: 'other-gen-ai' };

  const counts = {
    input: countAttribute(attributes, 'gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens'),
    output: countAttribute(attributes, 'gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens'),
    cacheRead: countAttribute(attributes, 'gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.cache_read_input_tokens'),
    cacheCreation: countAttribute(attributes, 'gen_ai.usage.cache_creation.input_tokens', 'gen_ai.usage.cache_creation_input_tokens'),
  };
  for (const count of Object.values(counts)) if (!count.ok) return { kind: 'skip', issue: 'invalid-record', message: count.message };
  const [input, output, cacheRead, cacheCreation] = [counts.input, counts.output, counts.cacheRead, counts.cacheCreation].map((count) => (count.ok ? count.value : undefined));
  const reportedUsd = numberAttribute(attributes, 'frugal.cost.usd') ?? numberAttribute(attributes, 'gen_ai.usage.cost') ?? null;
  const anyUsage = input !== undefined || output !== undefined;

  const model = stringAttribute(attributes, 'gen_ai.response.model') ?? stringAttribute(attributes, 'gen_ai.request.model');
  if (model === undefined) {
    return anyUsage ? { kind: 'skip', issue: 'unknown-model', message: `GenAI span "${span.name}" reports token usage but names no model (gen_ai.response.model / gen_ai.request.model)` } : { kind: 'other-gen-ai' };
  }
  const failed = Number(span.status?.code ?? 0) === 2 || span.status?.code === 'STATUS_CODE_ERROR' || attributes.has('error.type');
  if (failed && !anyUsage && reportedUsd === null) return { kind: 'failed-without-usage' };

  const providerName = stringAttribute(attributes, 'gen_ai.provider.name') ?? stringAttribute(attributes, 'gen_ai.system');
  const provider = providerName === undefined ? undefined : providerNames[providerName.toLowerCase()];
  if (providerName !== undefined && provider === undefined) {
    return { kind: 'skip', issue: 'unknown-model', message: `provider ${providerName} (${model}): frugal prices calls to aws.bedrock, anthropic and openai` };
  }
  const resolved = resolveModelId(modelToResolve(model, provider), options.pricing.registry);
  if (!resolved.ok) return { kind: 'skip', issue: 'unknown-model', message: resolved.error.message };

  let tokens: ExclusiveTokenCounts;
  try {
    tokens = input === undefined
      ? { inputTokens: 0, cacheReadTokens: cacheRead ?? 0, cacheWrite5mTokens: cacheCreation ?? 0, cacheWrite1hTokens: 0, outputTokens: output ?? 0 }
      : convertInclusiveUsage({ inputTokens: input, ...(cacheRead !== undefined && { cacheReadTokens: cacheRead }), ...(cacheCreation !== undefined && { cacheWrite5mTokens: cacheCreation }), ...(output !== undefined && { outputTokens: output }) });
  } catch (error) {
    return { kind: 'skip', issue: 'invalid-record', message: (error as Error).message };
  }
  const startMs = readNanos(span.startTimeUnixNano);
  const endMs = Math.max(startMs, readNanos(span.endTimeUnixNano));
  if (startMs <= 0) return { kind: 'skip', issue: 'invalid-record', message: 'startTimeUnixNano is 0: the span has no start time' };

  const tier = stringAttribute(attributes, 'frugal.service_tier');
  const mode: UsageMode | undefined = tier === 'flex' || tier === 'priority' ? tier : undefined;
  const ttftSeconds = numberAttribute(attributes, 'gen_ai.response.time_to_first_chunk');
  const finish = attributes.get('gen_ai.response.finish_reasons');
  const stopReason = Array.isArray(finish) && typeof finish[0] === 'string' ? finish[0] : typeof finish === 'string' ? finish : null;
  const maxTokens = numberAttribute(attributes, 'gen_ai.request.max_tokens');
  const cachePoints = numberAttribute(attributes, 'frugal.cache.points');
  const cacheHitFlag = attributes.get('frugal.cache.hit');
  const metadata = readMetadata(attributes, options.resource, span);
  const draft = buildCallRowDraft(
    {
      source: 'otel',
      requestId: `otel-${span.traceId}-${span.spanId}`,
      sourceFile: options.sourceFile,
      sourceLine: options.sourceLine,
      model: resolved.model,
      region: readRegion(attributes, options.resource),
      usageStart: new Date(startMs).toISOString(),
      usageEnd: new Date(endMs).toISOString(),
      ...tokens,
      metadata,
    },
    {
      rawModelId: provider === 'bedrock' || provider === undefined ? model : resolved.model.input,
      operation: operation ?? null,
      ...(mode !== undefined && !resolved.model.provisioned && { mode }),
      routeDecision: describeRoute(attributes),
      cacheHit: cacheRead !== undefined ? cacheRead > 0 : typeof cacheHitFlag === 'boolean' ? cacheHitFlag : null,
      latencyMs: endMs - startMs,
      ttftMs: ttftSeconds === undefined ? null : Math.max(0, Math.round(ttftSeconds * 1000)),
      maxTokens: maxTokens !== undefined && Number.isInteger(maxTokens) && maxTokens >= 0 ? maxTokens : null,
      stopReason,
      cachePoints: cachePoints !== undefined && Number.isInteger(cachePoints) && cachePoints >= 0 ? cachePoints : null,
    },
  );
  const tokensKnown = input !== undefined && (output !== undefined || operation === 'embeddings');
  const cost = priceWithReportedCost(draft, options.pricing, { usd: reportedUsd, by: 'the span', tokensKnown });
  const task = stringAttribute(attributes, 'task.type') ?? stringAttribute(options.resource, 'task.type');
  const team = stringAttribute(attributes, 'frugal.team') ?? null;
  const attribution = task !== undefined ? { task, taskSource: 'explicit' as const, team } : options.attribute({ metadata, callerArn: null, modelId: draft.modelId, systemText: null });
  return { kind: 'row', row: { ...draft, ...cost, ...attribution, team: attribution.team ?? team } };
}
