import { FrugalError } from '../core/index.js';
import { isProviderError } from '../core/index.js';

export interface RetryOptions {
  /** Attempts in all, the first included. Default 4. */
  maxAttempts?: number;
  /** Cap of the first backoff window; doubles each retry. Default 500 ms. */
  baseDelayMs?: number;
  /** Largest backoff window. Default 20 s. */
  maxDelayMs?: number;
  /**
   * Longest server-requested wait (Retry-After) we honour. A server asking for more is telling us
   * not to come back soon, so the error is thrown instead of sleeping for it. Default 60 s.
   */
  maxRetryAfterMs?: number;
  /** Uniform in [0, 1); injectable so tests are exact. */
  random?: () => number;
  /** Injectable so tests are instant. Must reject when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  onRetry?: (event: { attempt: number; delayMs: number; error: unknown }) => void;
}

export interface RetryOutcome<T> {
  value: T;
  attempts: number;
  /** Total time slept between attempts. */
  waitMs: number;
}

export const defaultRetryOptions = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 20_000, maxRetryAfterMs: 60_000 } as const;

export function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The wait before retry number `attempt` (1 = the first retry), or undefined when `error` must
 * not be retried. Honours the server's Retry-After when it sent one; otherwise "full jitter"
 * (uniform over [0, min(max, base × 2^(attempt-1)))), which spreads a burst of throttled callers
 * out instead of having them retry in lockstep.
 */
export function computeBackoffDelay(attempt: number, error: unknown, options: RetryOptions = {}): number | undefined {
  if (!FrugalError.isInstance(error) || !error.isRetryable) return undefined;
  const retryAfterMs = isProviderError(error) ? error.retryAfterMs : undefined;
  if (retryAfterMs !== undefined) {
    return retryAfterMs <= (options.maxRetryAfterMs ?? defaultRetryOptions.maxRetryAfterMs) ? retryAfterMs : undefined;
  }
  const base = options.baseDelayMs ?? defaultRetryOptions.baseDelayMs;
  const window = Math.min(options.maxDelayMs ?? defaultRetryOptions.maxDelayMs, base * 2 ** (attempt - 1));
  return Math.floor((options.random ?? Math.random)() * window);
}

/**
 * Runs `operation` until it succeeds, throws an error that is not retryable, or runs out of
 * attempts. Only errors marked `isRetryable` (throttling, 5xx, timeouts, network) are retried.
 * The last error is rethrown with `attempts` and `retryWaitMs` filled in.
 */
export async function retryWithBackoff<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions & { signal?: AbortSignal } = {},
): Promise<RetryOutcome<T>> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? defaultRetryOptions.maxAttempts);
  const sleep = options.sleep ?? sleepFor;
  let waitMs = 0;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return { value: await operation(attempt), attempts: attempt, waitMs };
    } catch (error) {
      const delayMs = attempt < maxAttempts ? computeBackoffDelay(attempt, error, options) : undefined;
      if (delayMs === undefined) {
        if (isProviderError(error)) {
          error.attempts = attempt;
          error.retryWaitMs = waitMs;
        }
        throw error;
      }
      options.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs, options.signal);
      waitMs += delayMs;
    }
  }
}
