import { describe, expect, it } from 'vitest';
import { createTestApp, createTestConfig, createTestServices } from '../testing/create-test-services.js';
import { bodyLimit } from './body-limit.js';

async function setup(limit = 64) {
  const services = await createTestServices(await createTestConfig((config) => ({ ...config, limits: { bodyBytes: limit } })));
  const app = createTestApp(services);
  app.post('/v1/chat/completions', bodyLimit(), async (c) => c.json({ bytes: (await c.req.text()).length }));
  app.post('/model/:id/converse', bodyLimit(), async (c) => c.json({ bytes: (await c.req.text()).length }));
  return app;
}

function chunked(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream({
    start(controller) {
      for (let offset = 0; offset < bytes.length; offset += 16) controller.enqueue(bytes.subarray(offset, offset + 16));
      controller.close();
    },
  });
}

describe('bodyLimit', () => {
  it('passes bodies up to the configured limit', async () => {
    const app = await setup();
    const response = await app.request('/v1/chat/completions', { method: 'POST', body: 'x'.repeat(64) });
    expect(await response.json()).toEqual({ bytes: 64 });
  });

  it('refuses a larger body by its Content-Length with 413 before reading it', async () => {
    const app = await setup();
    const response = await app.request('/v1/chat/completions', { method: 'POST', body: 'x'.repeat(65) });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'body_too_large' } });
  });

  it('counts a chunked body as it arrives', async () => {
    const app = await setup();
    const small = await app.request('/v1/chat/completions', { method: 'POST', body: chunked('y'.repeat(40)), duplex: 'half' } as RequestInit);
    expect(await small.json()).toEqual({ bytes: 40 });
    const large = await app.request('/v1/chat/completions', { method: 'POST', body: chunked('y'.repeat(200)), duplex: 'half' } as RequestInit);
    expect(large.status).toBe(413);
  });

  it('answers Bedrock paths as a ValidationException', async () => {
    const app = await setup();
    const response = await app.request('/model/m/converse', { method: 'POST', body: 'x'.repeat(100) });
    expect(response.status).toBe(413);
    expect(response.headers.get('x-amzn-errortype')).toBe('ValidationException');
  });

  it('follows the limit of the config in force', async () => {
    const services = await createTestServices(await createTestConfig((config) => ({ ...config, limits: { bodyBytes: 10 } })));
    const app = createTestApp(services);
    app.post('/v1/chat/completions', bodyLimit(), (c) => c.text('ok'));
    expect((await app.request('/v1/chat/completions', { method: 'POST', body: 'x'.repeat(20) })).status).toBe(413);
    const { compileTestState } = await import('../testing/create-test-services.js');
    services.setState(await compileTestState(await createTestConfig((config) => ({ ...config, limits: { bodyBytes: 100 } }))));
    expect((await app.request('/v1/chat/completions', { method: 'POST', body: 'x'.repeat(20) })).status).toBe(200);
  });
});
