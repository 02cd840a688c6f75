import type { OutputBlock } from '../model-provider.js';
import type { ModelResult } from '../model-provider.js';
import type { ProviderResponse } from '../provider-response.js';
import { convertConverseUsage, type ConverseUsage } from './convert-converse-usage.js';
import { mapBedrockStopReason } from './map-bedrock-stop-reason.js';

/**
 * The parts of a Converse response we read. Deliberately partial and loose (SDK output and
 * hand-written fixtures both fit), so a new field from AWS breaks nothing.
 */
export interface ConverseResponseShape {
  output?: { message?: { content?: ReadonlyArray<ConverseOutputBlock> | undefined } | undefined } | undefined;
  stopReason?: string | undefined;
  usage?: ConverseUsage | undefined;
  metrics?: { latencyMs?: number | undefined } | undefined;
  trace?: { promptRouter?: { invokedModelId?: string | undefined } | undefined } | undefined;
  serviceTier?: { type?: string | undefined } | undefined;
  $metadata?: { requestId?: string | undefined } | undefined;
}

export interface ConverseOutputBlock {
  text?: string | undefined;
  toolUse?: { toolUseId?: string | undefined; name?: string | undefined; input?: unknown } | undefined;
}

/** Text and tool-use blocks only: reasoning and citations are billed as output but not surfaced. */
function convertContent(blocks: ReadonlyArray<ConverseOutputBlock>): OutputBlock[] {
  const content: OutputBlock[] = [];
  for (const block of blocks) {
    if (block.text !== undefined) content.push({ type: 'text', text: block.text });
    else if (block.toolUse !== undefined) {
      content.push({ type: 'tool-use', toolUseId: block.toolUse.toolUseId ?? '', name: block.toolUse.name ?? '', input: block.toolUse.input ?? {} });
    }
  }
  return content;
}

export function readServiceTier(tier: { type?: string | undefined } | undefined): ModelResult['serviceTier'] {
  const type = tier?.type;
  return type === 'default' || type === 'flex' || type === 'priority' || type === 'reserved' ? type : null;
}

/** A Converse response to the provider-neutral shape; the prompt router's choice is the served model. */
export function convertConverseResponse(response: ConverseResponseShape): ProviderResponse {
  return {
    content: convertContent(response.output?.message?.content ?? []),
    stopReason: mapBedrockStopReason(response.stopReason),
    rawStopReason: response.stopReason ?? null,
    usage: convertConverseUsage(response.usage),
    servedModelId: response.trace?.promptRouter?.invokedModelId ?? null,
    serviceMs: response.metrics?.latencyMs ?? null,
    serviceTier: readServiceTier(response.serviceTier),
    requestId: response.$metadata?.requestId ?? null,
    raw: response,
  };
}
