import type { Context } from 'hono';
import type { GatewayEnv } from '../gateway-env.js';
import type { CacheSetting, GatewayCall } from './gateway-pipeline.js';

/** The pipeline call for a request that has been parsed, authenticated, routed and budgeted. */
export function createGatewayCall(c: Context<GatewayEnv>): GatewayCall {
  const call = c.get('call');
  const target = c.get('target');
  const key = c.get('key');
  const requestId = c.get('requestId');
  return {
    request: call.request,
    target,
    requestId,
    task: call.task,
    conversationId: call.conversationId,
    keyId: key.id,
    team: key.team,
    cache: (c.get('cache') as CacheSetting | undefined) ?? { mode: 'auto', ttl: '5m' },
    signal: (c.get('signal') as AbortSignal | undefined) ?? c.req.raw.signal,
  };
}
