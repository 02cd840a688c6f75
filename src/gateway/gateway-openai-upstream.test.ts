import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Ledger, openLedger } from '../ledger/index.js';
import { hashApiKey } from './auth/hash-api-key.js';
import { type RunningGateway, startGateway } from './start-gateway.js';
import { createLazyLedger } from './usage/create-lazy-ledger.js';

const key = 'frugal_openai-upstream-key-0123456789';

/** A vLLM / Ollama-like chat-completions server that echoes what it was sent, with usage. */
function startUpstream(): Promise<{ server: Server; url: string; bodies: Record<string, unknown>[] }> {
  const bodies: Record<string, unknown>[] = [];
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const body = JSON.parse(text) as Record<string, unknown>;
      bodies.push(body);
      const usage = { prompt_tokens: 20, completion_tokens: 5, total_tokens: 25, prompt_tokens_details: { cached_tokens: 8 } };
      if (body['stream'] === true) {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        for (const part of ['Ships ', 'tomorrow.']) response.write(`data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 1, model: body['model'], choices: [{ index: 0, delta: { content: part }, finish_reason: null }] })}\n\n`);
        response.write(`data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 1, model: body['model'], choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`);
        response.write(`data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 1, model: body['model'], choices: [], usage })}\n\n`);
        response.end('data: [DONE]\n\n');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: 'x', object: 'chat.completion', created: 1, model: body['model'], choices: [{ index: 0, message: { role: 'assistant', content: 'Ships tomorrow.' }, finish_reason: 'stop' }], usage }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies })));
}

describe('gateway with an OpenAI-compatible upstream', () => {
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  let gateway: RunningGateway;
  let ledger: Ledger;
  beforeAll(async () => {
    upstream = await startUpstream();
    const dir = mkdtempSync(join(tmpdir(), 'frugal-gateway-openai-'));
    ledger = await openLedger(join(dir, 'ledger.duckdb'));
    gateway = await startGateway({
      source: {
        kind: 'object',
        cwd: dir,
        config: {
          upstreams: [{ type: 'openai-compatible', name: 'local', baseURL: `${upstream.url}/v1`, region: 'us-east-1', models: ['gpt-*'] }],
          routes: [{ name: 'cheap', model: 'gpt-4o-mini', maxTokens: 50 }],
          keys: [{ id: 'app', hash: await hashApiKey(key), team: 'web' }],
        },
      },
      port: 0,
      ledger: createLazyLedger(async () => ledger),
    });
  });
  afterAll(async () => {
    await gateway.shutdown({ graceMs: 1000 });
    upstream.server.close();
  });

  it('proxies completions and streams, capping output by the route, and records priced rows', async () => {
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });
    const reply = await client.chat.completions.create({ model: 'cheap', max_tokens: 500, messages: [{ role: 'user', content: 'When does it ship?' }] });
    expect(reply.choices[0]?.message.content).toBe('Ships tomorrow.');
    expect(reply.usage).toMatchObject({ prompt_tokens: 20, completion_tokens: 5, prompt_tokens_details: { cached_tokens: 8 } });
    expect(upstream.bodies[0]).toMatchObject({ model: 'gpt-4o-mini', max_tokens: 50 });
    let text = '';
    for await (const chunk of await client.chat.completions.create({ model: 'gpt-4o', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Stream' }] })) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Ships tomorrow.');
    expect((await client.chat.completions.create({ model: 'llama3', messages: [{ role: 'user', content: 'x' }] }).catch((error: unknown) => error)) as InstanceType<typeof OpenAI.NotFoundError>).toBeInstanceOf(OpenAI.NotFoundError);

    await gateway.services.usage.flush();
    const rows = await ledger.query.listRequests({ filter: { sources: ['gateway'] } });
    expect(rows.map((row) => row.rawModelId).sort()).toEqual(['gpt-4o', 'gpt-4o-mini']);
    for (const row of rows) {
      expect(row).toMatchObject({ provider: 'openai', team: 'web', callerArn: 'gateway-key:app', inputTokens: 12, cacheReadTokens: 8, outputTokens: 5, pricingStatus: 'priced' });
      expect(row.cost).toBeGreaterThan(0);
    }
  });
});
