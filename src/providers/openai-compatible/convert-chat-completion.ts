import type { ChatCompletion } from 'openai/resources/chat/completions';
import type { ModelResult, OutputBlock } from '../model-provider.js';
import { parseToolInput, type ProviderResponse } from '../provider-response.js';
import { convertOpenAIUsage } from './convert-openai-usage.js';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';

export function readOpenAIServiceTier(tier: string | null | undefined): ModelResult['serviceTier'] {
  return tier === 'default' || tier === 'flex' || tier === 'priority' ? tier : null;
}

/** A chat completion to the provider-neutral shape. `model` in the body is the model that served. */
export function convertChatCompletion(completion: ChatCompletion, requestId: string | null): ProviderResponse {
  const choice = completion.choices[0];
  const content: OutputBlock[] = [];
  const text = choice?.message.content;
  if (text !== null && text !== undefined && text !== '') content.push({ type: 'text', text });
  for (const call of choice?.message.tool_calls ?? []) {
    if (call.type === 'function') content.push({ type: 'tool-use', toolUseId: call.id, name: call.function.name, input: parseToolInput(call.function.arguments) });
  }
  const reason = choice?.finish_reason;
  return {
    content,
    stopReason: mapOpenAIFinishReason(reason),
    rawStopReason: reason ?? null,
    usage: convertOpenAIUsage(completion.usage),
    servedModelId: completion.model !== '' ? completion.model : null,
    serviceMs: null,
    serviceTier: readOpenAIServiceTier(completion.service_tier),
    requestId,
    raw: completion,
  };
}
