import type { GatewayRateLimit } from '../../config/index.js';

export interface RateLimiter {
  /** Takes one request from `id`'s bucket; the wait in ms until one is free when it is empty. */
  take(id: string, limit: GatewayRateLimit): { ok: true } | { ok: false; retryAfterMs: number };
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets per key or team: `burst` requests at once (the per-minute figure by default),
 * refilled at `requestsPerMinute`. Buckets outlive a config reload, so a reload never hands a
 * client a fresh allowance; a changed limit applies from the next request.
 */
export function createRateLimiter(now: () => number = Date.now): RateLimiter {
  const buckets = new Map<string, Bucket>();
  return {
    take(id, limit) {
      const at = now();
      const capacity = limit.burst ?? limit.requestsPerMinute;
      const perMs = limit.requestsPerMinute / 60_000;
      let bucket = buckets.get(id);
      if (bucket === undefined) {
        bucket = { tokens: capacity, at };
        buckets.set(id, bucket);
      }
      bucket.tokens = Math.min(capacity, bucket.tokens + (at - bucket.at) * perMs);
      bucket.at = at;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / perMs) };
    },
  };
}
