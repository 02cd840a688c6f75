import type { MiddlewareHandler } from 'hono';
import { GatewayHttpError } from '../errors/gateway-http-error.js';
import type { GatewayEnv } from '../gateway-env.js';

/** Route names a caller may put in `model` to have the gateway route by task instead. */
export const autoModelNames: ReadonlySet<string> = new Set(['auto', 'frugal/auto']);

function allowed(patterns: readonly string[], name: string): boolean {
  return patterns.some((pattern) => (pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : pattern === name));
}

/**
 * Turns what the caller named into a target from the config: a route (fixed model or router
 * ladder) or a model an upstream serves; `auto` picks the route mapped to the request's task
 * (`x-frugal-task`, else the key's task). Nothing the request says can add an upstream or an
 * address: an unknown name is a 404, a name the key may not use a 403.
 *
 * @example app.post('/v1/chat/completions', parseBody, route(), ...)
 */
export function route(): MiddlewareHandler<GatewayEnv> {
  return async function route(c, next) {
    const state = c.get('state');
    const call = c.get('call');
    const key = c.get('key');
    const task = call.task ?? key.task;
    let name = call.model;
    if (autoModelNames.has(name)) {
      const mapped = task === undefined ? undefined : state.config.tasks[task];
      if (mapped === undefined) {
        throw new GatewayHttpError('not_found', task === undefined
          ? `"${name}" routes by task, but the request names none: send x-frugal-task, or name a route or model.`
          : `"${name}" routes by task, but task "${task}" is not mapped to a route in the gateway config (gateway.tasks).`, { openaiCode: 'model_not_found', param: 'model' });
      }
      name = mapped;
    }
    const target = state.resolveTarget(name);
    if (target === undefined) {
      const routes = [...state.routes.keys()];
      throw new GatewayHttpError('not_found', `No route or model "${name}" on this gateway.${routes.length > 0 ? ` Routes: ${routes.join(', ')}.` : ''}`, { openaiCode: 'model_not_found', param: 'model' });
    }
    if (key.allow !== undefined && !allowed(key.allow, name)) {
      throw new GatewayHttpError('forbidden', `Key "${key.id}" may not use "${name}".`, { openaiCode: 'model_not_allowed', param: 'model' });
    }
    c.set('target', target);
    if (task !== call.task) c.set('call', { ...call, task });
    await next();
  };
}
