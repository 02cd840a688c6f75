import type { MiddlewareHandler } from 'hono';
import { GatewayHttpError } from '../errors/gateway-http-error.js';
import type { GatewayEnv } from '../gateway-env.js';

/** The Node response `@hono/node-server` hands the app as `c.env.outgoing` (HTTP/1 or HTTP/2). */
interface NodeOutgoing {
  readonly writableEnded: boolean;
  once(event: 'close', listener: () => void): unknown;
  off(event: 'close', listener: () => void): unknown;
}

function nodeOutgoing(env: unknown): NodeOutgoing | undefined {
  const outgoing = (env as { outgoing?: Partial<NodeOutgoing> } | undefined)?.outgoing;
  return typeof outgoing?.once === 'function' && typeof outgoing.off === 'function' ? (outgoing as NodeOutgoing) : undefined;
}

/**
 * Calls `onGone` if the client disconnects before the response has ended. On the Node server this
 * listens to the response's `close` (an event-emitter listener): reading `c.req.raw.signal`
 * instead makes the adapter build an AbortController and an EventTarget listener per request.
 * Elsewhere (`app.request` in tests, other runtimes) the request's own signal says it.
 */
function watchClient(c: Parameters<MiddlewareHandler<GatewayEnv>>[0], onGone: () => void): () => void {
  const outgoing = nodeOutgoing(c.env);
  if (outgoing !== undefined) {
    const onClose = (): void => {
      if (!outgoing.writableEnded) onGone();
    };
    outgoing.once('close', onClose);
    return () => outgoing.off('close', onClose);
  }
  const signal = c.req.raw.signal;
  signal.addEventListener('abort', onGone, { once: true });
  return () => signal.removeEventListener('abort', onGone);
}

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
    const unwatch = watchClient(c, () => controller.abort(new GatewayHttpError('invalid_request', 'The client closed the connection.')));
    c.set('signal', controller.signal);
    const tracked: Promise<unknown>[] = [];
    const track = c.get('track');
    c.set('track', (finished) => {
      tracked.push(finished);
      track?.(finished);
    });
    const clear = (): void => {
      clearTimeout(timer);
      unwatch();
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
