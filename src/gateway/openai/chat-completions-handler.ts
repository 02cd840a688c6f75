import type { Handler, MiddlewareHandler } from 'hono';
import { toGatewayHttpError } from '../errors/to-gateway-http-error.js';
import type { GatewayEnv } from '../gateway-env.js';
import type { GatewayServices } from '../gateway-services.js';
import { findContentFilter, invokePipeline, openPipelineStream } from '../pipeline/call-pipeline.js';
import { createEventBody } from '../server/create-event-body.js';
import { readConversationId, readJsonBody, readTask } from '../server/read-json-body.js';
import { chatCompletionRequestSchema } from './chat-completion-request-schema.js';
import { convertChatCompletionRequest } from './convert-chat-completion-request.js';
import { createChatCompletionEncoder } from './create-chat-completion-encoder.js';
import { formatChatCompletion } from './format-chat-completion.js';

/** Reads and checks a chat-completions body into the request the rest of the chain works on. */
export function parseChatCompletion(): MiddlewareHandler<GatewayEnv> {
  return async function parseChatCompletion(c, next) {
    const body = await readJsonBody(c, chatCompletionRequestSchema);
    const request = convertChatCompletionRequest(body);
    c.set('call', {
      request,
      stream: body.stream === true,
      includeUsage: body.stream_options?.include_usage === true,
      model: body.model,
      task: readTask(c, request.requestMetadata),
      conversationId: readConversationId(c),
    });
    await next();
  };
}

const unknownUsage = { inputTokens: null, cacheReadTokens: null, cacheWrite5mTokens: null, cacheWrite1hTokens: null, outputTokens: null, raw: undefined };

/**
 * `POST /v1/chat/completions`: the call through the pipeline, answered as a `chat.completion` or,
 * with `stream: true`, as server-sent chunks. `model` in the answer is the model that served;
 * `x-frugal-model` says the same in a header (streams: the model that starts answering).
 */
export function chatCompletions(services: Pick<GatewayServices, 'pipeline' | 'now' | 'metrics'>): Handler<GatewayEnv> {
  return async function chatCompletions(c) {
    const call = c.get('call');
    const requestId = c.get('requestId');
    const identity = { id: `chatcmpl-${requestId}`, created: Math.floor(services.now() / 1000), model: call.model };
    if (!call.stream) {
      try {
        const { result } = await invokePipeline(c, services);
        c.header('x-frugal-model', result.modelId);
        return c.json(formatChatCompletion(result.output, result.usage, { ...identity, model: result.modelId }));
      } catch (error) {
        // OpenAI reports a filtered answer as a completion with finish_reason content_filter.
        const filtered = findContentFilter(error);
        if (filtered === undefined) throw error;
        const output = { content: [{ type: 'text' as const, text: filtered.outputText }], stopReason: 'content-filter' as const, rawStopReason: filtered.stopReason ?? null };
        return c.json(formatChatCompletion(output, filtered.usage ?? unknownUsage, identity));
      }
    }
    const { iterator, first } = await openPipelineStream(c, services);
    if (first.done !== true && first.value.type === 'start') {
      c.header('x-frugal-model', first.value.modelId);
      identity.model = first.value.modelId;
    }
    const { body, finished } = createEventBody(iterator, first, createChatCompletionEncoder(identity, call.includeUsage));
    c.get('track')(
      finished.then(({ outcome, error }) => {
        if (outcome === 'failed') services.metrics.error(`stream_${toGatewayHttpError(error).kind}`);
      }),
    );
    return c.body(body, 200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
  };
}
