import type { ReportedUsage } from '../../core/index.js';
import type { ModelResult, StopReason } from '../../providers/index.js';

const bedrockStopReasons: Record<StopReason, string> = {
  end: 'end_turn',
  length: 'max_tokens',
  'stop-sequence': 'stop_sequence',
  'tool-use': 'tool_use',
  'content-filter': 'content_filtered',
  'context-window': 'model_context_window_exceeded',
  error: 'end_turn',
  incomplete: 'end_turn',
  other: 'end_turn',
};

/** Bedrock's own stop reason when Bedrock answered; otherwise the closest Converse value. */
export function formatStopReason(result: Pick<ModelResult, 'output'>, fromBedrock: boolean): string {
  return fromBedrock && result.output.rawStopReason !== null ? result.output.rawStopReason : bedrockStopReasons[result.output.stopReason];
}

/** Converse `usage`: input without cache tokens, as Bedrock counts it; unreported buckets count 0. */
export function formatConverseUsage(usage: ReportedUsage): Record<string, number> {
  const input = usage.inputTokens ?? 0;
  const output = usage.outputTokens ?? 0;
  const cacheRead = usage.cacheReadTokens ?? 0;
  const cacheWrite = (usage.cacheWrite5mTokens ?? 0) + (usage.cacheWrite1hTokens ?? 0);
  return { inputTokens: input, outputTokens: output, totalTokens: input + output + cacheRead + cacheWrite, cacheReadInputTokens: cacheRead, cacheWriteInputTokens: cacheWrite };
}

/** Fields of Bedrock's own response worth passing on (model-specific fields, the emulator's "simulated" marker). */
export function readAdditionalFields(raw: unknown): Record<string, unknown> | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const direct = (raw as { additionalModelResponseFields?: unknown }).additionalModelResponseFields;
  const fromStop = (raw as { stop?: { additionalModelResponseFields?: unknown } }).stop?.additionalModelResponseFields;
  const fields = direct ?? fromStop;
  return typeof fields === 'object' && fields !== null ? (fields as Record<string, unknown>) : undefined;
}

/** A Converse response body (what `ConverseCommand` parses) from the pipeline's result. */
export function formatConverseResponse(result: ModelResult, fromBedrock: boolean): Record<string, unknown> {
  const content = result.output.content.map((block) =>
    block.type === 'text' ? { text: block.text } : { toolUse: { toolUseId: block.toolUseId, name: block.name, input: block.input } },
  );
  const additional = fromBedrock ? readAdditionalFields(result.raw) : undefined;
  return {
    output: { message: { role: 'assistant', content } },
    stopReason: formatStopReason(result, fromBedrock),
    usage: formatConverseUsage(result.usage),
    metrics: { latencyMs: Math.round(result.latency.serviceMs ?? result.latency.totalMs) },
    ...(additional !== undefined && { additionalModelResponseFields: additional }),
  };
}
