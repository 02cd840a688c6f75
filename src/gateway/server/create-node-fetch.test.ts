import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeFetch } from './create-node-fetch.js';

const completion = { id: 'c1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop', logprobs: null }], usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } };

describe('createNodeFetch', () => {
  let server: Server;
  let url: string;
  const seen: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        seen.push({ headers: request.headers, body });
        const parsed = JSON.parse(body || '{}') as { stream?: boolean; fail?: boolean };
        if (request.url === '/v1/slow') return; // never answers
        if (parsed.stream === true) {
          response.writeHead(200, { 'content-type': 'text/event-stream' });
          response.write(`data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { role: 'assistant', content: 'hel' }, finish_reason: null }] })}\n\n`);
          setTimeout(() => {
            response.write(`data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: 'lo' }, finish_reason: 'stop' }] })}\n\n`);
            response.end('data: [DONE]\n\n');
          }, 10);
          return;
        }
        if (request.url === '/v1/chat/completions' && body.includes('"fail"')) {
          response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '2', 'x-request-id': 'req-429' });
          response.end(JSON.stringify({ error: { message: 'slow down', type: 'rate_limit_error', code: 'rate_limit_exceeded' } }));
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req-1', 'set-cookie': ['a=1', 'b=2'] });
        response.end(JSON.stringify(completion));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  it('answers JSON with status, headers and a body readable once', async () => {
    const fetchFn = createNodeFetch();
    const response = await fetchFn(`${url}/v1/chat/completions`, { method: 'POST', body: '{"x":1}', headers: { 'content-type': 'application/json', authorization: 'Bearer k' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('req-1');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await response.json()).toEqual(completion);
    await expect(response.text()).rejects.toThrow('already been read');
    expect(seen.at(-1)).toMatchObject({ body: '{"x":1}', headers: { authorization: 'Bearer k' } });
  });

  it('drives the openai client: completions, streams and API errors', async () => {
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'k', maxRetries: 0, fetch: createNodeFetch() });
    const reply = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    expect(reply.choices[0]?.message.content).toBe('hello');
    let text = '';
    for await (const chunk of await client.chat.completions.create({ model: 'm', stream: true, messages: [{ role: 'user', content: 'hi' }] })) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('hello');
    const failed = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'fail' }] }).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(OpenAI.RateLimitError);
    expect((failed as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('2');
  });

  it('aborts a request whose signal fires', async () => {
    const fetchFn = createNodeFetch();
    const controller = new AbortController();
    const pending = fetchFn(`${url}/v1/slow`, { method: 'POST', body: '{}', signal: controller.signal });
    setTimeout(() => controller.abort(new Error('gave up')), 20);
    await expect(pending).rejects.toThrow();
  });
});
