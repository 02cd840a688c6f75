import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapOpenAIError } from '../../providers/index.js';
import { createChatCompletionPost } from './create-chat-completion-post.js';

const completion = { id: 'c1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop', logprobs: null }], usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } };
const body = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };

describe('createChatCompletionPost', () => {
  let server: Server;
  let url: string;
  const seen: { url: string | undefined; headers: Record<string, string | string[] | undefined>; body: string }[] = [];
  beforeAll(async () => {
    server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => {
        seen.push({ url: request.url, headers: request.headers, body: text });
        const model = (JSON.parse(text) as { model: string }).model;
        if (model === 'slow') return; // never answers
        if (model === 'throttled') {
          response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '2', 'x-request-id': 'req-429' });
          response.end(JSON.stringify({ error: { message: 'slow down', type: 'rate_limit_error', code: 'rate_limit_exceeded' } }));
          return;
        }
        if (model === 'html') {
          response.writeHead(200, { 'content-type': 'text/html' });
          response.end('<html>captive portal</html>');
          return;
        }
        if (model === 'broken') {
          response.writeHead(502, { 'content-type': 'text/plain' });
          response.end('bad gateway');
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req-1' });
        response.end(JSON.stringify(completion));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  const post = () => createChatCompletionPost({ baseURL: `${url}/v1`, apiKey: 'k' }).post;

  it('POSTs the body to baseURL/chat/completions with the bearer key, and returns the answer and x-request-id', async () => {
    const answer = await post()(body, new AbortController().signal);
    expect(answer).toEqual({ data: completion, request_id: 'req-1' });
    const last = seen[seen.length - 1];
    expect(last?.url).toBe('/v1/chat/completions');
    expect(last?.headers).toMatchObject({ authorization: 'Bearer k', 'content-type': 'application/json' });
    expect(JSON.parse(last?.body ?? '')).toEqual(body);
  });

  it('throws the openai client errors, so they map as the client’s do (status, code, Retry-After, request id)', async () => {
    const throttled = await post()({ ...body, model: 'throttled' }, new AbortController().signal).catch((error: unknown) => error);
    expect(throttled).toBeInstanceOf(OpenAI.RateLimitError);
    const mapped = mapOpenAIError(throttled, { modelId: 'throttled', baseURL: url, now: () => 0 });
    expect(mapped).toMatchObject({ code: 'THROTTLED', isRetryable: true, status: 429, requestId: 'req-429', retryAfterMs: 2000 });
    expect(mapped.message).toContain('slow down');

    const broken = await post()({ ...body, model: 'broken' }, new AbortController().signal).catch((error: unknown) => error);
    expect(broken).toBeInstanceOf(OpenAI.InternalServerError);
    expect((broken as Error).message).toContain('bad gateway');

    const html = await post()({ ...body, model: 'html' }, new AbortController().signal).catch((error: unknown) => error);
    expect(mapOpenAIError(html, { modelId: 'html', baseURL: url, now: () => 0 })).toMatchObject({ code: 'PROVIDER_ERROR', isRetryable: false, message: expect.stringContaining('not a chat completion: <html>captive portal</html>') });

    const refused = await createChatCompletionPost({ baseURL: 'http://127.0.0.1:1/v1', apiKey: 'k' }).post(body, new AbortController().signal).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.APIConnectionError);
  });

  it('stops on abort with APIUserAbortError', async () => {
    const controller = new AbortController();
    const pending = post()({ ...body, model: 'slow' }, controller.signal).catch((error: unknown) => error);
    setTimeout(() => controller.abort(), 20);
    expect(await pending).toBeInstanceOf(OpenAI.APIUserAbortError);
    const aborted = AbortSignal.abort();
    expect(await post()(body, aborted).catch((error: unknown) => error)).toBeInstanceOf(OpenAI.APIUserAbortError);
  });
});
