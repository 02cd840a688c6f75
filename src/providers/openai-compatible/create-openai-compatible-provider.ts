import OpenAI from 'openai';
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
}

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

  async function invoke(input: ModelRequest, options?: CallOptions): Promise<ModelResult> {
    const request = parseModelRequest(input);
    const body = prepareChatCompletion(request, prepareOptions);
    return runModelCall({
      policy,
      modelId: request.modelId,
      options,
      mapError: (error) => mapOpenAIError(error, { modelId: request.modelId, baseURL: client.baseURL, now: policy.now }),
      send: async (signal) => {
        const { data, request_id } = await client.chat.completions.create({ ...body, stream: false }, { signal }).withResponse();
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
