import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { StreamPart } from '../provider-response.js';
import { readOpenAIServiceTier } from './convert-chat-completion.js';
import { convertOpenAIUsage } from './convert-openai-usage.js';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';

/**
 * Chat-completion chunks to provider-neutral parts. Text is block 0 and tool call `n` is block
 * `n + 1`. With `include_usage` the usage comes in a last chunk with no choices, after the
 * finish reason; servers that ignore the option send none, and usage stays unknown.
 */
export async function* readChatCompletionStream(chunks: AsyncIterable<ChatCompletionChunk>): AsyncGenerator<StreamPart> {
  const startedTools = new Set<number>();
  let sawModel = false;
  for await (const chunk of chunks) {
    if (!sawModel && chunk.model !== '') {
      sawModel = true;
      // Every chunk names the serving model; record it even if no usage chunk ever comes.
      yield { type: 'metadata', servedModelId: chunk.model, raw: undefined };
    }
    const choice = chunk.choices[0];
    const delta = choice?.delta;
    if (delta?.content !== undefined && delta.content !== null && delta.content !== '') {
      yield { type: 'text-delta', index: 0, text: delta.content };
    }
    for (const call of delta?.tool_calls ?? []) {
      const index = call.index + 1;
      if (!startedTools.has(index)) {
        startedTools.add(index);
        yield { type: 'tool-use-start', index, toolUseId: call.id ?? `call_${call.index}`, name: call.function?.name ?? '' };
      }
      if (call.function?.arguments !== undefined && call.function.arguments !== '') {
        yield { type: 'tool-use-delta', index, inputDelta: call.function.arguments };
      }
    }
    if (choice?.finish_reason !== undefined && choice.finish_reason !== null) {
      yield { type: 'stop', stopReason: mapOpenAIFinishReason(choice.finish_reason), rawStopReason: choice.finish_reason, raw: chunk };
    }
    if (chunk.usage !== undefined && chunk.usage !== null) {
      yield {
        type: 'metadata',
        usage: convertOpenAIUsage(chunk.usage),
        servedModelId: chunk.model !== '' ? chunk.model : null,
        serviceTier: readOpenAIServiceTier(chunk.service_tier),
        raw: chunk,
      };
    }
  }
}
