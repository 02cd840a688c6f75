import type { MiddlewareHandler } from 'hono';
import { GatewayHttpError } from '../errors/gateway-http-error.js';
import type { GatewayEnv } from '../gateway-env.js';

/**
 * One signal for everything a request starts upstream: it aborts after `limits.timeoutMs` (the
 * whole request, retries and streaming included) or when the client disconnects, so an abandoned
 * request stops generating (and billing) upstream. The abort reason is the 504 the caller gets.
 *
 * @example app.use('/v1/*', timeout())
 */
export function timeout(fixedMs?: number): MiddlewareHandler<GatewayEnv> {
  return async function timeout(c, next) {
    const ms = fixedMs ?? c.get('state').config.limits.timeoutMs;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new GatewayHttpError('timeout', `No complete answer within ${ms} ms (limits.timeoutMs); the upstream call was cancelled.`, { retryable: true })), ms);
    const client = c.req.raw.signal;
    const onClientGone = (): void => controller.abort(new GatewayHttpError('invalid_request', 'The client closed the connection.'));
    client.addEventListener('abort', onClientGone, { once: true });
    c.set('signal', controller.signal);
    const tracked: Promise<unknown>[] = [];
    const track = c.get('track');
    c.set('track', (finished) => {
      tracked.push(finished);
      track?.(finished);
    });
    const clear = (): void => {
      clearTimeout(timer);
      client.removeEventListener('abort', onClientGone);
    };
    try {
      await next();
    } finally {
      // A stream keeps its timer until it ends.
      if (tracked.length === 0) clear();
      else void Promise.allSettled(tracked).then(clear);
    }
  };
}
