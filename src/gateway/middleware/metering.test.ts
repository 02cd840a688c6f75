import { describe, expect, it } from 'vitest';
import { compileTestState, createTestApp, createTestConfig, createTestServices } from '../testing/create-test-services.js';

describe('metering', () => {
  it('counts a request in flight until its stream ends, and records status and latency', async () => {
    const services = await createTestServices(await createTestConfig());
    const app = createTestApp(services);
    let end: () => void = () => undefined;
    app.get('/stream', (c) => {
      c.var.track(new Promise<void>((resolve) => (end = resolve)));
      return c.text('started');
    });
    app.get('/fail', () => {
      throw new Error('boom');
    });
    expect((await app.request('/stream')).status).toBe(200);
    expect(services.lifecycle.inFlight).toBe(1);
    end();
    await services.lifecycle.idle();
    expect(services.lifecycle.inFlight).toBe(0);
    expect((await app.request('/fail')).status).toBe(500);
    const text = await services.metrics.render();
    expect(text).toContain('frugal_gateway_requests_total{endpoint="other",status="200"} 1');
    expect(text).toContain('frugal_gateway_errors_total{code="internal"} 1');
    expect(text).toContain('frugal_gateway_request_duration_seconds_count{endpoint="other"} 2');
  });

  it('pins the config a request started with, across a reload', async () => {
    const services = await createTestServices(await createTestConfig());
    const app = createTestApp(services);
    const before = services.state();
    let resume: () => void = () => undefined;
    app.get('/slow', async (c) => {
      await new Promise<void>((resolve) => (resume = resolve));
      return c.text(c.var.state === before ? 'old config' : 'new config');
    });
    app.get('/fast', (c) => c.text(c.var.state === before ? 'old config' : 'new config'));
    const slow = app.request('/slow');
    await new Promise((resolve) => setTimeout(resolve, 10));
    services.setState(await compileTestState(await createTestConfig()));
    expect(await (await app.request('/fast')).text()).toBe('new config');
    resume();
    expect(await (await slow).text()).toBe('old config');
  });

  it('refuses new requests once shutdown has begun', async () => {
    const services = await createTestServices(await createTestConfig());
    const app = createTestApp(services);
    app.get('/', (c) => c.text('ok'));
    services.lifecycle.accepting = false;
    const response = await app.request('/');
    expect(response.status).toBe(503);
    expect(response.headers.get('connection')).toBe('close');
    expect(response.headers.get('retry-after')).toBe('1');
  });
});
