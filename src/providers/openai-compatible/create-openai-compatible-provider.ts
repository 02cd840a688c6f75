import OpenAI from 'openai';
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { InvalidArgumentError } from '../../core/index.js';
import { type CallPolicySettings, createCallPolicy } from '../call-policy.js';
import type { CallOptions, ModelProvider, ModelResult, ModelStream } from '../model-provider.js';
import { type ModelRequest, parseModelRequest } from '../model-request.js';
import { runModelCall } from '../run-model-call.js';
import { runModelStream } from '../run-model-stream.js';
import { convertChatCompletion } from './convert-chat-completion.js';
import { mapOpenAIError } from './map-openai-error.js';
import { type PrepareChatCompletionOptions, prepareChatCompletion } from './prepare-chat-completion.js';
import { readChatCompletionStream } from './read-chat-completion-stream.js';

export interface OpenAICompatibleProviderSettings extends CallPolicySettings, PrepareChatCompletionOptions {
  /** e.g. `http://localhost:11434/v1` (Ollama), `http://localhost:8000/v1` (vLLM), `http://localhost:1234/v1` (LM Studio). */
  baseURL?: string;
  /** Local servers ignore it; a placeholder is sent when none is given. */
  apiKey?: string;
  /** A client to use as is; create it with `maxRetries: 0` so our retries are the only ones. */
  client?: OpenAI;
  /**
   * Sends non-streamed calls instead of `client` (streams still go through it): the gateway's
   * direct node:http POST, because the client's request building costs several times the hop
   * itself. It must throw the `openai` package's errors (APIError.generate for an HTTP error,
   * APIConnectionError, APIUserAbortError) so failures map exactly as the client's do.
   */
  postChatCompletion?: ChatCompletionPost;
}

/** One non-streamed chat completion: the parsed body and the server's `x-request-id`. */
export type ChatCompletionPost = (body: ChatCompletionCreateParamsNonStreaming, signal: AbortSignal) => Promise<{ data: ChatCompletion; request_id: string | null }>;

/**
 * Any server speaking OpenAI chat completions (OpenAI, vLLM, Ollama, LM Studio) through the
 * `openai` package, with the shared retry, timeout and AIMD policy. Streams ask for usage with
 * `stream_options.include_usage`.
 */
export function createOpenAICompatibleProvider(settings: OpenAICompatibleProviderSettings = {}): ModelProvider {
  if (settings.client !== undefined && settings.client.maxRetries > 0) {
    throw new InvalidArgumentError(
      'client',
      `The injected OpenAI client retries on its own (maxRetries ${settings.client.maxRetries}). Create it with maxRetries: 0 so frugal's retries and concurrency limiter see every throttle.`,
    );
  }
  const client =
    settings.client ??
    new OpenAI({
      apiKey: settings.apiKey ?? 'not-set',
      maxRetries: 0,
      ...(settings.baseURL !== undefined && { baseURL: settings.baseURL }),
    });
  const policy = createCallPolicy('openai-compatible', settings);
  const prepareOptions = { ...(settings.maxTokensField !== undefined && { maxTokensField: settings.maxTokensField }) };
  const post: ChatCompletionPost = settings.postChatCompletion ?? ((body, signal) => client.chat.completions.create(body, { signal }).withResponse());

  async function invoke(input: ModelRequest, options?: CallOptions): Promise<ModelResult> {
    const request = parseModelRequest(input);
    const body = prepareChatCompletion(request, prepareOptions);
    return runModelCall({
      policy,
      modelId: request.modelId,
      options,
      mapError: (error) => mapOpenAIError(error, { modelId: request.modelId, baseURL: client.baseURL, now: policy.now }),
      send: async (signal) => {
        const { data, request_id } = await post({ ...body, stream: false }, signal);
        return convertChatCompletion(data, request_id);
      },
    });
  }

  function stream(input: ModelRequest, options?: CallOptions): ModelStream {
    const request = parseModelRequest(input);
    const body = prepareChatCompletion(request, prepareOptions);
    return runModelStream({
      policy,
      modelId: request.modelId,
      options,
      mapError: (error, phase) => mapOpenAIError(error, { modelId: request.modelId, baseURL: client.baseURL, phase, now: policy.now }),
      open: async (signal) => {
        const { data, request_id } = await client.chat.completions
          .create({ ...body, stream: true, stream_options: { include_usage: true } }, { signal })
          .withResponse();
        return { requestId: request_id, parts: readChatCompletionStream(data) };
      },
    });
  }

  return { name: 'openai-compatible', invoke, stream };
}
