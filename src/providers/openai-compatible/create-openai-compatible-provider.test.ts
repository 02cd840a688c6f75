import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { createAimdLimiterPool } from '../create-aimd-limiter-pool.js';
import type { ModelRequest } from '../model-request.js';
import { createOpenAICompatibleProvider, type OpenAICompatibleProviderSettings } from './create-openai-compatible-provider.js';
import { collect, failure } from '../../../test/helpers/async-helpers.js';

/**
 * The OpenAI-compatible provider through the real `openai` client against a tiny local server
 * answering like vLLM / Ollama / LM Studio: chat-completion JSON and SSE.
 */

type Handler = (request: { body: Record<string, unknown>; headers: IncomingMessage['headers'] }, response: ServerResponse) => void;

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((server) => {
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      return closed;
    }),
  );
});

/** Answers each request with the next handler (the last one repeats); records request bodies. */
async function serve(...handlers: Handler[]): Promise<{ baseURL: string; bodies: Record<string, unknown>[]; closed: Promise<void> }> {
  const bodies: Record<string, unknown>[] = [];
  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const body = JSON.parse(text) as Record<string, unknown>;
      bodies.push(body);
      response.on('close', resolveClosed);
      (handlers[bodies.length - 1] ?? (handlers.at(-1) as Handler))({ body, headers: request.headers }, response);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, bodies, closed };
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
  (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json', 'x-request-id': 'req-local-1', ...headers });
    response.end(JSON.stringify(body));
  };

/** SSE: each chunk as a `data:` line; `cut` destroys the socket instead of finishing. */
const sse =
  (chunks: unknown[], options: { cut?: boolean; hold?: boolean } = {}): Handler =>
  (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': 'req-local-2' });
    for (const chunk of chunks) response.write(`data: ${JSON.stringify(chunk)}\n\n`);
    // Cut once the client has the chunks, as a dropped connection mid-answer does.
    if (options.cut === true) setTimeout(() => response.socket?.destroy(), 20);
    else if (options.hold !== true) response.end('data: [DONE]\n\n');
  };

const completion = (overrides: Record<string, unknown> = {}) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1_760_000_000,
  model: 'llama3.1:8b-instruct-q4_K_M',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Seven.' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 2006, completion_tokens: 3, total_tokens: 2009, prompt_tokens_details: { cached_tokens: 1920 } },
  ...overrides,
});

const chunk = (delta: Record<string, unknown>, finish: string | null = null, extra: Record<string, unknown> = {}) => ({
  id: 'chatcmpl-2',
  object: 'chat.completion.chunk',
  created: 1_760_000_000,
  model: 'llama3.1:8b-instruct-q4_K_M',
  choices: [{ index: 0, delta, finish_reason: finish }],
  ...extra,
});
const usageChunk = (usage: unknown) => ({ id: 'chatcmpl-2', object: 'chat.completion.chunk', created: 1_760_000_000, model: 'llama3.1:8b-instruct-q4_K_M', choices: [], usage });

function providerFor(baseURL: string, settings: OpenAICompatibleProviderSettings = {}) {
  const waits: number[] = [];
  const provider = createOpenAICompatibleProvider({
    baseURL,
    apiKey: 'local',
    ...settings,
    retry: { random: () => 0.5, sleep: async (ms) => void waits.push(ms), ...settings.retry },
  });
  return { provider, waits };
}

const ask: ModelRequest = {
  modelId: 'llama3.1:8b',
  system: [{ text: 'Answer in one word.' }],
  messages: [{ role: 'user', content: [{ text: 'A prime between 5 and 10?' }] }],
  inferenceConfig: { maxTokens: 5 },
};

describe('createOpenAICompatibleProvider against a local server', () => {
  it('should invoke chat completions and convert inclusive usage to exclusive buckets', async () => {
    const server = await serve(json(200, completion()));
    const { provider } = providerFor(server.baseURL);
    const result = await provider.invoke(ask);
    expect(server.bodies[0]).toEqual({
      model: 'llama3.1:8b',
      messages: [
        { role: 'system', content: 'Answer in one word.' },
        { role: 'user', content: 'A prime between 5 and 10?' },
      ],
      max_tokens: 5,
      stream: false,
    });
    expect(result).toMatchObject({
      output: { content: [{ type: 'text', text: 'Seven.' }], stopReason: 'end', rawStopReason: 'stop' },
      // 2,006 prompt tokens = 86 uncached + 1,920 cached.
      usage: { inputTokens: 86, cacheReadTokens: 1920, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, outputTokens: 3 },
      modelId: 'llama3.1:8b-instruct-q4_K_M',
      requestedModelId: 'llama3.1:8b',
      requestId: 'req-local-1',
      latency: { attempts: 1, retryWaitMs: 0, queueMs: 0, firstTokenMs: null, lastTokenMs: null, serviceMs: null },
    });
  });

  it('should map tool calls', async () => {
    const toolCall = { id: 'call_9', type: 'function', function: { name: 'add', arguments: '{"a":2,"b":5}' } };
    const server = await serve(json(200, completion({ choices: [{ index: 0, message: { role: 'assistant', content: null, tool_calls: [toolCall] }, finish_reason: 'tool_calls' }] })));
    const result = await providerFor(server.baseURL).provider.invoke(ask);
    expect(result.output).toEqual({ content: [{ type: 'tool-use', toolUseId: 'call_9', name: 'add', input: { a: 2, b: 5 } }], stopReason: 'tool-use', rawStopReason: 'tool_calls' });
  });

  it('should stream with include_usage and end with the usage chunk', async () => {
    const server = await serve(
      sse([
        chunk({ role: 'assistant', content: '' }),
        chunk({ content: 'Sev' }),
        chunk({ content: 'en.' }),
        chunk({}, 'stop'),
        usageChunk({ prompt_tokens: 40, completion_tokens: 3, total_tokens: 43, prompt_tokens_details: { cached_tokens: 32 } }),
      ]),
    );
    const events = await collect(providerFor(server.baseURL).provider.stream(ask));
    expect(server.bodies[0]).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(events.slice(0, -1)).toEqual([
      { type: 'text-delta', index: 0, text: 'Sev' },
      { type: 'text-delta', index: 0, text: 'en.' },
    ]);
    const end = events.at(-1);
    if (end?.type !== 'end') throw new Error('no end event');
    expect(end.result).toMatchObject({
      output: { content: [{ type: 'text', text: 'Seven.' }], stopReason: 'end' },
      usage: { inputTokens: 8, cacheReadTokens: 32, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, outputTokens: 3 },
      modelId: 'llama3.1:8b-instruct-q4_K_M',
      requestId: 'req-local-2',
    });
    expect(end.result.latency.lastTokenMs).toBeGreaterThanOrEqual(end.result.latency.firstTokenMs as number);
  });

  it('should stream tool-call deltas and assemble the arguments', async () => {
    const server = await serve(
      sse([
        chunk({ role: 'assistant', tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'add', arguments: '' } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '{"a":2,' } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '"b":5}' } }] }),
        chunk({}, 'tool_calls'),
        usageChunk({ prompt_tokens: 50, completion_tokens: 12, total_tokens: 62 }),
      ]),
    );
    const events = await collect(providerFor(server.baseURL).provider.stream(ask));
    expect(events.slice(0, -1)).toEqual([
      { type: 'tool-use-start', index: 1, toolUseId: 'call_1', name: 'add' },
      { type: 'tool-use-delta', index: 1, inputDelta: '{"a":2,' },
      { type: 'tool-use-delta', index: 1, inputDelta: '"b":5}' },
    ]);
    const end = events.at(-1);
    expect(end?.type === 'end' && end.result.output).toEqual({ content: [{ type: 'tool-use', toolUseId: 'call_1', name: 'add', input: { a: 2, b: 5 } }], stopReason: 'tool-use', rawStopReason: 'tool_calls' });
    // This server reports no cached_tokens: cache reads are unknown, all prompt tokens count as input.
    expect(end?.type === 'end' && end.result.usage).toMatchObject({ inputTokens: 50, cacheReadTokens: null, outputTokens: 12 });
  });

  it('should leave usage unknown when the server ignores include_usage', async () => {
    const server = await serve(sse([chunk({ content: 'Seven.' }), chunk({}, 'stop')]));
    const end = (await collect(providerFor(server.baseURL).provider.stream(ask))).at(-1);
    expect(end?.type === 'end' && end.result.usage).toEqual({ inputTokens: null, cacheReadTokens: null, cacheWrite5mTokens: null, cacheWrite1hTokens: null, outputTokens: null, raw: undefined });
  });

  it('should retry 429 honouring retry-after-ms, halve the limiter, and record the wait', async () => {
    const server = await serve(json(429, { error: { message: 'Rate limit reached', type: 'rate_limit_error' } }, { 'retry-after-ms': '1500' }), json(200, completion()));
    const limiters = createAimdLimiterPool({ initialLimit: 8 });
    const { provider, waits } = providerFor(server.baseURL, { limiters });
    const result = await provider.invoke(ask);
    expect(waits).toEqual([1500]);
    expect(result.latency).toMatchObject({ attempts: 2, retryWaitMs: 1500 });
    expect(limiters.forModel('llama3.1:8b').limit).toBe(4);
    expect(server.bodies).toHaveLength(2);
  });

  it('should retry 5xx and give up after maxAttempts', async () => {
    const server = await serve(json(503, { error: { message: 'model is loading' } }));
    const { provider, waits } = providerFor(server.baseURL, { retry: { maxAttempts: 3, baseDelayMs: 200 } });
    const error = await failure(provider.invoke(ask));
    expect(error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503, attempts: 3, retryWaitMs: 300, requestId: 'req-local-1' });
    expect(waits).toEqual([100, 200]);
  });

  it('should not retry an auth failure', async () => {
    const server = await serve(json(401, { error: { message: 'Incorrect API key provided', code: 'invalid_api_key' } }));
    const { provider, waits } = providerFor(server.baseURL);
    const error = await failure(provider.invoke(ask));
    expect(error).toMatchObject({ code: 'ACCESS_DENIED', status: 401, attempts: 1, isRetryable: false });
    expect(error.message).toContain('Check the API key');
    expect(waits).toEqual([]);
    expect(server.bodies).toHaveLength(1);
  });

  it('should raise a content-filter stop as an error that keeps the billed usage', async () => {
    const server = await serve(json(200, completion({ choices: [{ index: 0, message: { role: 'assistant', content: '' }, finish_reason: 'content_filter' }] })));
    const error = await failure(providerFor(server.baseURL).provider.invoke(ask));
    expect(error).toMatchObject({ code: 'CONTENT_FILTERED', isRetryable: false, stopReason: 'content_filter', requestId: 'req-local-1' });
    expect(error.usage).toMatchObject({ inputTokens: 86, cacheReadTokens: 1920, outputTokens: 3 });
  });

  it('should keep the text of a stream cut mid-way, with usage unknown', async () => {
    const server = await serve(sse([chunk({ content: 'Sev' }), chunk({ content: 'en' })], { cut: true }));
    const stream = providerFor(server.baseURL).provider.stream(ask);
    const error = await failure(collect(stream));
    expect(error).toMatchObject({ code: 'STREAM_INTERRUPTED' });
    expect(error.usage).toMatchObject({ inputTokens: null, outputTokens: null });
    expect(stream.snapshot().output).toEqual({ content: [{ type: 'text', text: 'Seven' }], stopReason: 'incomplete', rawStopReason: null });
  });

  it('should cancel the request when the caller stops reading', async () => {
    const server = await serve(sse([chunk({ content: 'Sev' }), chunk({ content: 'en' })], { hold: true }));
    const stream = providerFor(server.baseURL).provider.stream(ask);
    for await (const event of stream) {
      if (event.type === 'text-delta') break;
    }
    await server.closed; // the server sees the connection go
    expect(stream.snapshot()).toMatchObject({ output: { stopReason: 'incomplete' }, usage: { outputTokens: null }, requestId: 'req-local-2' });
  });

  it('should time out a server that never answers', async () => {
    const server = await serve(() => undefined);
    const { provider } = providerFor(server.baseURL, { timeoutMs: 50, retry: { maxAttempts: 1 } });
    const error = await failure(provider.invoke(ask));
    expect(error).toMatchObject({ code: 'TIMEOUT', isRetryable: true, attempts: 1 });
  });

  it('should stop at once when the caller aborts', async () => {
    const server = await serve(() => undefined);
    const controller = new AbortController();
    const call = providerFor(server.baseURL).provider.invoke(ask, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    expect(await failure(call)).toMatchObject({ name: 'RequestAbortedError', isRetryable: false });
  });

  it('should refuse an injected client that retries on its own', () => {
    expect(() => createOpenAICompatibleProvider({ client: new OpenAI({ apiKey: 'x' }) })).toThrow(/maxRetries: 0/);
  });
});
