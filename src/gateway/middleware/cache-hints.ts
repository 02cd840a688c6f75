import type { MiddlewareHandler } from 'hono';
import { GatewayHttpError } from '../errors/gateway-http-error.js';
import type { GatewayEnv } from '../gateway-env.js';

/**
 * How the pipeline may place prompt-cache points for this request: the route's setting
 * (`cache: auto | off`, `cacheTtl`), which a caller can narrow with `x-frugal-cache: off`, or
 * ask for a TTL with `x-frugal-cache: 5m | 1h` (used only where the model offers it). A caller's
 * own cache points (Bedrock `cachePoint` blocks) are always kept.
 *
 * @example app.post('/v1/chat/completions', parseBody, route(), cacheHints(), ...)
 */
export function cacheHints(): MiddlewareHandler<GatewayEnv> {
  return async function cacheHints(c, next) {
    const target = c.get('target');
    const routeConfig = target.kind === 'route' ? target.route.config : undefined;
    let mode = routeConfig?.cache ?? 'auto';
    let ttl = routeConfig?.cacheTtl ?? '5m';
    const hint = c.req.header('x-frugal-cache')?.trim().toLowerCase();
    if (hint === 'off') mode = 'off';
    else if (hint === '5m' || hint === '1h') ttl = hint;
    else if (hint !== undefined && hint !== '' && hint !== 'auto') {
      throw new GatewayHttpError('invalid_request', `x-frugal-cache must be off, auto, 5m or 1h, not "${hint}".`);
    }
    c.set('cache', { mode, ttl });
    await next();
  };
}
