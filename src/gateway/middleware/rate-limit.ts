import type { MiddlewareHandler } from 'hono';
import type { RateLimiter } from '../budget/create-rate-limiter.js';
import { GatewayHttpError } from '../errors/gateway-http-error.js';
import type { GatewayEnv } from '../gateway-env.js';

/**
 * Requests per minute per key and per team (token buckets with a burst), from the config in
 * force. Over the limit is a 429 with Retry-After, before any upstream call.
 *
 * @example app.use('/v1/*', auth('client'), rateLimit(limiter))
 */
export function rateLimit(limiter: RateLimiter): MiddlewareHandler<GatewayEnv> {
  return async function rateLimit(c, next) {
    const key = c.get('key');
    const state = c.get('state');
    const team = key.team === undefined ? undefined : state.teams.get(key.team);
    const checks = [
      ...(key.rateLimit === undefined ? [] : [{ id: `key:${key.id}`, what: `key "${key.id}"`, limit: key.rateLimit }]),
      ...(team?.rateLimit === undefined ? [] : [{ id: `team:${key.team as string}`, what: `team "${key.team as string}"`, limit: team.rateLimit }]),
    ];
    for (const check of checks) {
      const taken = limiter.take(check.id, check.limit);
      if (!taken.ok) {
        throw new GatewayHttpError('rate_limited', `Rate limit of ${check.limit.requestsPerMinute} requests per minute for ${check.what} reached; retry after the Retry-After seconds.`, {
          retryable: true,
          retryAfterSeconds: Math.max(1, Math.ceil(taken.retryAfterMs / 1000)),
          openaiCode: 'rate_limit_exceeded',
        });
      }
    }
    await next();
  };
}
