import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../budget/create-rate-limiter.js';
import { createTestApp, createTestConfig, createTestServices, middlewareKeys } from '../testing/create-test-services.js';
import { auth } from './auth.js';
import { rateLimit } from './rate-limit.js';

async function setup(now: () => number) {
  const config = await createTestConfig((base) => ({
    ...base,
    keys: (base.keys ?? []).map((key) => (key.id === 'alice' ? { ...key, rateLimit: { requestsPerMinute: 60, burst: 2 } } : key)),
    teams: [{ name: 'red', rateLimit: { requestsPerMinute: 600, burst: 3 } }],
  }));
  const services = await createTestServices(config);
  const app = createTestApp(services);
  app.post('/v1/chat/completions', auth('client'), rateLimit(createRateLimiter(now)), (c) => c.text('ok'));
  const call = (key: string) => app.request('/v1/chat/completions', { method: 'POST', headers: { authorization: `Bearer ${key}` } });
  return { call };
}

describe('rateLimit', () => {
  it('allows the burst, then answers 429 with Retry-After until the bucket refills', async () => {
    let time = 0;
    const { call } = await setup(() => time);
    expect((await call(middlewareKeys.alice)).status).toBe(200);
    expect((await call(middlewareKeys.alice)).status).toBe(200);
    const limited = await call(middlewareKeys.alice);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toMatchObject({ error: { type: 'rate_limit_error', code: 'rate_limit_exceeded' } });
    time += 1000; // 60 per minute: one more request a second
    expect((await call(middlewareKeys.alice)).status).toBe(200);
  });

  it('leaves keys without a limit alone', async () => {
    const { call } = await setup(() => 0);
    for (let index = 0; index < 10; index += 1) expect((await call(middlewareKeys.bob)).status).toBe(200);
  });
});
