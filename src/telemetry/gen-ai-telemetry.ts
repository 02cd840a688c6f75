import type { Context } from '@opentelemetry/api';
import type { Cost, ReportedUsage } from '../core/index.js';
import type { ModelRequest, ModelResult } from '../providers/index.js';
import type { AttemptOutcome, RouteDecision, ValidationFailureKind } from '../route/index.js';

/** Who asked, for what, and how the router decided: the same for every span of one request. */
export interface RequestSpanInfo {
  /** frugal's id of the request (`frugal.request.id`). */
  requestId: string;
  task?: string | undefined;
  team?: string | undefined;
  apiKeyId?: string | undefined;
  conversationId?: string | undefined;
  decision: RouteDecision | null;
  /** True when the answer is streamed to the caller. */
  stream: boolean;
}

/** One model call: the request exactly as sent (cache points placed, output capped). */
export interface CallSpanInfo extends RequestSpanInfo {
  request: ModelRequest;
  /** The provider's own name (`bedrock`, `openai-compatible`); mapped to `gen_ai.provider.name`. */
  provider: string;
  /** 1-based position of the call within the request. */
  attempt: number;
  /** Ladder tier the call ran on. */
  tier: number;
  /** Cache points frugal placed in this request. */
  cachePoints: number;
  /** Epoch ms; the span's start. */
  startTime?: number;
}

/** What validation made of the call, known once the cascade moved on. */
export interface CallSpanOutcome {
  outcome: AttemptOutcome;
  fallback?: boolean;
  failure?: ValidationFailureKind | undefined;
  reason?: string | undefined;
}

/** The CLIENT span of one model call. No method throws. */
export interface CallSpan {
  /** Run the provider call in it, so spans below (the AWS SDK's, HTTP) nest or are suppressed. */
  readonly context: Context;
  /** Records the answer: response attributes, usage, cost, and the call's metrics. */
  succeed(result: ModelResult, cost: Cost | null): void;
  /** Records a failed call, with what it billed when the provider said. */
  fail(error: unknown, usage: ReportedUsage | undefined, cost: Cost | null): void;
  /** Sets the validation outcome and ends the span at `endTime` (epoch ms; now by default). */
  end(outcome?: CallSpanOutcome, endTime?: number): void;
}

export interface CascadeSummary {
  outcome: 'accepted' | 'refused' | 'exhausted' | 'error';
  escalations: number;
  attempts: number;
  totalCostUsd: number | null;
  finalModel: string | null;
  error?: unknown;
}

/** The INTERNAL parent span of a cascade. No method throws. */
export interface CascadeSpan {
  readonly context: Context;
  end(summary: CascadeSummary): void;
}

/**
 * What the pipeline needs from telemetry. `createGenAiTelemetry` is the OpenTelemetry one; every
 * method is guarded so a broken tracer, meter or exporter is logged and never reaches the caller.
 */
export interface GenAiTelemetry {
  /** The parent span of a cascade (only requests that may escalate get one). */
  startCascade(info: RequestSpanInfo, parent?: Context): CascadeSpan;
  /** One model call; a child of `parent` (the cascade's context) or of the active context. */
  startCall(info: CallSpanInfo, parent?: Context): CallSpan;
}
