import { describe, expect, it } from 'vitest';
import { auth } from './auth.js';
import { createTestApp, createTestConfig, createTestServices, middlewareKeys } from '../testing/create-test-services.js';

async function setup(edit?: Parameters<typeof createTestConfig>[0]) {
  const services = await createTestServices(await createTestConfig(edit));
  const app = createTestApp(services);
  app.post('/v1/chat/completions', auth('client'), (c) => c.json({ key: c.var.key.id }));
  app.post('/model/:id/converse', auth('client'), (c) => c.json({ key: c.var.key.id }));
  app.get('/admin/usage', auth('admin'), (c) => c.json({ admin: c.var.adminKeyId }));
  return app;
}

describe('auth', () => {
  it('accepts a valid key as a bearer token or x-api-key', async () => {
    const app = await setup();
    const bearer = await app.request('/v1/chat/completions', { method: 'POST', headers: { authorization: `Bearer ${middlewareKeys.alice}` } });
    expect(await bearer.json()).toEqual({ key: 'alice' });
    const header = await app.request('/v1/chat/completions', { method: 'POST', headers: { 'x-api-key': middlewareKeys.bob } });
    expect(await header.json()).toEqual({ key: 'bob' });
  });

  it('rejects a missing or wrong key with 401 before the handler runs, without echoing the key', async () => {
    const app = await setup();
    const missing = await app.request('/v1/chat/completions', { method: 'POST' });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: { type: 'authentication_error', code: 'invalid_api_key' } });
    const wrong = await app.request('/v1/chat/completions', { method: 'POST', headers: { authorization: 'Bearer frugal_not-a-real-key-0123456789' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('not-a-real-key');
    // A key presented again is refused from the fingerprint cache, with the same answer.
    expect((await app.request('/v1/chat/completions', { method: 'POST', headers: { authorization: 'Bearer frugal_not-a-real-key-0123456789' } })).status).toBe(401);
  });

  it('answers Bedrock paths in AWS style (the SDK reads x-amzn-ErrorType)', async () => {
    const app = await setup();
    const response = await app.request('/model/x/converse', { method: 'POST', headers: { authorization: 'Bearer wrong-key-0123456789abcdef' } });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('UnrecognizedClientException');
    expect(await response.json()).toEqual({ message: expect.stringContaining('Invalid API key') });
  });

  it('keeps client and admin keys apart', async () => {
    const app = await setup();
    expect((await app.request('/admin/usage', { headers: { authorization: `Bearer ${middlewareKeys.alice}` } })).status).toBe(401);
    expect(await (await app.request('/admin/usage', { headers: { authorization: `Bearer ${middlewareKeys.admin}` } })).json()).toEqual({ admin: 'ops' });
    expect((await app.request('/v1/chat/completions', { method: 'POST', headers: { authorization: `Bearer ${middlewareKeys.admin}` } })).status).toBe(401);
  });

  it('turns the admin API off without admin keys', async () => {
    const app = await setup((config) => ({ ...config, adminKeys: [] }));
    expect((await app.request('/admin/usage', { headers: { authorization: `Bearer ${middlewareKeys.admin}` } })).status).toBe(404);
  });
});
