import { describe, expect, it } from 'vitest';
import type { ParsedCall } from '../gateway-env.js';
import { createTestApp, createTestConfig, createTestServices, middlewareKeys } from '../testing/create-test-services.js';
import { auth } from './auth.js';
import { route } from './route.js';

async function setup() {
  const services = await createTestServices(await createTestConfig());
  const app = createTestApp(services);
  app.post('/v1/chat/completions', auth('client'), async (c, next) => {
    const body = (await c.req.json()) as { model: string; task?: string };
    const call: ParsedCall = { request: { modelId: body.model, messages: [{ role: 'user', content: [{ text: 'hi' }] }] }, stream: false, includeUsage: false, model: body.model, task: body.task, conversationId: undefined };
    c.set('call', call);
    await next();
  }, route(), (c) => {
    const { target } = c.var;
    return c.json({ kind: target.kind, name: target.name, upstream: target.upstream.name, task: c.var.call.task ?? null });
  });
  const call = (body: Record<string, unknown>, key: string = middlewareKeys.alice) =>
    app.request('/v1/chat/completions', { method: 'POST', body: JSON.stringify(body), headers: { authorization: `Bearer ${key}` } });
  return { call };
}

describe('route', () => {
  it('resolves a route name, or a model an upstream serves', async () => {
    const { call } = await setup();
    expect(await (await call({ model: 'support' })).json()).toEqual({ kind: 'route', name: 'support', upstream: 'bedrock', task: null });
    expect(await (await call({ model: 'amazon.nova-lite-v1:0' })).json()).toMatchObject({ kind: 'model', name: 'amazon.nova-lite-v1:0' });
  });

  it('routes `auto` by the task mapping', async () => {
    const { call } = await setup();
    expect(await (await call({ model: 'auto', task: 'triage' })).json()).toEqual({ kind: 'route', name: 'support', upstream: 'bedrock', task: 'triage' });
    const unmapped = await call({ model: 'auto', task: 'poetry' });
    expect(unmapped.status).toBe(404);
    expect(((await unmapped.json()) as { error: { message: string } }).error.message).toContain('not mapped');
  });

  it('refuses models no upstream serves, and routes a key may not use', async () => {
    const services = await createTestServices(await createTestConfig((config) => ({ ...config, upstreams: [{ type: 'bedrock', name: 'bedrock', models: ['anthropic.*'] }] })));
    const app = createTestApp(services);
    app.post('/x', auth('client'), async (c, next) => {
      c.set('call', { request: { modelId: 'm', messages: [{ role: 'user', content: [{ text: 'hi' }] }] }, stream: false, includeUsage: false, model: c.req.header('x-model') ?? '', task: undefined, conversationId: undefined });
      await next();
    }, route(), (c) => c.text(c.var.target.name));
    const send = (model: string, key: string) => app.request('/x', { method: 'POST', headers: { authorization: `Bearer ${key}`, 'x-model': model } });
    expect((await send('amazon.nova-lite-v1:0', middlewareKeys.alice)).status).toBe(404);
    expect(await (await send('anthropic.claude-3-haiku-20240307-v1:0', middlewareKeys.alice)).text()).toBe('anthropic.claude-3-haiku-20240307-v1:0');
    const forbidden = await send('support', middlewareKeys.bob);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ error: { code: 'model_not_allowed' } });
    expect((await send('fixed', middlewareKeys.bob)).status).toBe(200);
  });
});
