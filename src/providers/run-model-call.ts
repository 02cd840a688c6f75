import type { ProviderError } from '../core/index.js';
import { type CallPolicy, throwIfContentFiltered, toProviderError } from './call-policy.js';
import { createAttemptScope } from './create-attempt-scope.js';
import type { CallOptions, Latency, ModelResult } from './model-provider.js';
import { createModelResult, type ProviderResponse } from './provider-response.js';
import { retryWithBackoff } from './retry-with-backoff.js';

export interface RunWithPolicyInput<T> {
  policy: CallPolicy;
  modelId: string;
  options: CallOptions | undefined;
  send: (signal: AbortSignal) => Promise<T>;
  mapError: (error: unknown) => ProviderError;
  /** Take a slot from the model's AIMD limiter (model calls); false for side calls like CountTokens. */
  limit?: boolean;
}

export interface PolicyOutcome<T> {
  value: T;
  latency: Omit<Latency, 'serviceMs' | 'firstTokenMs' | 'lastTokenMs'>;
}

/**
 * One request with the shared policy: each attempt takes a slot from the model's AIMD limiter,
 * runs under its own timeout and reports throttling back to the limiter; retryable failures are
 * retried with backoff. Returns the value and the timings, kept apart.
 */
export async function runWithPolicy<T>(input: RunWithPolicyInput<T>): Promise<PolicyOutcome<T>> {
  const { policy, modelId, options } = input;
  const { now } = policy;
  const timeoutMs = options?.timeoutMs ?? policy.timeoutMs;
  const limiter = input.limit === false ? undefined : policy.limiters?.forModel(modelId);
  const startedAt = now();
  let queueMs = 0;
  let attemptStartedAt = startedAt;
  const context = { policy, modelId, signal: options?.signal, timeoutMs };

  try {
    const outcome = await retryWithBackoff(
      async () => {
        const permit = await limiter?.acquire(options?.signal);
        queueMs += permit?.queuedMs ?? 0;
        attemptStartedAt = now();
        // A whole call is never cancelled on its own; only its caller's signal or timeout stop it.
        const scope = createAttemptScope(options?.signal, timeoutMs, { cancellable: false });
        try {
          const value = await input.send(scope.signal);
          permit?.release('success');
          return value;
        } catch (error) {
          const mapped = toProviderError(error, { ...context, scope }, input.mapError);
          permit?.release(mapped.code === 'THROTTLED' ? 'throttled' : 'failed');
          throw mapped;
        } finally {
          scope.dispose();
        }
      },
      { ...policy.retry, ...(options?.signal !== undefined && { signal: options.signal }) },
    );
    const endedAt = now();
    return {
      value: outcome.value,
      latency: { totalMs: endedAt - startedAt, attemptMs: endedAt - attemptStartedAt, retryWaitMs: outcome.waitMs, queueMs, attempts: outcome.attempts },
    };
  } catch (error) {
    // Aborts while queued or sleeping between attempts surface here as the signal's reason.
    throw toProviderError(error, context, input.mapError);
  }
}

/** A non-streaming model call: the shared policy, then the result with its latencies. */
export async function runModelCall(input: RunWithPolicyInput<ProviderResponse>): Promise<ModelResult> {
  const { value, latency } = await runWithPolicy(input);
  const result = createModelResult(input.modelId, value, { ...latency, firstTokenMs: null, lastTokenMs: null, serviceMs: value.serviceMs });
  throwIfContentFiltered(result, input.policy.provider);
  return result;
}
