import type { Completion } from './create-simulation-engine.js';

/** Where every response says it is simulated without breaking the SDK's shapes. */
export function simulatedMarker(completion: Completion): { frugal: { simulated: true; model: string; emulator: 'frugal' } } {
  return { frugal: { simulated: true, model: completion.model.id, emulator: 'frugal' } };
}

export interface TokenUsageJson {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cacheReadInputTokens: number;
  cacheWriteInputTokens: number;
  cacheDetails?: { ttl: '5m' | '1h'; inputTokens: number }[];
}

export interface ConverseResponseJson {
  output: { message: { role: 'assistant'; content: { text: string }[] } };
  stopReason: string;
  usage: TokenUsageJson;
  metrics: { latencyMs: number };
  additionalModelResponseFields: Record<string, unknown>;
  [echoed: string]: unknown;
}

/**
 * Converse `usage`: `inputTokens` excludes cache reads and writes, as Bedrock reports it. The
 * cache counters are always present (0 when nothing was cached), so "a checkpoint was sent and
 * both counters are 0" is visible for models and prefixes that do not cache.
 */
export function formatConverseUsage(completion: Completion): TokenUsageJson {
  const { usage } = completion;
  return {
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    totalTokens: usage.totalTokens,
    cacheReadInputTokens: usage.cacheReadInputTokens,
    cacheWriteInputTokens: usage.cacheWriteInputTokens,
    ...(usage.cacheWrites.length > 0 && { cacheDetails: usage.cacheWrites.map((write) => ({ ttl: write.ttl, inputTokens: write.inputTokens })) }),
  };
}

/** Bedrock's `trace.promptRouter` (ConverseTrace / ConverseStreamTrace), only when a router served the request. */
function routerTrace(completion: Completion): { trace?: { promptRouter: { invokedModelId: string } } } {
  return completion.promptRouter === undefined ? {} : { trace: { promptRouter: { invokedModelId: completion.promptRouter.invokedModelId } } };
}

export function formatConverseResponse(completion: Completion, echo: Record<string, unknown>): ConverseResponseJson {
  return {
    output: { message: { role: 'assistant', content: [{ text: completion.text }] } },
    stopReason: completion.stopReason,
    usage: formatConverseUsage(completion),
    metrics: { latencyMs: completion.timing.latencyMs },
    additionalModelResponseFields: simulatedMarker(completion),
    ...routerTrace(completion),
    ...echo,
  };
}

export interface StreamEvent {
  /** `:event-type` of the frame. */
  type: string;
  body: Record<string, unknown>;
}

/**
 * ConverseStream events in Bedrock's order. Text blocks get no contentBlockStart (Bedrock sends
 * it only for tool use), then deltas, contentBlockStop, messageStop and the usage metadata.
 */
export function formatConverseStreamEvents(completion: Completion, echo: Record<string, unknown>): { head: StreamEvent[]; deltas: StreamEvent[]; tail: StreamEvent[] } {
  return {
    head: [{ type: 'messageStart', body: { role: 'assistant' } }],
    deltas: completion.deltas.map((text) => ({ type: 'contentBlockDelta', body: { contentBlockIndex: 0, delta: { text } } })),
    tail: [
      { type: 'contentBlockStop', body: { contentBlockIndex: 0 } },
      { type: 'messageStop', body: { stopReason: completion.stopReason, additionalModelResponseFields: simulatedMarker(completion) } },
      { type: 'metadata', body: { usage: formatConverseUsage(completion), metrics: { latencyMs: completion.timing.latencyMs }, ...routerTrace(completion), ...echo } },
    ],
  };
}
