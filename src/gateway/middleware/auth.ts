import type { MiddlewareHandler } from 'hono';
import { GatewayHttpError } from '../errors/gateway-http-error.js';
import type { GatewayEnv } from '../gateway-env.js';

/**
 * The key a request presents: `Authorization: Bearer <key>` (the openai SDK's `apiKey`, the AWS
 * SDK's Bedrock API key `token`) or `x-api-key`.
 */
export function readPresentedKey(headers: { header(name: string): string | undefined }): string | undefined {
  const authorization = headers.header('authorization');
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match?.[1];
  }
  return headers.header('x-api-key')?.trim();
}

/**
 * Rejects a request without a valid virtual key (401) before anything else reads its body or
 * calls an upstream. `client` keys serve model calls; `admin` keys the admin API. The key is
 * never logged or echoed; the error does not say whether a key exists.
 *
 * @example app.use('/v1/*', auth('client'))
 */
export function auth(scope: 'client' | 'admin'): MiddlewareHandler<GatewayEnv> {
  return async function auth(c, next) {
    const presented = readPresentedKey(c.req);
    const state = c.get('state');
    if (scope === 'admin' && state.config.adminKeys.length === 0) {
      throw new GatewayHttpError('not_found', 'The admin API is off: add adminKeys to the gateway config to turn it on.');
    }
    if (presented === undefined || presented === '') {
      throw new GatewayHttpError('unauthenticated', 'Missing API key: send it as "Authorization: Bearer <key>" (or x-api-key).', { openaiCode: 'invalid_api_key' });
    }
    if (scope === 'admin') {
      const admin = await state.adminKeys.lookup(presented);
      if (admin === undefined) throw new GatewayHttpError('unauthenticated', 'Invalid admin key.', { openaiCode: 'invalid_api_key' });
      c.set('adminKeyId', admin.id);
    } else {
      const key = await state.keys.lookup(presented);
      if (key === undefined) throw new GatewayHttpError('unauthenticated', 'Invalid API key. Ask the gateway operator for a key (`frugal gateway keygen`).', { openaiCode: 'invalid_api_key' });
      c.set('key', key);
    }
    await next();
  };
}
