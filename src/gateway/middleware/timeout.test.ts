import { describe, expect, it } from 'vitest';
import { createTestApp, createTestConfig, createTestServices } from '../testing/create-test-services.js';
import { timeout } from './timeout.js';

/** Waits until the request's signal aborts, like a pipeline call would. */
const waitForAbort = (signal: AbortSignal): Promise<never> =>
  new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));

describe('timeout', () => {
  it('aborts the work after the limit and answers 504 with the reason', async () => {
    const services = await createTestServices(await createTestConfig());
    const app = createTestApp(services);
    let aborted = false;
    app.post('/v1/chat/completions', timeout(30), async (c) => {
      c.var.signal.addEventListener('abort', () => void (aborted = true));
      return waitForAbort(c.var.signal);
    });
    const started = Date.now();
    const response = await app.request('/v1/chat/completions', { method: 'POST' });
    expect(response.status).toBe(504);
    expect(aborted).toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await response.json()).toMatchObject({ error: { type: 'timeout_error', message: expect.stringContaining('30 ms') } });
  });

  it('answers Bedrock paths with ModelTimeoutException (408)', async () => {
    const services = await createTestServices(await createTestConfig());
    const app = createTestApp(services);
    app.post('/model/:id/converse', timeout(10), (c) => waitForAbort(c.var.signal));
    const response = await app.request('/model/m/converse', { method: 'POST' });
    expect(response.status).toBe(408);
    expect(response.headers.get('x-amzn-errortype')).toBe('ModelTimeoutException');
  });

  it('leaves fast requests alone and aborts when the client goes away', async () => {
    const services = await createTestServices(await createTestConfig());
    const app = createTestApp(services);
    let seen: AbortSignal | undefined;
    app.post('/fast', timeout(1000), (c) => c.text('ok'));
    app.post('/slow', timeout(5000), async (c) => {
      seen = c.var.signal;
      return waitForAbort(c.var.signal);
    });
    expect(await (await app.request('/fast', { method: 'POST' })).text()).toBe('ok');
    const client = new AbortController();
    const pending = Promise.resolve(app.request('/slow', { method: 'POST', signal: client.signal }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    client.abort();
    await pending.catch(() => undefined);
    expect(seen?.aborted).toBe(true);
  });
});
