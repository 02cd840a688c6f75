import type { ReportedUsage } from '../core/index.js';
import type { Latency, ModelResult, OutputBlock, StopReason } from './model-provider.js';

/** What a provider adapter extracts from one response, before the shared runner adds timing. */
export interface ProviderResponse {
  content: OutputBlock[];
  stopReason: StopReason;
  rawStopReason: string | null;
  usage: ReportedUsage;
  /** The model that served, when the response says (prompt routers, OpenAI snapshots). */
  servedModelId: string | null;
  serviceMs: number | null;
  serviceTier: ModelResult['serviceTier'];
  requestId: string | null;
  raw: unknown;
}

/** What a provider's stream reader yields; the shared runner turns it into events and a result. */
export type StreamPart =
  | { type: 'text-delta'; index: number; text: string }
  | { type: 'tool-use-start'; index: number; toolUseId: string; name: string }
  | { type: 'tool-use-delta'; index: number; inputDelta: string }
  /** Content we do not surface (reasoning, citations); it still counts for token timing. */
  | { type: 'other-delta' }
  | { type: 'stop'; stopReason: StopReason; rawStopReason: string | null; raw: unknown }
  | {
      type: 'metadata';
      usage?: ReportedUsage;
      serviceMs?: number | null;
      servedModelId?: string | null;
      serviceTier?: ModelResult['serviceTier'];
      raw: unknown;
    };

/** Usage when the provider reported none: every bucket unknown, never a silent 0. */
export function createUnknownUsage(raw?: unknown): ReportedUsage {
  return { inputTokens: null, cacheReadTokens: null, cacheWrite5mTokens: null, cacheWrite1hTokens: null, outputTokens: null, raw };
}

export function createModelResult(requestedModelId: string, response: ProviderResponse, latency: Latency): ModelResult {
  return {
    output: { content: response.content, stopReason: response.stopReason, rawStopReason: response.rawStopReason },
    usage: response.usage,
    latency,
    modelId: response.servedModelId ?? requestedModelId,
    requestedModelId,
    requestId: response.requestId,
    serviceTier: response.serviceTier,
    raw: response.raw,
  };
}

/** Parses a tool call's JSON arguments; keeps the string when the model produced invalid JSON. */
export function parseToolInput(json: string): unknown {
  if (json.trim() === '') return {};
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return json;
  }
}
