import type { MiddlewareHandler } from 'hono';
import { GatewayHttpError } from '../errors/gateway-http-error.js';
import { toGatewayHttpError } from '../errors/to-gateway-http-error.js';
import type { GatewayEnv } from '../gateway-env.js';
import type { GatewayServices } from '../gateway-services.js';

/** Low-cardinality endpoint label from the path (model ids stay out of metric labels). */
export function endpointOf(path: string): string {
  if (path === '/v1/chat/completions') return 'chat_completions';
  if (path.startsWith('/model/')) return path.endsWith('/converse-stream') ? 'converse_stream' : path.endsWith('/converse') ? 'converse' : 'model_other';
  if (path.startsWith('/admin/')) return 'admin';
  if (path === '/healthz' || path === '/metrics') return path.slice(1);
  return 'other';
}

/**
 * Holds a request in the books from arrival to its last byte: refuses new work once shutdown has
 * begun, pins the config in force (a reload waits for this request before freeing the old one),
 * counts the request in flight until every stream it started has ended (its `track` variable), and
 * records its status, latency and error code. Token and cost counters are kept per billed call
 * by the usage recorder.
 *
 * @example app.use('*', metering(services))
 */
export function metering(services: Pick<GatewayServices, 'state' | 'lifecycle' | 'metrics' | 'now'>): MiddlewareHandler<GatewayEnv> {
  return async function metering(c, next) {
    const { lifecycle } = services;
    if (!lifecycle.accepting) {
      c.header('connection', 'close');
      throw new GatewayHttpError('unavailable', 'The gateway is shutting down and takes no new requests; retry (another instance will answer).', { retryable: true, retryAfterSeconds: 1 });
    }
    const started = services.now();
    const state = services.state();
    const release = state.acquire();
    lifecycle.enter();
    const tracked: Promise<unknown>[] = [];
    c.set('state', state);
    c.set('accounting', { costUsd: 0, unknownCost: false, billedCalls: 0 });
    c.set('track', (finished) => void tracked.push(finished));
    try {
      await next();
    } finally {
      const endpoint = endpointOf(c.req.path);
      services.metrics.request({ endpoint, status: c.res.status }, (services.now() - started) / 1000);
      if (c.error !== undefined) services.metrics.error(toGatewayHttpError(c.error).kind);
      const finish = (): void => {
        lifecycle.leave();
        release();
      };
      if (tracked.length === 0) finish();
      else void Promise.allSettled(tracked).then(finish);
    }
  };
}
