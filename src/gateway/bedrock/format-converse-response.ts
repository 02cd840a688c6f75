import { converseStopReason, converseUsage } from '../../client/index.js';
import type { ModelResult } from '../../providers/index.js';

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
    stopReason: converseStopReason(result),
    usage: converseUsage(result.usage),
    metrics: { latencyMs: Math.round(result.latency.serviceMs ?? result.latency.totalMs) },
    ...(additional !== undefined && { additionalModelResponseFields: additional }),
  };
}
