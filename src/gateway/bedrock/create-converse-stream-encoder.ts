import { encodeEventFrame, encodeExceptionFrame } from '../../emulator/encode-event-stream.js';
import type { PipelineStreamEvent } from '../../client/index.js';
import type { ModelResult } from '../../providers/index.js';
import type { GatewayErrorKind } from '../errors/gateway-http-error.js';
import { findContentFilter } from '../errors/find-content-filter.js';
import { toGatewayHttpError } from '../errors/to-gateway-http-error.js';
import type { EventEncoder } from '../server/create-event-body.js';
import { converseStopReason, converseUsage } from '../../client/index.js';
import { readAdditionalFields } from './format-converse-response.js';

/** The ConverseStream exception members a failure after the first byte can be sent as. */
function exceptionFor(kind: GatewayErrorKind, code: string): string {
  if (kind === 'rate_limited') return 'ThrottlingException';
  if (kind === 'unavailable') return 'ServiceUnavailableException';
  if (kind === 'invalid_request') return 'ValidationException';
  return code === 'STREAM_INTERRUPTED' || kind === 'upstream_error' ? 'ModelStreamErrorException' : 'InternalServerException';
}

/**
 * ConverseStream frames, in Bedrock's order and AWS event-stream framing (the emulator's
 * encoder): messageStart; contentBlockStart for tool use only; contentBlockDelta; contentBlockStop
 * when a block ends; messageStop with the stop reason; metadata with usage and latency. A failure
 * after the first frame is an exception frame, which the AWS SDK throws mid-iteration as the named
 * exception.
 */
export function createConverseStreamEncoder(fromBedrock: boolean): EventEncoder {
  let started = false;
  let open: number | undefined;
  const start = (): Uint8Array[] => {
    if (started) return [];
    started = true;
    return [encodeEventFrame('messageStart', { role: 'assistant' })];
  };
  const enter = (index: number): Uint8Array[] => {
    if (open === index) return [];
    const frames = open === undefined ? [] : [encodeEventFrame('contentBlockStop', { contentBlockIndex: open })];
    open = index;
    return frames;
  };
  const close = (): Uint8Array[] => {
    if (open === undefined) return [];
    const frame = encodeEventFrame('contentBlockStop', { contentBlockIndex: open });
    open = undefined;
    return [frame];
  };
  const finish = (result: Pick<ModelResult, 'output' | 'usage' | 'latency' | 'raw'>): Uint8Array[] => {
    const additional = fromBedrock ? readAdditionalFields(result.raw) : undefined;
    return [
      ...start(),
      ...close(),
      encodeEventFrame('messageStop', { stopReason: converseStopReason(result), ...(additional !== undefined && { additionalModelResponseFields: additional }) }),
      encodeEventFrame('metadata', { usage: converseUsage(result.usage), metrics: { latencyMs: Math.round(result.latency.serviceMs ?? result.latency.totalMs) } }),
    ];
  };

  return {
    event(event: PipelineStreamEvent) {
      switch (event.type) {
        case 'start':
          return start();
        case 'text-delta':
          return [...start(), ...enter(event.index), encodeEventFrame('contentBlockDelta', { contentBlockIndex: event.index, delta: { text: event.text } })];
        case 'tool-use-start':
          return [...start(), ...enter(event.index), encodeEventFrame('contentBlockStart', { contentBlockIndex: event.index, start: { toolUse: { toolUseId: event.toolUseId, name: event.name } } })];
        case 'tool-use-delta':
          return [...enter(event.index), encodeEventFrame('contentBlockDelta', { contentBlockIndex: event.index, delta: { toolUse: { input: event.inputDelta } } })];
        case 'end':
          return finish(event.result.result);
      }
    },
    end: () => [],
    error(error) {
      const filtered = findContentFilter(error);
      if (filtered !== undefined) {
        return finish({
          output: { content: [], stopReason: 'content-filter', rawStopReason: filtered.stopReason ?? null },
          usage: filtered.usage ?? { inputTokens: null, cacheReadTokens: null, cacheWrite5mTokens: null, cacheWrite1hTokens: null, outputTokens: null, raw: undefined },
          latency: { totalMs: 0, attemptMs: 0, firstTokenMs: null, lastTokenMs: null, serviceMs: null, retryWaitMs: 0, queueMs: 0, attempts: 1 },
          raw: undefined,
        });
      }
      const mapped = toGatewayHttpError(error);
      return [encodeExceptionFrame(exceptionFor(mapped.kind, (error as { code?: string }).code ?? ''), { message: mapped.message })];
    },
  };
}
