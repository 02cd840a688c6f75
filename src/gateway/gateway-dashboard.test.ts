import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metaSchema, summarySchema } from '../dashboard/index.js';
import { startGateway } from './start-gateway.js';
import { type TestGateway, startTestGateway, testKeys } from './testing/start-test-gateway.js';

const micro = 'amazon.nova-micro-v1:0';
const basic = (key: string): string => `Basic ${Buffer.from(`anyone:${key}`).toString('base64')}`;

describe('frugal gateway with the dashboard mounted (gateway.dashboard)', () => {
  let test: TestGateway;
  const page = mkdtempSync(join(tmpdir(), 'frugal-gateway-dashboard-page-'));

  beforeAll(async () => {
    // A stand-in for the built page: the mount serves whatever `npm run build` left there.
    mkdirSync(join(page, 'assets'));
    writeFileSync(join(page, 'index.html'), '<!doctype html><title>frugal dashboard</title><script type="module" src="./assets/main.js"></script>');
    writeFileSync(join(page, 'assets', 'main.js'), 'export {};');
    test = await startTestGateway((config) => ({ ...config, dashboard: { path: '/dashboard' } }), { gateway: { dashboardPageDirectory: page } });
    const openai = new OpenAI({ baseURL: `${test.gateway.url}/v1`, apiKey: testKeys.alice, maxRetries: 0 });
    await openai.chat.completions.create({ model: micro, messages: [{ role: 'user', content: 'Where is my parcel?' }] });
    await openai.chat.completions.create({ model: micro, messages: [{ role: 'user', content: 'Can I get a refund?' }] });
    await test.gateway.services.usage.flush();
  });
  afterAll(async () => {
    await test?.close();
    rmSync(page, { recursive: true, force: true });
  });

  it('asks a browser for an admin key by HTTP Basic, and refuses client keys', async () => {
    const none = await fetch(`${test.gateway.url}/dashboard/`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Basic realm="frugal dashboard", charset="UTF-8"');
    expect((await fetch(`${test.gateway.url}/dashboard/api/meta`, { headers: { authorization: basic(testKeys.alice) } })).status).toBe(401);
    expect((await fetch(`${test.gateway.url}/dashboard/api/meta`, { headers: { authorization: `Bearer ${testKeys.alice}` } })).status).toBe(401);
    expect((await fetch(`${test.gateway.url}/dashboard`, { redirect: 'manual' })).status).toBe(401);
  });

  it('serves the page under the path (redirecting to its trailing slash) and the API over the gateway ledger', async () => {
    const headers = { authorization: basic(testKeys.admin) };
    const bare = await fetch(`${test.gateway.url}/dashboard`, { headers, redirect: 'manual' });
    expect(bare.status).toBe(308);
    expect(bare.headers.get('location')).toBe('/dashboard/');
    const html = await fetch(`${test.gateway.url}/dashboard/`, { headers });
    expect(html.status).toBe(200);
    expect(await html.text()).toContain('./assets/main.js');
    expect((await fetch(`${test.gateway.url}/dashboard/assets/main.js`, { headers })).status).toBe(200);
    const meta = metaSchema.parse(await (await fetch(`${test.gateway.url}/dashboard/api/meta`, { headers })).json());
    expect(meta.bases.find((basis) => basis.basis === 'calls')?.rows).toBe(2);
    // Bearer works as well as Basic (scripts, curl).
    const summary = summarySchema.parse(await (await fetch(`${test.gateway.url}/dashboard/api/summary`, { headers: { authorization: `Bearer ${testKeys.admin}` } })).json());
    expect(summary.headlines.find((headline) => headline.id === 'requests')?.value).toBe(2);
    expect(summary.headlines.find((headline) => headline.id === 'spend')?.value).toBeGreaterThan(0);
    // The gateway's own endpoints are untouched.
    expect((await fetch(`${test.gateway.url}/healthz`)).status).toBe(200);
  });

  it('refuses auth: none unless the gateway listens on loopback, and auth: admin without admin keys', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'frugal-gateway-dashboard-'));
    const upstreams = [{ type: 'bedrock' as const, name: 'emulator', region: 'us-east-1', endpoint: test.emulator.url }];
    await expect(startGateway({ source: { kind: 'object', config: { upstreams, dashboard: { auth: 'none' } }, cwd: dir }, host: '0.0.0.0', port: 0 })).rejects.toThrow(/listens on 0\.0\.0\.0/);
    await expect(startGateway({ source: { kind: 'object', config: { upstreams, dashboard: {} }, cwd: dir }, port: 0 })).rejects.toThrow(/dashboard\.auth: the dashboard asks for an admin key/);
    const open = await startGateway({ source: { kind: 'object', config: { upstreams, ledger: 'ledger.duckdb', dashboard: { path: '/costs', auth: 'none' } }, cwd: dir }, port: 0, dashboardPageDirectory: null });
    try {
      const meta = metaSchema.parse(await (await fetch(`${open.url}/costs/api/meta`)).json());
      expect(meta.bases.find((basis) => basis.basis === 'calls')?.rows).toBe(0);
    } finally {
      await open.shutdown({ graceMs: 100 });
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
