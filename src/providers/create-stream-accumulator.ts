import type { ReportedUsage } from '../core/index.js';
import type { OutputBlock, StreamEvent } from './model-provider.js';
import { createUnknownUsage, parseToolInput, type ProviderResponse, type StreamPart } from './provider-response.js';

type BlockDraft = { type: 'text'; text: string } | { type: 'tool-use'; toolUseId: string; name: string; inputJson: string };

export interface StreamAccumulator {
  /** Folds a part in; returns the event to hand to the caller, if any. */
  accept(part: StreamPart): StreamEvent | undefined;
  readonly stopped: boolean;
  readonly usage: ReportedUsage;
  readonly firstTokenAt: number | null;
  readonly lastTokenAt: number | null;
  /** The response so far; `incomplete` until a stop part arrives. */
  response(): ProviderResponse;
}

/** Builds the final result of a stream from its parts, timing the first and last content delta. */
export function createStreamAccumulator(requestId: string | null, now: () => number): StreamAccumulator {
  const blocks = new Map<number, BlockDraft>();
  let stop: Extract<StreamPart, { type: 'stop' }> | undefined;
  let metadata: Extract<StreamPart, { type: 'metadata' }> | undefined;
  let usage = createUnknownUsage();
  let firstTokenAt: number | null = null;
  let lastTokenAt: number | null = null;

  function markToken(): void {
    lastTokenAt = now();
    firstTokenAt ??= lastTokenAt;
  }

  function accept(part: StreamPart): StreamEvent | undefined {
    switch (part.type) {
      case 'text-delta': {
        markToken();
        const block = blocks.get(part.index);
        if (block?.type === 'text') block.text += part.text;
        else blocks.set(part.index, { type: 'text', text: part.text });
        return part;
      }
      case 'tool-use-start':
        blocks.set(part.index, { type: 'tool-use', toolUseId: part.toolUseId, name: part.name, inputJson: '' });
        return part;
      case 'tool-use-delta': {
        markToken();
        const block = blocks.get(part.index);
        if (block?.type === 'tool-use') block.inputJson += part.inputDelta;
        return part;
      }
      case 'other-delta':
        markToken();
        return undefined;
      case 'stop':
        stop = part;
        return undefined;
      case 'metadata':
        metadata = { ...metadata, ...part };
        if (part.usage !== undefined) usage = part.usage;
        return undefined;
    }
  }

  function response(): ProviderResponse {
    const content: OutputBlock[] = [...blocks.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, block]) =>
        block.type === 'text' ? block : { type: 'tool-use', toolUseId: block.toolUseId, name: block.name, input: parseToolInput(block.inputJson) },
      );
    return {
      content,
      stopReason: stop?.stopReason ?? 'incomplete',
      rawStopReason: stop?.rawStopReason ?? null,
      usage,
      servedModelId: metadata?.servedModelId ?? null,
      serviceMs: metadata?.serviceMs ?? null,
      serviceTier: metadata?.serviceTier ?? null,
      requestId,
      raw: { stop: stop?.raw, metadata: metadata?.raw },
    };
  }

  return {
    accept,
    get stopped() {
      return stop !== undefined;
    },
    get usage() {
      return usage;
    },
    get firstTokenAt() {
      return firstTokenAt;
    },
    get lastTokenAt() {
      return lastTokenAt;
    },
    response,
  };
}
