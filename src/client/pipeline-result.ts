import type { Cost, ReportedUsage } from '../core/index.js';
import type { PlacedCachePoint } from '../cache/index.js';
import type { ModelRequest, ModelResult, ServiceTier } from '../providers/index.js';
import type { CascadeAttempt, RouteDecision } from '../route/index.js';
import type { PipelineContext } from './pipeline-context.js';

/**
 * One model call of a request, as the cascade recorded it (outcome, validation failure, tier)
 * plus what the pipeline sent and was billed. Costs are the pipeline's own pricing of the call
 * (`priceReportedUsage` in the served tier's mode), so they match the usage rows.
 */
export interface PipelineAttempt extends CascadeAttempt {
  /** 1-based. */
  index: number;
  /** The provider's request id, when it gave one. */
  providerRequestId: string | null;
  /** What the call billed; null when it failed before any usage was reported. */
  usage: ReportedUsage | null;
  /** Cache points frugal placed for this model (they depend on its minimum). */
  cachePoints: PlacedCachePoint[];
  /** The output cap sent. */
  maxTokens: number | null;
  serviceTier: ServiceTier | 'reserved' | null;
  /** Time to the first delta, for streamed calls. */
  ttftMs: number | null;
  /** True when this call's deltas went to the caller as they arrived. */
  streamed: boolean;
}

export interface PipelineResult {
  /** frugal's id of the request (the context's `requestId` when given). */
  requestId: string;
  /** The answer handed back: the last attempt's. */
  result: ModelResult;
  /** The router's decision; null without a router. */
  decision: RouteDecision | null;
  /** `exhausted`: even the top tier failed validation; its answer is returned with that verdict. */
  outcome: 'accepted' | 'refused' | 'exhausted';
  attempts: PipelineAttempt[];
  escalations: number;
  /** Cache points placed in the request that produced the answer. */
  cachePoints: PlacedCachePoint[];
  /** The output cap the answer was produced under. */
  maxTokens: number | null;
  /** The answer's usage and cost (the last attempt). */
  usage: ReportedUsage;
  cost: Cost;
  /** Every attempt's cost, failed cheap calls included; null if any is unknown. */
  totalCostUsd: number | null;
  task: string | null;
}

/**
 * Events of a streamed request. `start` comes once, just before the first delta of the answer
 * that reaches the caller (after any hidden cascade attempts), naming the model that answers;
 * `end` carries the same result `invoke` returns.
 */
export type PipelineStreamEvent =
  | { type: 'start'; modelId: string; tier: number; decision: RouteDecision | null; requestId: string }
  | { type: 'text-delta'; index: number; text: string }
  | { type: 'tool-use-start'; index: number; toolUseId: string; name: string }
  | { type: 'tool-use-delta'; index: number; inputDelta: string }
  | { type: 'end'; result: PipelineResult };

/**
 * A streamed request. The calls start when iteration starts. Stopping early (`break`) cancels the
 * model call, ends its span and still records what was billed.
 */
export interface PipelineStream extends AsyncIterable<PipelineStreamEvent> {
  /** Settles when the stream ends: the result, or the error the iteration threw (also when abandoned). */
  readonly result: Promise<PipelineResult>;
}

/** The run-time pipeline shared by `createClient` and `frugal gateway`. */
export interface Pipeline {
  /** Route, place cache points, cap output, call, validate and escalate, record usage and spans. */
  invoke(request: ModelRequest, context?: PipelineContext): Promise<PipelineResult>;
  /** The same, streamed. A cascade escalates only before the first delta reaches the caller. */
  stream(request: ModelRequest, context?: PipelineContext): PipelineStream;
  /** Flushes the usage sink. */
  flush(): Promise<void>;
}
