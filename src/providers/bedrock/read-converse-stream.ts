import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import type { StreamPart } from '../provider-response.js';
import { convertConverseUsage } from './convert-converse-usage.js';
import { readServiceTier } from './convert-converse-response.js';
import { mapBedrockStopReason } from './map-bedrock-stop-reason.js';

/**
 * ConverseStream events to provider-neutral parts. Exception events inside the stream (throttling,
 * model stream errors) are thrown as the SDK's exception objects, so the usual mapper sees them.
 */
export async function* readConverseStream(events: AsyncIterable<ConverseStreamOutput>): AsyncGenerator<StreamPart> {
  for await (const event of events) {
    if (event.contentBlockStart !== undefined) {
      const toolUse = event.contentBlockStart.start?.toolUse;
      if (toolUse !== undefined) {
        yield { type: 'tool-use-start', index: event.contentBlockStart.contentBlockIndex ?? 0, toolUseId: toolUse.toolUseId ?? '', name: toolUse.name ?? '' };
      }
    } else if (event.contentBlockDelta !== undefined) {
      const index = event.contentBlockDelta.contentBlockIndex ?? 0;
      const delta = event.contentBlockDelta.delta;
      if (delta?.text !== undefined) yield { type: 'text-delta', index, text: delta.text };
      else if (delta?.toolUse !== undefined) yield { type: 'tool-use-delta', index, inputDelta: delta.toolUse.input ?? '' };
      else yield { type: 'other-delta' };
    } else if (event.messageStop !== undefined) {
      const reason = event.messageStop.stopReason;
      yield { type: 'stop', stopReason: mapBedrockStopReason(reason), rawStopReason: reason ?? null, raw: event.messageStop };
    } else if (event.metadata !== undefined) {
      const { metadata } = event;
      yield {
        type: 'metadata',
        usage: convertConverseUsage(metadata.usage),
        serviceMs: metadata.metrics?.latencyMs ?? null,
        servedModelId: metadata.trace?.promptRouter?.invokedModelId ?? null,
        serviceTier: readServiceTier(metadata.serviceTier),
        raw: metadata,
      };
    } else {
      const exception =
        event.internalServerException ?? event.modelStreamErrorException ?? event.validationException ?? event.throttlingException ?? event.serviceUnavailableException;
      if (exception !== undefined) throw exception;
    }
  }
}
