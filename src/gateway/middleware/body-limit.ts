import type { MiddlewareHandler } from 'hono';
import { bodyLimit as honoBodyLimit } from 'hono/body-limit';
import { GatewayHttpError } from '../errors/gateway-http-error.js';
import type { GatewayEnv } from '../gateway-env.js';

/**
 * Refuses bodies over `limits.bodyBytes` of the config in force (413), by Content-Length when
 * sent, else by counting a chunked body as it arrives (Hono's body-limit does that part); this
 * picks the limit per request (a reload may change it) and answers in the endpoint's error format.
 *
 * @example app.use('/v1/*', bodyLimit())
 */
export function bodyLimit(fixedBytes?: number): MiddlewareHandler<GatewayEnv> {
  const bySize = new Map<number, MiddlewareHandler<GatewayEnv>>();
  const onError = (): never => {
    throw new GatewayHttpError('body_too_large', 'The request body is larger than this gateway accepts (limits.bodyBytes in its config).');
  };
  return async function bodyLimit(c, next) {
    const maxSize = fixedBytes ?? c.get('state').config.limits.bodyBytes;
    // The common case, decided from the header alone: touching the body here would make the Node
    // adapter build a full Request for every call (the adapter enforces Content-Length itself).
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (Number(length) > maxSize) onError();
      return next();
    }
    let handler = bySize.get(maxSize);
    if (handler === undefined) {
      handler = honoBodyLimit({ maxSize, onError });
      bySize.set(maxSize, handler);
    }
    return handler(c, next);
  };
}
