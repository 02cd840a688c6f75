import type { GatewayUpstream } from '../../config/index.js';
import {
  type BedrockProviderSettings,
  createAimdLimiterPool,
  createBedrockProvider,
  createOpenAICompatibleProvider,
  type ModelProvider,
  type RetryOptions,
} from '../../providers/index.js';

export interface UpstreamProviderOptions {
  /** Environment for `apiKeyEnv` (the process's by default). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Bedrock credentials instead of the standard chain (tests against the emulator). */
  bedrockCredentials?: BedrockProviderSettings['credentials'];
  /** Backoff overrides (tests make it fast); attempts come from the config. */
  retry?: Omit<RetryOptions, 'maxAttempts'>;
}

export interface UpstreamProvider {
  provider: ModelProvider;
  /** Frees sockets once no request uses this config any more. */
  dispose(): void;
}

/**
 * The provider for one configured upstream, with the shared retry and per-model AIMD policy. The
 * address comes from the config only: nothing in a request can point a call elsewhere.
 */
export function createUpstreamProvider(upstream: GatewayUpstream, options: UpstreamProviderOptions = {}): UpstreamProvider {
  const limiters = createAimdLimiterPool({ initialLimit: upstream.concurrency, maxLimit: upstream.concurrency });
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
    return { provider, dispose: () => provider.client.destroy() };
  }
  const env = options.env ?? process.env;
  const apiKey = upstream.apiKeyEnv === undefined ? undefined : env[upstream.apiKeyEnv];
  const provider = createOpenAICompatibleProvider({
    ...policy,
    baseURL: upstream.baseURL,
    ...(apiKey !== undefined && { apiKey }),
    ...(upstream.maxTokensField !== undefined && { maxTokensField: upstream.maxTokensField }),
  });
  return { provider, dispose: () => undefined };
}
