import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPricingCatalog, priceUsage } from '../pricing/index.js';
import { type TestGateway, startTestGateway, testKeys } from './testing/start-test-gateway.js';

const micro = 'amazon.nova-micro-v1:0';
const haiku = 'anthropic.claude-3-5-haiku-20241022-v1:0';
// About 3,000 tokens of stable instructions: over Haiku 3.5's 2,048-token cache minimum.
const instructions = Array.from({ length: 300 }, (_, index) => `Rule ${index}: answer support tickets politely and cite the policy section.`).join('\n');

describe('frugal gateway: routing, caching, budgets, ledger, admin, metrics, SSRF', () => {
  let test: TestGateway;
  let evil: Server;
  let evilHits = 0;
  let openai: OpenAI;
  const catalog = createPricingCatalog();
  const billed: { model: string; usage: OpenAI.CompletionUsage }[] = [];

  beforeAll(async () => {
    evil = createServer((_request, response) => {
      evilHits += 1;
      response.end('{}');
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    test = await startTestGateway((config) => ({
      ...config,
      routes: [
        {
          name: 'support',
          tiers: [micro, haiku],
          default: 2,
          rules: [{ name: 'short questions', when: { inputTokens: { lt: 100 } }, tier: 1 }],
          maxTokens: 300,
        },
      ],
      tasks: { tickets: 'support' },
      keys: [...(config.keys ?? []).map((key) => (key.id === 'bob' ? { ...key, budget: { dailyUsd: 0.00005 } } : key))],
    }));
    openai = new OpenAI({ baseURL: `${test.gateway.url}/v1`, apiKey: testKeys.alice, maxRetries: 0 });
  });
  afterAll(async () => {
    await test?.close();
    evil?.close();
  });

  async function ask(model: string, content: string, system?: string, client = openai, maxTokens?: number) {
    const { data, response } = await client.chat.completions
      .create({ model, ...(maxTokens !== undefined && { max_tokens: maxTokens }), messages: [...(system === undefined ? [] : [{ role: 'system' as const, content: system }]), { role: 'user', content }] })
      .withResponse();
    billed.push({ model: response.headers.get('x-frugal-model') as string, usage: data.usage as OpenAI.CompletionUsage });
    return { data, served: response.headers.get('x-frugal-model') };
  }

  it('routes by the rules: short questions to the cheap tier, long ones to the default', async () => {
    expect((await ask('support', 'Where is my parcel?')).served).toBe(micro);
    expect((await ask('support', `Please read this carefully. ${'The order arrived damaged and the box was open. '.repeat(20)}`)).served).toBe(haiku);
    // `auto` picks the route from the task.
    const auto = await openai.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'Refund?' }] }, { headers: { 'x-frugal-task': 'tickets' } }).withResponse();
    expect(auto.response.headers.get('x-frugal-model')).toBe(micro);
    billed.push({ model: micro, usage: auto.data.usage as OpenAI.CompletionUsage });
  });

  it('places cache points after the long system prompt: the second call reads the cache', async () => {
    const first = await ask(haiku, 'Ticket 1: my card was charged twice.', instructions);
    const second = await ask(haiku, 'Ticket 2: the app crashes on login.', instructions);
    expect(first.data.usage?.prompt_tokens_details?.cached_tokens).toBe(0);
    expect(second.data.usage?.prompt_tokens_details?.cached_tokens).toBeGreaterThan(2048);
    // Opting out with the header sends no cache point, so nothing is read.
    const off = await openai.chat.completions.create({ model: haiku, messages: [{ role: 'system', content: instructions }, { role: 'user', content: 'Ticket 3' }] }, { headers: { 'x-frugal-cache': 'off' } }).withResponse();
    expect(off.data.usage?.prompt_tokens_details?.cached_tokens).toBe(0);
    billed.push({ model: haiku, usage: off.data.usage as OpenAI.CompletionUsage });
  });

  it('enforces a key budget: calls pass until the day\'s budget is used, then 429 insufficient_quota', async () => {
    const bob = new OpenAI({ baseURL: `${test.gateway.url}/v1`, apiKey: testKeys.bob, maxRetries: 0 });
    const statuses: number[] = [];
    for (let index = 0; index < 8; index += 1) {
      try {
        const { served, data } = await ask(micro, 'Quick question about my invoice, please answer briefly.', undefined, bob, 100);
        expect(served).toBe(micro);
        expect(data.choices[0]?.message.content).toBeTruthy();
        statuses.push(200);
      } catch (error) {
        expect(error).toBeInstanceOf(OpenAI.APIError);
        const apiError = error as InstanceType<typeof OpenAI.APIError>;
        statuses.push(apiError.status ?? 0);
        expect(apiError.error).toMatchObject({ type: 'insufficient_quota' });
      }
    }
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(0);
    expect(statuses.at(-1)).toBe(429);
    const budgets = await fetch(`${test.gateway.url}/admin/budgets`, { headers: { authorization: `Bearer ${testKeys.admin}` } });
    const standing = ((await budgets.json()) as { budgets: { name: string; remainingUsd: number; spentUsd: number }[] }).budgets.find((entry) => entry.name === 'bob');
    expect(standing?.spentUsd).toBeGreaterThan(0);
    expect(standing?.spentUsd).toBeLessThanOrEqual(0.00005);
  });

  it('the ledger holds the same calls and costs as the responses, and the admin API reports them', async () => {
    await test.gateway.services.usage.flush();
    const rows = await test.ledger.query.listRequests({ filter: { sources: ['gateway'] }, limit: 1000 });
    expect(rows).toHaveLength(billed.length);
    const expected = billed.reduce((sum, call) => {
      const cached = call.usage.prompt_tokens_details?.cached_tokens ?? 0;
      const row = rows.find((candidate) => candidate.outputTokens === call.usage.completion_tokens && candidate.cacheReadTokens === cached && candidate.rawModelId === call.model);
      expect(row).toBeDefined();
      const inputAndWrites = call.usage.prompt_tokens - cached;
      const cost = priceUsage({ model: call.model, region: 'us-east-1', inputTokens: row!.inputTokens, cacheReadTokens: cached, cacheWrite5mTokens: inputAndWrites - row!.inputTokens, outputTokens: call.usage.completion_tokens, time: row!.usageStart }, catalog);
      return sum + (cost.total as number);
    }, 0);
    const ledgerTotal = rows.reduce((sum, row) => sum + (row.cost as number), 0);
    expect(ledgerTotal).toBeCloseTo(expected, 12);

    const usage = await fetch(`${test.gateway.url}/admin/usage?groupBy=callerArn,modelId`, { headers: { authorization: `Bearer ${testKeys.admin}` } });
    expect(usage.status).toBe(200);
    const groups = ((await usage.json()) as { rows: { group: Record<string, string>; cost: number; rows: number }[] }).rows;
    expect(groups.reduce((sum, group) => sum + group.rows, 0)).toBe(billed.length);
    expect(groups.reduce((sum, group) => sum + group.cost, 0)).toBeCloseTo(ledgerTotal, 12);
    expect(groups.some((group) => group.group['callerArn'] === 'gateway-key:bob')).toBe(true);
    const bad = await fetch(`${test.gateway.url}/admin/usage?groupBy=password`, { headers: { authorization: `Bearer ${testKeys.admin}` } });
    expect(bad.status).toBe(400);
    expect((await fetch(`${test.gateway.url}/admin/usage`)).status).toBe(401);
  });

  it('exposes Prometheus metrics: requests, errors, latency, tokens, cost, budgets, buffer', async () => {
    const text = await (await fetch(`${test.gateway.url}/metrics`)).text();
    expect(text).toMatch(/frugal_gateway_requests_total\{endpoint="chat_completions",status="200"\} \d+/);
    expect(text).toMatch(/frugal_gateway_errors_total\{code="budget_exceeded"\} [1-9]/);
    expect(text).toContain('frugal_gateway_request_duration_seconds_bucket');
    expect(text).toMatch(/frugal_gateway_tokens_total\{model="anthropic.claude-3-5-haiku-20241022-v1:0",bucket="cache_read"\} [1-9]/);
    expect(text).toMatch(/frugal_gateway_cost_usd_total\{model="amazon.nova-micro-v1:0",team=""\} /);
    expect(text).toMatch(/frugal_gateway_budget_remaining_usd\{scope="key",name="bob",period="daily"\} /);
    expect(text).toContain('frugal_gateway_usage_buffer_rows');
  });

  it('takes upstream addresses only from the config (no SSRF through bodies or headers)', async () => {
    const evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
    const response = await fetch(`${test.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${testKeys.alice}`, 'content-type': 'application/json', 'x-portkey-custom-host': evilUrl, 'x-forwarded-host': evilUrl, 'x-frugal-upstream': evilUrl },
      body: JSON.stringify({ model: micro, base_url: evilUrl, api_base: evilUrl, endpoint: evilUrl, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(200);
    const image = await fetch(`${test.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${testKeys.alice}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: micro, messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: `${evilUrl}/cat.png` } }] }] }),
    });
    expect(image.status).toBe(400);
    expect(await image.text()).toContain('does not fetch remote URLs');
    const path = await fetch(`${test.gateway.url}/model/${encodeURIComponent(`${evilUrl}/x`)}/converse`, { method: 'POST', headers: { authorization: `Bearer ${testKeys.alice}` }, body: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hi' }] }] }) });
    expect([400, 404]).toContain(path.status);
    expect(evilHits).toBe(0);
    await test.gateway.services.usage.flush();
    billed.push({ model: micro, usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 } });
  });
});
