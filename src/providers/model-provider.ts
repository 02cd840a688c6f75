import type { ReportedUsage } from '../core/index.js';
import type { ModelRequest, ServiceTier } from './model-request.js';

/**
 * Why the model stopped, as a closed set. `incomplete` is a stream that ended (or was abandoned)
 * before its stop event; `other` is anything a provider adds later. `rawStopReason` keeps the original.
 */
export const stopReasons = ['end', 'length', 'stop-sequence', 'tool-use', 'content-filter', 'context-window', 'error', 'incomplete', 'other'] as const;
export type StopReason = (typeof stopReasons)[number];

export type OutputBlock =
  | { type: 'text'; text: string }
  /** `input` is the parsed JSON arguments, or the raw string when the model sent invalid JSON. */
  | { type: 'tool-use'; toolUseId: string; name: string; input: unknown };

export interface ModelOutput {
  content: OutputBlock[];
  stopReason: StopReason;
  rawStopReason: string | null;
}

/**
 * Latencies kept apart, in milliseconds. `firstTokenMs` and `lastTokenMs` are measured from the
 * start of the attempt that succeeded, so retries and queueing do not pollute the model's own
 * speed; `totalMs` is what the caller waited in all.
 */
export interface Latency {
  /** Client wall time of the whole call: queueing, failed attempts, backoff and the final attempt. */
  totalMs: number;
  /** Wall time of the attempt that produced the result. */
  attemptMs: number;
  /** Time to the first content delta (streams only; null for non-streaming calls). */
  firstTokenMs: number | null;
  /** Time to the last content delta (streams only). */
  lastTokenMs: number | null;
  /** What the service says it spent (Bedrock `metrics.latencyMs`); null when not reported. */
  serviceMs: number | null;
  /** Time slept between attempts after throttling or server errors. */
  retryWaitMs: number;
  /** Time spent waiting for a slot in the per-model concurrency limiter. */
  queueMs: number;
  attempts: number;
}

export interface ModelResult {
  output: ModelOutput;
  usage: ReportedUsage;
  latency: Latency;
  /** The model that actually served the call: for a Bedrock prompt router, the routed-to model. */
  modelId: string;
  /** The id the request named (a router ARN, a profile id, ...). */
  requestedModelId: string;
  requestId: string | null;
  /** The tier the service says it used (Bedrock and OpenAI echo it); null when not reported. */
  serviceTier: ServiceTier | 'reserved' | null;
  /** The response as received (for streams: the start, stop and metadata events). */
  raw: unknown;
}

export type StreamEvent =
  | { type: 'text-delta'; index: number; text: string }
  | { type: 'tool-use-start'; index: number; toolUseId: string; name: string }
  | { type: 'tool-use-delta'; index: number; inputDelta: string }
  | { type: 'end'; result: ModelResult };

/**
 * A running stream. Iterate it for events; `snapshot()` gives what has been seen so far, so a
 * caller that stops reading early still gets the usage it will be billed for (`null` buckets when
 * the provider had not reported usage yet). The underlying request is cancelled when the caller
 * stops iterating.
 */
export interface ModelStream extends AsyncIterable<StreamEvent> {
  snapshot(): ModelResult;
}

export interface CallOptions {
  /** Cancels the call (and any retry wait). */
  signal?: AbortSignal;
  /** Per-attempt timeout in ms; overrides the provider's default. For streams it covers the whole stream. */
  timeoutMs?: number;
}

export interface ModelProvider {
  readonly name: string;
  invoke(request: ModelRequest, options?: CallOptions): Promise<ModelResult>;
  stream(request: ModelRequest, options?: CallOptions): ModelStream;
}
