import { describe, expect, it } from 'vitest';
import { createTestApp, createTestConfig, createTestServices } from '../testing/create-test-services.js';
import { cacheHints } from './cache-hints.js';

async function setup() {
  const services = await createTestServices(await createTestConfig());
  const app = createTestApp(services);
  app.post('/:target', async (c, next) => {
    c.set('target', c.var.state.resolveTarget(c.req.param('target'))!);
    await next();
  }, cacheHints(), (c) => c.json(c.var.cache));
  return (target: string, hint?: string) => app.request(`/${target}`, { method: 'POST', headers: hint === undefined ? {} : { 'x-frugal-cache': hint } });
}

describe('cacheHints', () => {
  it('takes the route setting, narrowed by x-frugal-cache', async () => {
    const send = await setup();
    expect(await (await send('support')).json()).toEqual({ mode: 'auto', ttl: '5m' });
    expect(await (await send('fixed')).json()).toEqual({ mode: 'off', ttl: '5m' });
    expect(await (await send('support', 'off')).json()).toEqual({ mode: 'off', ttl: '5m' });
    expect(await (await send('support', '1h')).json()).toEqual({ mode: 'auto', ttl: '1h' });
    // A route with caching off stays off: the header can narrow, not widen.
    expect(await (await send('fixed', '1h')).json()).toEqual({ mode: 'off', ttl: '1h' });
  });

  it('refuses an unknown hint', async () => {
    const send = await setup();
    const response = await send('support', 'forever');
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('x-frugal-cache');
  });
});
