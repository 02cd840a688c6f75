import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { GatewayEnv } from '../gateway-env.js';

/**
 * Gives every request the gateway's own id and returns it as `x-request-id` (and
 * `x-amzn-requestid`, which the AWS SDK reads into `$metadata.requestId`). A client's own
 * `x-request-id` is not adopted: ledger rows are keyed on this id, and a client that could choose
 * it could collide with another request's row and so hide a call from the ledger and its budget.
 *
 * @example app.use('*', requestId())
 */
export function requestId(generate: () => string = randomUUID): MiddlewareHandler<GatewayEnv> {
  return async function requestId(c, next) {
    const id = generate();
    c.set('requestId', id);
    c.header('x-request-id', id);
    c.header('x-amzn-requestid', id);
    await next();
  };
}
