import type { PipelineStreamEvent } from '../../client/index.js';
import { formatOpenAIErrorBody } from '../errors/format-error-response.js';
import { findContentFilter } from '../errors/find-content-filter.js';
import { toGatewayHttpError } from '../errors/to-gateway-http-error.js';
import type { EventEncoder } from '../server/create-event-body.js';
import { type ChatCompletionIdentity, formatChatUsage, mapFinishReason } from './format-chat-completion.js';

const encoder = new TextEncoder();
const sse = (data: unknown): Uint8Array => encoder.encode(`data: ${JSON.stringify(data)}\n\n`);

/**
 * Server-sent `chat.completion.chunk` events as OpenAI sends them: a role delta, content and
 * tool-call deltas, a chunk with `finish_reason`, then — with `stream_options.include_usage` — a
 * chunk with empty `choices` and the usage, and `data: [DONE]`. An error after the first byte is
 * a `data: {"error": ...}` event, which the openai SDK raises as an APIError; a content filter at
 * the end is `finish_reason: content_filter`, as OpenAI reports it.
 */
export function createChatCompletionEncoder(identity: ChatCompletionIdentity, includeUsage: boolean): EventEncoder {
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null, extra: Record<string, unknown> = {}): Uint8Array =>
    sse({ id: identity.id, object: 'chat.completion.chunk', created: identity.created, model: identity.model, choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }], ...extra });
  let started = false;
  const toolIndexes = new Map<number, number>();
  const start = (): Uint8Array[] => {
    if (started) return [];
    started = true;
    return [chunk({ role: 'assistant', content: '' })];
  };
  const finish = (reason: string, usage: ReturnType<typeof formatChatUsage> | undefined): Uint8Array[] => [
    ...start(),
    chunk({}, reason),
    ...(includeUsage && usage !== undefined ? [sse({ id: identity.id, object: 'chat.completion.chunk', created: identity.created, model: identity.model, choices: [], usage })] : []),
  ];

  return {
    event(event: PipelineStreamEvent) {
      switch (event.type) {
        case 'start':
          return start();
        case 'text-delta':
          return [...start(), chunk({ content: event.text })];
        case 'tool-use-start': {
          const index = toolIndexes.size;
          toolIndexes.set(event.index, index);
          return [...start(), chunk({ tool_calls: [{ index, id: event.toolUseId, type: 'function', function: { name: event.name, arguments: '' } }] })];
        }
        case 'tool-use-delta':
          return [chunk({ tool_calls: [{ index: toolIndexes.get(event.index) ?? 0, function: { arguments: event.inputDelta } }] })];
        case 'end':
          return finish(mapFinishReason(event.result.result.output.stopReason), formatChatUsage(event.result.result.usage));
      }
    },
    end: () => [encoder.encode('data: [DONE]\n\n')],
    error(error) {
      const filtered = findContentFilter(error);
      if (filtered !== undefined) return [...finish('content_filter', filtered.usage === undefined ? undefined : formatChatUsage(filtered.usage)), encoder.encode('data: [DONE]\n\n')];
      return [sse(formatOpenAIErrorBody(toGatewayHttpError(error)))];
    },
  };
}
