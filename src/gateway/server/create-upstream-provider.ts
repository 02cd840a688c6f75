import OpenAI from 'openai';
import type { GatewayUpstream } from '../../config/index.js';
import {
  type AimdLimiterOptions,
  type BedrockProviderSettings,
  createAimdLimiterPool,
  createBedrockProvider,
  createOpenAICompatibleProvider,
  type ModelProvider,
  type ModelStream,
  type RetryOptions,
  type StreamEvent,
} from '../../providers/index.js';
import { createChatCompletionPost } from './create-chat-completion-post.js';
import { createNodeFetch } from './create-node-fetch.js';

export interface UpstreamProviderOptions {
  /** Environment for `apiKeyEnv` (the process's by default). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Bedrock credentials instead of the standard chain (tests against the emulator). */
  bedrockCredentials?: BedrockProviderSettings['credentials'];
  /** Backoff overrides (tests make it fast); attempts come from the config. */
  retry?: Omit<RetryOptions, 'maxAttempts'>;
  /** How fast the AIMD limit grows back after throttling (load tests shorten the 2 s default). */
  limiter?: Pick<AimdLimiterOptions, 'increaseAfterSuccesses' | 'increaseIntervalMs'>;
}

export interface UpstreamProvider {
  provider: ModelProvider;
  /** Frees sockets once no request uses this config any more. */
  dispose(): void;
}

/**
 * Streams that finish their own generator before handing over the final event. A stream's
 * generator releases its concurrency-limiter slot in its `finally`, which runs only when the
 * generator completes; a reader that stops at the `end` event (the pipeline's call recorder does)
 * would leave it suspended and the slot taken, and after `concurrency` streams every call on that
 * model would queue forever. Draining here makes that impossible whatever the reader does.
 */
export function releaseOnEnd(provider: ModelProvider): ModelProvider {
  return {
    name: provider.name,
    invoke: (request, options) => provider.invoke(request, options),
    stream(request, options): ModelStream {
      const inner = provider.stream(request, options);
      async function* events(): AsyncGenerator<StreamEvent> {
        const iterator = inner[Symbol.asyncIterator]();
        try {
          for (;;) {
            const next = await iterator.next();
            if (next.done === true) return;
            if (next.value.type === 'end') {
              await iterator.return?.(undefined);
              yield next.value;
              return;
            }
            yield next.value;
          }
        } finally {
          await iterator.return?.(undefined);
        }
      }
      return { [Symbol.asyncIterator]: events, snapshot: () => inner.snapshot() };
    },
  };
}

/**
 * The provider for one configured upstream, with the shared retry and per-model AIMD policy. The
 * address comes from the config only: nothing in a request can point a call elsewhere.
 */
export function createUpstreamProvider(upstream: GatewayUpstream, options: UpstreamProviderOptions = {}): UpstreamProvider {
  const limiters = createAimdLimiterPool({ ...options.limiter, initialLimit: upstream.concurrency, maxLimit: upstream.concurrency });
  const policy = {
    limiters,
    retry: { ...options.retry, maxAttempts: upstream.maxAttempts },
    ...(upstream.timeoutMs !== undefined && { timeoutMs: upstream.timeoutMs }),
  };
  if (upstream.type === 'bedrock') {
    const provider = createBedrockProvider({
      ...policy,
      region: upstream.region,
      ...(upstream.endpoint !== undefined && { endpoint: upstream.endpoint }),
      ...(options.bedrockCredentials !== undefined && { credentials: options.bedrockCredentials }),
    });
    return { provider: releaseOnEnd(provider), dispose: () => provider.client.destroy() };
  }
  const env = options.env ?? process.env;
  const apiKey = upstream.apiKeyEnv === undefined ? undefined : env[upstream.apiKeyEnv];
  // Streams: the openai client over node:http (see createNodeFetch), as Node's fetch costs more than
  // the rest of the hop. Whole answers: one direct POST on an undici pool (see createChatCompletionPost).
  const client = new OpenAI({ apiKey: apiKey ?? 'not-set', baseURL: upstream.baseURL, maxRetries: 0, fetch: createNodeFetch({ maxSockets: upstream.concurrency }) });
  const poster = createChatCompletionPost({ baseURL: upstream.baseURL, apiKey: apiKey ?? 'not-set', connections: upstream.concurrency });
  const provider = createOpenAICompatibleProvider({
    ...policy,
    client,
    postChatCompletion: poster.post,
    ...(upstream.maxTokensField !== undefined && { maxTokensField: upstream.maxTokensField }),
  });
  return { provider: releaseOnEnd(provider), dispose: () => void poster.close() };
}
