import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { AccessDeniedError, ServiceUnavailableError, ThrottledError } from '../../core/index.js';
import type { GatewayEnv } from '../gateway-env.js';
import { errorMapping } from './error-mapping.js';
import { requestId } from './request-id.js';

function setup(error: unknown) {
  const logged: string[] = [];
  const app = new Hono<GatewayEnv>();
  app.onError(errorMapping({ error: (message) => logged.push(message) }));
  app.use('*', requestId(() => 'req-1'));
  app.post('/v1/chat/completions', () => {
    throw error;
  });
  app.post('/model/:id/converse', () => {
    throw error;
  });
  return { app, logged };
}

describe('errorMapping', () => {
  it('keeps upstream throttling a retryable 429 with Retry-After, in both formats', async () => {
    const { app } = setup(new ThrottledError('Bedrock throttled the call.', { provider: 'bedrock', modelId: 'm', status: 429, retryAfterMs: 2500 }));
    const openai = await app.request('/v1/chat/completions', { method: 'POST' });
    expect(openai.status).toBe(429);
    expect(openai.headers.get('retry-after')).toBe('3');
    expect(await openai.json()).toMatchObject({ error: { type: 'rate_limit_error', message: expect.stringContaining('throttled') } });
    const aws = await app.request('/model/m/converse', { method: 'POST' });
    expect(aws.status).toBe(429);
    expect(aws.headers.get('x-amzn-errortype')).toBe('ThrottlingException');
    expect(aws.headers.get('x-amzn-requestid')).toBe('req-1');
  });

  it('turns upstream credential failures into a 502 that says nothing of the upstream principal', async () => {
    const { app, logged } = setup(new AccessDeniedError('User: arn:aws:iam::123456789012:user/gateway is not authorized (AKIAABCDEFGHIJKLMNOP)', { provider: 'bedrock', modelId: 'm', status: 403 }));
    const response = await app.request('/v1/chat/completions', { method: 'POST' });
    expect(response.status).toBe(502);
    const text = await response.text();
    expect(text).not.toContain('123456789012');
    expect(text).not.toContain('AKIA');
    expect(logged.join('\n')).not.toContain('AKIAABCDEFGHIJKLMNOP');
    expect(logged.join('\n')).toContain('req-1');
  });

  it('maps 5xx after retries to 503 and unknown failures to a 500 without internals', async () => {
    const unavailable = setup(new ServiceUnavailableError('Bedrock is unavailable.', { provider: 'bedrock' }));
    const aws = await unavailable.app.request('/model/m/converse', { method: 'POST' });
    expect(aws.status).toBe(503);
    expect(aws.headers.get('x-amzn-errortype')).toBe('ServiceUnavailableException');
    const { app } = setup(new TypeError('secret_access_key=abc123 at line 7'));
    const response = await app.request('/v1/chat/completions', { method: 'POST' });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('abc123');
    expect(text).not.toContain('TypeError');
  });
});
