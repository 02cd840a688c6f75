import { type Attributes, type Context, context as otelContext, metrics, type Meter, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import type { Cost, ReportedUsage } from '../core/index.js';
import type { ModelResult } from '../providers/index.js';
import { callStartAttributes, costAttributes, errorAttributes, errorType, requestAttributes, resultAttributes, usageAttributes } from './build-span-attributes.js';
import { createGenAiInstruments, type GenAiInstruments } from './create-gen-ai-instruments.js';
import { formatInputMessages, formatOutputMessages, formatSystemInstructions } from './format-gen-ai-content.js';
import {
  ATTR_ERROR_TYPE,
  ATTR_FRUGAL_ATTEMPT_FALLBACK,
  ATTR_FRUGAL_ATTEMPT_OUTCOME,
  ATTR_FRUGAL_CASCADE_ATTEMPTS,
  ATTR_FRUGAL_CASCADE_COST_USD,
  ATTR_FRUGAL_CASCADE_ESCALATIONS,
  ATTR_FRUGAL_CASCADE_FINAL_MODEL,
  ATTR_FRUGAL_CASCADE_OUTCOME,
  ATTR_FRUGAL_VALIDATION_FAILURE,
  ATTR_FRUGAL_VALIDATION_REASON,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_TASK_TYPE,
  GEN_AI_OPERATION_CHAT,
  GEN_AI_PROVIDER_AWS_BEDROCK,
  GEN_AI_PROVIDER_OPENAI,
  GEN_AI_TOKEN_TYPE_INPUT,
  GEN_AI_TOKEN_TYPE_OUTPUT,
  SPAN_NAME_CASCADE,
} from './gen-ai-attributes.js';
import type { CallSpan, CallSpanInfo, CascadeSpan, CascadeSummary, GenAiTelemetry, RequestSpanInfo } from './gen-ai-telemetry.js';
import { diagTelemetryLogger, guard, type TelemetryLogger } from './telemetry-logger.js';

export interface GenAiTelemetryOptions {
  /** Default: the global tracer provider's `frugal` tracer. */
  tracer?: Tracer;
  /** Default: the global meter provider's `frugal` meter. */
  meter?: Meter;
  /** Record prompts and answers on spans (`gen_ai.input.messages`, ...). Off by default: they hold user data. */
  captureContent?: boolean;
  /** `gen_ai.provider.name` per provider name; `bedrock` is `aws.bedrock`, `openai-compatible` is `openai` unless set here. */
  providerNames?: Readonly<Record<string, string>>;
  /**
   * What happens to spans the OpenTelemetry AWS SDK instrumentation (and HTTP instrumentation)
   * would make inside a frugal call. `suppress` (default): none are recorded, so each call has one
   * GenAI span and one set of GenAI metrics, frugal's, which count cache tokens and cost.
   * `nest`: they are recorded as children of frugal's span (two spans with `gen_ai.*` per call).
   * Either needs a context manager (any Node OpenTelemetry setup registers one).
   */
  sdkInstrumentation?: 'suppress' | 'nest';
  logger?: TelemetryLogger;
}

const defaultProviderNames: Readonly<Record<string, string>> = { bedrock: GEN_AI_PROVIDER_AWS_BEDROCK, 'openai-compatible': GEN_AI_PROVIDER_OPENAI };

const noopSpan = trace.wrapSpanContext({ traceId: '00000000000000000000000000000000', spanId: '0000000000000000', traceFlags: 0 });
const inertCall: CallSpan = { context: ROOT_CONTEXT, succeed: () => undefined, fail: () => undefined, end: () => undefined };

/**
 * OpenTelemetry for the pipeline: one CLIENT span per model call named `chat {model}` with the
 * GenAI attributes (input tokens include cached ones), cost and routing; an INTERNAL
 * `frugal.cascade` parent over the calls of a cascade; the GenAI client metrics. Every hook is
 * guarded: what a tracer, meter or exporter throws is logged and never reaches the caller.
 */
export function createGenAiTelemetry(options: GenAiTelemetryOptions = {}): GenAiTelemetry {
  const logger = options.logger ?? diagTelemetryLogger;
  const tracer = options.tracer ?? trace.getTracer('frugal');
  const meter = options.meter ?? metrics.getMeter('frugal');
  const captureContent = options.captureContent ?? false;
  const suppress = (options.sdkInstrumentation ?? 'suppress') === 'suppress';
  const providerNames = { ...defaultProviderNames, ...options.providerNames };
  const instruments = guard<GenAiInstruments | undefined>(logger, 'creating metric instruments', () => createGenAiInstruments(meter), undefined);
  const providerName = (provider: string): string => providerNames[provider] ?? provider;

  function record(step: string, fn: () => void): void {
    guard(logger, step, fn, undefined);
  }

  function recordMetrics(info: CallSpanInfo, base: Attributes, seconds: number, usage: ReportedUsage | undefined, cost: Cost | null, ttftMs: number | null): void {
    if (instruments === undefined) return;
    instruments.operationDuration.record(seconds, base);
    if (usage !== undefined) {
      const { inputTokens, cacheReadTokens, cacheWrite5mTokens, cacheWrite1hTokens, outputTokens } = usage;
      if (inputTokens !== null && cacheReadTokens !== null && cacheWrite5mTokens !== null && cacheWrite1hTokens !== null) {
        instruments.tokenUsage.record(inputTokens + cacheReadTokens + cacheWrite5mTokens + cacheWrite1hTokens, { ...base, [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_INPUT });
      }
      if (outputTokens !== null) instruments.tokenUsage.record(outputTokens, { ...base, [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_OUTPUT });
    }
    if (ttftMs !== null) instruments.timeToFirstChunk.record(ttftMs / 1000, base);
    const total = cost?.total;
    if (total !== null && total !== undefined && total > 0) {
      instruments.cost.add(total, { ...base, ...(info.task !== undefined && { [ATTR_TASK_TYPE]: info.task }) });
    }
  }

  function startCall(info: CallSpanInfo, parent?: Context): CallSpan {
    return guard(
      logger,
      'starting a model-call span',
      () => {
        const parentContext = parent ?? otelContext.active();
        const provider = providerName(info.provider);
        const attributes = callStartAttributes(info, provider);
        if (captureContent) {
          attributes[ATTR_GEN_AI_INPUT_MESSAGES] = formatInputMessages(info.request);
          const system = formatSystemInstructions(info.request);
          if (system !== undefined) attributes[ATTR_GEN_AI_SYSTEM_INSTRUCTIONS] = system;
        }
        const startedAt = info.startTime ?? Date.now();
        const span: Span = tracer.startSpan(`${GEN_AI_OPERATION_CHAT} ${info.request.modelId}`, { kind: SpanKind.CLIENT, attributes, startTime: startedAt }, parentContext);
        const withSpan = trace.setSpan(parentContext, span);
        const metricBase: Attributes = { [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_CHAT, [ATTR_GEN_AI_PROVIDER_NAME]: provider, [ATTR_GEN_AI_REQUEST_MODEL]: info.request.modelId };
        let ended = false;
        return {
          context: suppress ? suppressTracing(withSpan) : withSpan,
          succeed(result: ModelResult, cost: Cost | null) {
            record('recording a model answer', () => {
              span.setAttributes(resultAttributes(result, cost));
              if (captureContent) span.setAttribute(ATTR_GEN_AI_OUTPUT_MESSAGES, formatOutputMessages(result));
            });
            record('recording call metrics', () => recordMetrics(info, { ...metricBase, [ATTR_GEN_AI_RESPONSE_MODEL]: result.modelId }, result.latency.totalMs / 1000, result.usage, cost, result.latency.firstTokenMs));
          },
          fail(error: unknown, usage: ReportedUsage | undefined, cost: Cost | null) {
            record('recording a failed call', () => {
              span.setAttributes({ ...errorAttributes(error), ...(usage !== undefined && usageAttributes(usage)), ...costAttributes(cost) });
              span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
              if (error instanceof Error) span.recordException(error);
            });
            record('recording call metrics', () => recordMetrics(info, { ...metricBase, [ATTR_ERROR_TYPE]: errorType(error) }, (Date.now() - startedAt) / 1000, usage, cost, null));
          },
          end(outcome, endTime) {
            if (ended) return;
            ended = true;
            record('ending a model-call span', () => {
              if (outcome !== undefined) {
                span.setAttribute(ATTR_FRUGAL_ATTEMPT_OUTCOME, outcome.outcome);
                if (outcome.fallback !== undefined) span.setAttribute(ATTR_FRUGAL_ATTEMPT_FALLBACK, outcome.fallback);
                if (outcome.failure !== undefined) span.setAttribute(ATTR_FRUGAL_VALIDATION_FAILURE, outcome.failure);
                if (outcome.reason !== undefined && outcome.failure !== undefined) span.setAttribute(ATTR_FRUGAL_VALIDATION_REASON, outcome.reason);
              }
              span.end(endTime);
            });
          },
        };
      },
      inertCall,
    );
  }

  function startCascade(info: RequestSpanInfo, parent?: Context): CascadeSpan {
    return guard(
      logger,
      'starting a cascade span',
      () => {
        const parentContext = parent ?? otelContext.active();
        const span = tracer.startSpan(SPAN_NAME_CASCADE, { kind: SpanKind.INTERNAL, attributes: requestAttributes(info) }, parentContext);
        let ended = false;
        return {
          context: trace.setSpan(parentContext, span),
          end(summary: CascadeSummary) {
            if (ended) return;
            ended = true;
            record('ending a cascade span', () => {
              span.setAttributes({
                [ATTR_FRUGAL_CASCADE_OUTCOME]: summary.outcome,
                [ATTR_FRUGAL_CASCADE_ESCALATIONS]: summary.escalations,
                [ATTR_FRUGAL_CASCADE_ATTEMPTS]: summary.attempts,
                ...(summary.totalCostUsd !== null && { [ATTR_FRUGAL_CASCADE_COST_USD]: summary.totalCostUsd }),
                ...(summary.finalModel !== null && { [ATTR_FRUGAL_CASCADE_FINAL_MODEL]: summary.finalModel }),
              });
              if (summary.error !== undefined) {
                span.setAttributes(errorAttributes(summary.error));
                span.setStatus({ code: SpanStatusCode.ERROR, message: summary.error instanceof Error ? summary.error.message : String(summary.error) });
              }
              span.end();
            });
          },
        };
      },
      { context: trace.setSpan(parent ?? ROOT_CONTEXT, noopSpan), end: () => undefined },
    );
  }

  return { startCall, startCascade };
}
