import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { GatewayEnv } from '../gateway-env.js';
import { requestId } from './request-id.js';

describe('requestId', () => {
  it('sets a fresh id on the context and both response headers, ignoring the client\'s', async () => {
    let counter = 0;
    const app = new Hono<GatewayEnv>();
    app.use('*', requestId(() => `id-${(counter += 1)}`));
    app.get('/', (c) => c.text(c.var.requestId));
    const first = await app.request('/', { headers: { 'x-request-id': 'chosen-by-client' } });
    expect(await first.text()).toBe('id-1');
    expect(first.headers.get('x-request-id')).toBe('id-1');
    expect(first.headers.get('x-amzn-requestid')).toBe('id-1');
    const second = await app.request('/');
    expect(second.headers.get('x-request-id')).toBe('id-2');
  });

  it('keeps the header on error responses too', async () => {
    const app = new Hono<GatewayEnv>();
    app.use('*', requestId(() => 'fixed'));
    app.get('/', () => {
      throw new Error('boom');
    });
    app.onError((_error, c) => c.text('failed', 500));
    const response = await app.request('/');
    expect(response.status).toBe(500);
    expect(response.headers.get('x-request-id')).toBe('fixed');
  });

  it('defaults to random UUIDs', async () => {
    const app = new Hono<GatewayEnv>();
    app.use('*', requestId());
    app.get('/', (c) => c.text(c.var.requestId));
    const [a, b] = await Promise.all([app.request('/'), app.request('/')]);
    const [idA, idB] = [await a!.text(), await b!.text()];
    expect(idA).toMatch(/^[0-9a-f-]{36}$/);
    expect(idA).not.toBe(idB);
  });
});
