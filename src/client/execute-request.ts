import { type Cost, FrugalError, isProviderError, type ReportedUsage, type TaskSource, type UsageMode } from '../core/index.js';
import type { PromptHasher } from '../ingest/index.js';
import type { PricingCatalog } from '../pricing/index.js';
import { type ModelProvider, type ModelRequest, type ModelResult, parseModelRequest, priceReportedUsage, usageModeOf } from '../providers/index.js';
import { type CascadeAttempt, type CascadeResult, runCascade } from '../route/index.js';
import type { GenAiTelemetry, RequestSpanInfo } from '../telemetry/index.js';
import { addCachePoints } from './add-cache-points.js';
import { applyRequestDefaults } from './apply-request-defaults.js';
import { type CallRecord, createAttemptProvider } from './create-attempt-provider.js';
import type { RowAttribution } from './convert-call-to-usage-row.js';
import { parsePipelineContext, type PipelineContext } from './pipeline-context.js';
import { PipelineError } from './pipeline-error.js';
import type { PipelineLogger } from './pipeline-logger.js';
import type { AutoCacheOptions, PipelineOptions } from './pipeline-options.js';
import type { PipelineAttempt, PipelineResult, PipelineStreamEvent } from './pipeline-result.js';
import { writeUsage } from './write-usage.js';

/** What `createPipeline` resolved once, shared by every request. */
export interface PipelineRuntime {
  options: PipelineOptions;
  catalog: PricingCatalog;
  resolve(modelId: string): ModelProvider;
  cache: AutoCacheOptions | undefined;
  telemetry: GenAiTelemetry | undefined;
  logger: PipelineLogger;
  hasher: PromptHasher;
  createId(): string;
}

function sumCosts(attempts: readonly PipelineAttempt[]): number | null {
  let total = 0;
  for (const attempt of attempts) {
    if (attempt.costUsd === null) return null;
    total += attempt.costUsd;
  }
  return total;
}

/** The pricing mode of a call: provisioned ARNs, else the tier that served (or was asked for). */
function modeOf(record: CallRecord, result: ModelResult | null, catalog: PricingCatalog): UsageMode {
  return usageModeOf(result?.modelId ?? record.request.modelId, result?.serviceTier ?? record.request.serviceTier ?? null, catalog);
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The pipeline's view of each call: the cascade's verdict on it, plus what was sent and billed. */
function buildAttempts(records: readonly CallRecord[], steps: readonly CascadeAttempt[]): PipelineAttempt[] {
  return records.map((record, position) => {
    const step: CascadeAttempt = steps[position] ?? {
      tier: record.tier,
      requestedModelId: record.request.modelId,
      servedModelId: null,
      provider: record.provider.name,
      outcome: 'error',
      reason: describeError(record.error),
      fallback: false,
      costUsd: null,
      latencyMs: (record.endedAt ?? record.startedAt) - record.startedAt,
    };
    const { cost: _cascadeCost, ...rest } = step;
    return {
      ...rest,
      tier: record.tier,
      provider: record.provider.name,
      // The recorder's price (the call's own start time); a failed call that reported nothing billed nothing.
      costUsd: record.usage === null ? 0 : (record.cost?.total ?? null),
      ...(record.cost !== null && { cost: record.cost }),
      index: record.index,
      providerRequestId: record.result?.requestId ?? (isProviderError(record.error) ? (record.error.requestId ?? null) : null),
      usage: record.usage,
      cachePoints: record.placed,
      maxTokens: record.request.inferenceConfig?.maxTokens ?? null,
      serviceTier: record.result?.serviceTier ?? null,
      ttftMs: record.result?.latency.firstTokenMs ?? null,
      streamed: record.streamed,
    };
  });
}

/**
 * One request through the pipeline: defaults (output cap, tier, metadata) → route → the cascade
 * (or a direct call as a one-rung cascade, as `invokeRouted` does) whose every call gets its
 * model's cache points, a span and a price → spans ended with the validation outcome → usage
 * rows to the sink. `emit` is set for streamed requests: the call on the ladder's last tier
 * streams to it live, lower tiers are called whole and stay hidden until accepted.
 */
export async function executeRequest(runtime: PipelineRuntime, input: ModelRequest, contextInput: PipelineContext | undefined, emit: ((event: PipelineStreamEvent) => Promise<void>) | undefined): Promise<PipelineResult> {
  const { options, catalog, telemetry, logger } = runtime;
  const request = parseModelRequest(input);
  const context = parsePipelineContext(contextInput);
  const requestId = context.requestId ?? runtime.createId();
  const metadata = { ...options.requestMetadata, ...request.requestMetadata, ...context.metadata };
  const task = context.task ?? metadata['frugal_task'] ?? metadata['task'];
  const taskSource: TaskSource = context.task !== undefined ? 'explicit' : task !== undefined ? 'metadata' : 'unattributed';
  const team = context.team ?? metadata['frugal_team'] ?? metadata['team'];
  const prepared = applyRequestDefaults(request, { task, team }, options);

  const router = options.router;
  const decision =
    router?.route(prepared, {
      ...(task !== undefined && { task }),
      ...(context.conversationId !== undefined && { conversationId: context.conversationId }),
      ...(context.outputFormat !== undefined && { outputFormat: context.outputFormat }),
      ...(context.metadata !== undefined && { metadata: context.metadata }),
    }) ?? null;
  const validators = options.validators ?? [];
  const climb = router !== undefined && decision !== null && validators.length > 0 && (decision.cascade || options.cascade === 'always');
  const ladder = climb ? router.tiers.map((entry) => entry.modelId) : [decision?.modelId ?? prepared.modelId];
  const startTier = climb ? decision.tier : 1;
  const tierOf = (call: number): number => (climb ? startTier + call : (decision?.tier ?? 1));

  // The answer goes to `onAnswer` before the bookkeeping: at once when a single call's result is
  // final (nothing to validate), else when the cascade accepts one.
  const onAnswer = emit === undefined ? context.onAnswer : undefined;
  let delivered = false;
  const deliver = async (answer: ModelResult): Promise<void> => {
    delivered = true;
    try {
      onAnswer?.(answer);
    } catch (error) {
      logger.warn('onAnswer threw; the request goes on', error);
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  };

  const info: RequestSpanInfo = { requestId, task, team, apiKeyId: context.apiKeyId, conversationId: context.conversationId, decision, stream: emit !== undefined };
  const cascadeSpan = climb ? telemetry?.startCascade(info) : undefined;
  const records: CallRecord[] = [];
  const provider = createAttemptProvider({
    resolve: runtime.resolve,
    prepare: (call, callProvider) => {
      if (runtime.cache === undefined) return { request: call, placed: [] };
      try {
        const added = addCachePoints(call, catalog, runtime.cache, callProvider.name);
        return { request: added.request, placed: added.placed };
      } catch (error) {
        logger.warn(`cache points not placed for ${call.modelId}`, error);
        return { request: call, placed: [] };
      }
    },
    tierOf,
    live:
      emit === undefined
        ? undefined
        : {
            output: { emit, start: (record) => ({ type: 'start', modelId: record.request.modelId, tier: record.tier, decision, requestId }) },
            isLive: (tier) => !climb || tier === ladder.length,
          },
    price: (usage: ReportedUsage, record, result): Cost =>
      priceReportedUsage(usage, { model: result?.modelId ?? record.request.modelId, ...(options.region !== undefined && { region: options.region }), mode: modeOf(record, result, catalog), time: new Date(record.startedAt).toISOString() }, catalog),
    startSpan: (record) =>
      telemetry?.startCall({ ...info, request: record.request, provider: record.provider.name, attempt: record.index, tier: record.tier, cachePoints: record.placed.length, startTime: record.startedAt }, cascadeSpan?.context) ?? null,
    records,
    now: Date.now,
    ...(onAnswer !== undefined && !climb && { answered: deliver }),
  });

  let outcome: CascadeResult | undefined;
  let failure: unknown;
  try {
    outcome = await runCascade(prepared, provider, {
      ladder,
      startTier,
      validators: climb ? validators : [],
      catalog,
      ...(options.region !== undefined && { region: options.region }),
      ...(options.onRefusal !== undefined && { onRefusal: options.onRefusal }),
      callOptions: { ...(context.signal !== undefined && { signal: context.signal }), ...(context.timeoutMs !== undefined && { timeoutMs: context.timeoutMs }) },
      // The recorder has priced every call (at its start time); the cascade takes those prices.
      pricedCall: (call) => records.find((record) => record.result === call || record.error === call)?.cost ?? undefined,
    });
  } catch (error) {
    failure = error;
  }
  if (onAnswer !== undefined && outcome !== undefined && !delivered) await deliver(outcome.result);

  const steps = outcome?.attempts ?? (typeof failure === 'object' && failure !== null && 'attempts' in failure ? (failure.attempts as CascadeAttempt[]) : []);
  const attempts = buildAttempts(records, steps);
  const totalCostUsd = sumCosts(attempts);
  for (const [position, record] of records.entries()) {
    const attempt = attempts[position] as PipelineAttempt;
    record.span?.end({ outcome: attempt.outcome, fallback: attempt.fallback, failure: attempt.failure, reason: attempt.reason }, record.endedAt ?? Date.now());
  }
  const final = outcome?.result ?? null;
  cascadeSpan?.end({
    outcome: outcome?.outcome ?? 'error',
    escalations: outcome?.escalations ?? attempts.filter((attempt) => attempt.outcome === 'escalated').length,
    attempts: attempts.length,
    totalCostUsd,
    finalModel: final?.modelId ?? null,
    ...(failure !== undefined && { error: failure }),
  });

  const attribution: RowAttribution = { requestId, task, taskSource, team, apiKeyId: context.apiKeyId, conversationId: context.conversationId, decision, metadata: { ...prepared.requestMetadata, ...context.metadata } };
  // Rows are in the sink when the request settles (a failed one's before its error is thrown); a
  // stream's before its end event. One handed to `onAnswer` writes them in the turn after the
  // answer, so a flush the caller starts after reading the response finds them.
  writeUsage(runtime, records, attempts, attribution, (record) => modeOf(record, record.result, catalog));

  if (outcome === undefined) {
    if (FrugalError.isInstance(failure)) throw new PipelineError(failure, { requestId, decision, attempts, totalCostUsd });
    throw failure;
  }
  const last = records[records.length - 1] as CallRecord;
  return {
    requestId,
    result: outcome.result,
    decision,
    outcome: outcome.outcome,
    attempts,
    escalations: outcome.escalations,
    cachePoints: last.placed,
    maxTokens: last.request.inferenceConfig?.maxTokens ?? null,
    usage: outcome.result.usage,
    cost: last.cost as Cost,
    totalCostUsd,
    task: task ?? null,
  };
}
