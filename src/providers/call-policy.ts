import {
  ContentFilteredError,
  isProviderError,
  ProviderTimeoutError,
  RequestAbortedError,
  type ProviderError,
} from '../core/index.js';
import type { AimdLimiterPool } from './create-aimd-limiter-pool.js';
import type { AttemptScope } from './create-attempt-scope.js';
import type { ModelResult } from './model-provider.js';
import type { RetryOptions } from './retry-with-backoff.js';

/** Settings every provider shares: how calls are retried, limited, timed out and clocked. */
export interface CallPolicySettings {
  retry?: RetryOptions;
  /** Per-model AIMD concurrency; share one pool between providers that hit the same quota. */
  limiters?: AimdLimiterPool;
  /** Default per-attempt timeout in ms (none by default). */
  timeoutMs?: number;
  /** Clock in ms, injectable for tests. Default `Date.now`. */
  now?: () => number;
}

export interface CallPolicy {
  provider: string;
  retry: RetryOptions;
  limiters: AimdLimiterPool | undefined;
  timeoutMs: number | undefined;
  now: () => number;
}

export function createCallPolicy(provider: string, settings: CallPolicySettings): CallPolicy {
  return { provider, retry: settings.retry ?? {}, limiters: settings.limiters, timeoutMs: settings.timeoutMs, now: settings.now ?? Date.now };
}

/**
 * Turns whatever an attempt threw into a ProviderError. Our own abort reasons come first: a
 * caller's abort is final; our timeout is retryable; everything else goes to the provider's mapper.
 */
export function toProviderError(
  error: unknown,
  context: { policy: CallPolicy; modelId: string; scope?: AttemptScope; signal?: AbortSignal; timeoutMs?: number },
  mapError: (error: unknown) => ProviderError,
): ProviderError {
  if (isProviderError(error)) return error;
  const details = { provider: context.policy.provider, modelId: context.modelId, cause: error };
  if (context.signal?.aborted) return new RequestAbortedError('The caller aborted the call; nothing was retried.', details);
  if (context.scope?.timedOut()) {
    return new ProviderTimeoutError(
      `No complete response within ${context.timeoutMs} ms. Raise timeoutMs, lower maxTokens, or stream long outputs.`,
      details,
    );
  }
  return mapError(error);
}

/** A content filter or guardrail stop is an error for callers, but it carries the billed usage. */
export function throwIfContentFiltered(result: ModelResult, provider: string): void {
  if (result.output.stopReason !== 'content-filter') return;
  const outputText = result.output.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  throw new ContentFilteredError(
    `The response was stopped by a content filter or guardrail (${result.output.rawStopReason ?? 'content filter'}). Rephrase the input or review the guardrail; retrying the same request gives the same result.`,
    {
      provider,
      modelId: result.modelId,
      requestId: result.requestId ?? undefined,
      usage: result.usage,
      stopReason: result.output.rawStopReason ?? undefined,
      outputText,
    },
  );
}
