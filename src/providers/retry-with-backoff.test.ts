import { afterEach, describe, expect, it, vi } from 'vitest';
import { AccessDeniedError, ContentFilteredError, RequestRejectedError, ServiceUnavailableError, ThrottledError } from '../core/index.js';
import { computeBackoffDelay, retryWithBackoff } from './retry-with-backoff.js';

const details = { provider: 'bedrock', modelId: 'anthropic.claude-3-haiku-20240307-v1:0' };
const throttled = (retryAfterMs?: number) => new ThrottledError('slow down', { ...details, status: 429, retryAfterMs });

/** An operation that fails with the given errors, then returns 'ok'. */
function failing(...errors: unknown[]) {
  const operation = vi.fn(async (attempt: number) => {
    const error = errors[attempt - 1];
    if (error !== undefined) throw error;
    return 'ok';
  });
  return operation;
}

function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe('computeBackoffDelay', () => {
  it('should draw full jitter from [0, min(max, base × 2^(n-1)))', () => {
    const options = { baseDelayMs: 100, maxDelayMs: 1000 };
    // random() = 0 gives the lower bound, 0.999... approaches the upper bound of the window.
    expect(computeBackoffDelay(1, throttled(), { ...options, random: () => 0 })).toBe(0);
    expect(computeBackoffDelay(1, throttled(), { ...options, random: () => 0.999 })).toBe(99);
    expect(computeBackoffDelay(2, throttled(), { ...options, random: () => 0.5 })).toBe(100); // window 200
    expect(computeBackoffDelay(3, throttled(), { ...options, random: () => 0.5 })).toBe(200); // window 400
    expect(computeBackoffDelay(5, throttled(), { ...options, random: () => 0.5 })).toBe(500); // 1,600 capped at 1,000
    expect(computeBackoffDelay(40, throttled(), { ...options, random: () => 0.999 })).toBe(999);
  });

  it('should stay within the window for any random draw', () => {
    for (let draw = 0; draw < 1; draw += 0.01) {
      const delay = computeBackoffDelay(3, throttled(), { baseDelayMs: 500, maxDelayMs: 20_000, random: () => draw }) as number;
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(2000);
    }
  });

  it('should honour Retry-After exactly, and give up when it asks for longer than allowed', () => {
    expect(computeBackoffDelay(1, throttled(3000), { random: () => 0.1 })).toBe(3000);
    expect(computeBackoffDelay(1, throttled(120_000), { maxRetryAfterMs: 60_000 })).toBeUndefined();
  });

  it('should never retry auth, validation or content-filter errors, or foreign errors', () => {
    expect(computeBackoffDelay(1, new AccessDeniedError('no', details))).toBeUndefined();
    expect(computeBackoffDelay(1, new RequestRejectedError('bad', details))).toBeUndefined();
    expect(computeBackoffDelay(1, new ContentFilteredError('filtered', details))).toBeUndefined();
    expect(computeBackoffDelay(1, new Error('boom'))).toBeUndefined();
  });
});

describe('retryWithBackoff', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('should retry throttling and 5xx, and record the time waited', async () => {
    const operation = failing(throttled(), new ServiceUnavailableError('down', details));
    const { waits, sleep } = recordingSleep();
    const outcome = await retryWithBackoff(operation, { baseDelayMs: 100, random: () => 0.5, sleep });
    expect(outcome).toEqual({ value: 'ok', attempts: 3, waitMs: 150 });
    expect(waits).toEqual([50, 100]);
  });

  it('should honour Retry-After instead of its own schedule', async () => {
    const { waits, sleep } = recordingSleep();
    const outcome = await retryWithBackoff(failing(throttled(2500)), { random: () => 0.5, sleep });
    expect(outcome).toEqual({ value: 'ok', attempts: 2, waitMs: 2500 });
    expect(waits).toEqual([2500]);
  });

  it('should not retry a non-retryable error', async () => {
    const denied = new AccessDeniedError('no', details);
    const operation = failing(denied);
    const { waits, sleep } = recordingSleep();
    await expect(retryWithBackoff(operation, { sleep })).rejects.toBe(denied);
    expect(operation).toHaveBeenCalledTimes(1);
    expect(waits).toEqual([]);
    expect(denied.attempts).toBe(1);
  });

  it('should cap attempts and report them on the last error', async () => {
    const errors = [throttled(), throttled(), throttled(), throttled()];
    const operation = failing(...errors);
    const { waits, sleep } = recordingSleep();
    const error = await retryWithBackoff(operation, { maxAttempts: 3, baseDelayMs: 100, random: () => 0.5, sleep }).catch((caught: unknown) => caught);
    expect(error).toBe(errors[2]);
    expect(operation).toHaveBeenCalledTimes(3);
    expect(waits).toEqual([50, 100]);
    expect(errors[2]).toMatchObject({ attempts: 3, retryWaitMs: 150 });
  });

  it('should sleep on real timers by default (fake timers keep it instant)', async () => {
    vi.useFakeTimers();
    const promise = retryWithBackoff(failing(throttled(1000)), {});
    await vi.advanceTimersByTimeAsync(999);
    let settled = false;
    void promise.then(() => {
      settled = true;
    });
    await Promise.resolve();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(promise).resolves.toEqual({ value: 'ok', attempts: 2, waitMs: 1000 });
  });

  it('should stop waiting when the signal aborts', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const promise = retryWithBackoff(failing(throttled(5000)), { signal: controller.signal });
    await vi.advanceTimersByTimeAsync(10);
    controller.abort(new Error('caller gave up'));
    await expect(promise).rejects.toThrow('caller gave up');
  });
});
