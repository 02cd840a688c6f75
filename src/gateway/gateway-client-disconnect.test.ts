import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from './auth/hash-api-key.js';
import { type RunningGateway, startGateway } from './start-gateway.js';

const key = 'frugal_disconnect-key-0123456789abcdef';

/**
 * An OpenAI-compatible upstream that never finishes: a whole answer never comes, a stream sends
 * one chunk and stalls. It reports when the gateway's call to it is cancelled (its socket closes).
 */
function startStallingUpstream(): Promise<{ server: Server; url: string; received: () => Promise<void>; cancelled: () => Promise<void> }> {
  let onReceived: () => void = () => undefined;
  let onCancelled: () => void = () => undefined;
  const server = createServer((incoming: IncomingMessage, response) => {
    let text = '';
    incoming.on('data', (chunk: Buffer) => (text += chunk.toString()));
    incoming.on('end', () => {
      response.on('close', () => onCancelled());
      if ((JSON.parse(text) as { stream?: boolean }).stream === true) {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write(`data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content: 'Ships ' }, finish_reason: null }] })}\n\n`);
      }
      onReceived();
    });
  });
  const next = (set: (resolve: () => void) => void) => () => new Promise<void>((resolve) => set(resolve));
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        server,
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        received: next((resolve) => (onReceived = resolve)),
        cancelled: next((resolve) => (onCancelled = resolve)),
      }),
    ),
  );
}

const within = <T,>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms))]);

describe('gateway: a client that goes away', () => {
  let upstream: Awaited<ReturnType<typeof startStallingUpstream>>;
  let gateway: RunningGateway;
  beforeAll(async () => {
    upstream = await startStallingUpstream();
    gateway = await startGateway({
      source: {
        kind: 'object',
        cwd: mkdtempSync(join(tmpdir(), 'frugal-gateway-disconnect-')),
        config: {
          upstreams: [{ type: 'openai-compatible', name: 'local', baseURL: `${upstream.url}/v1`, region: 'us-east-1' }],
          keys: [{ id: 'app', hash: await hashApiKey(key) }],
          limits: { timeoutMs: 60_000 },
        },
      },
      port: 0,
    });
  });
  afterAll(async () => {
    await gateway.shutdown({ graceMs: 1000 });
    upstream.server.closeAllConnections();
    upstream.server.close();
  });

  it.each([false, true])('cancels the upstream call when the client disconnects (stream: %s)', async (stream) => {
    const received = upstream.received();
    const cancelled = upstream.cancelled();
    const body = JSON.stringify({ model: 'gpt-4o-mini', stream, messages: [{ role: 'user', content: 'When does it ship?' }] });
    const client = request(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' } });
    client.on('error', () => undefined);
    const firstChunk = new Promise<void>((resolve) => client.on('response', (response) => response.once('data', () => resolve())));
    client.end(body);
    await within(received, 5000, 'the upstream call');
    if (stream) await within(firstChunk, 5000, 'the first streamed chunk');
    expect(gateway.services.lifecycle.inFlight).toBe(1);
    client.destroy();
    // Far below the 60 s request timeout: only the disconnect can have stopped it.
    await within(cancelled, 5000, 'the cancellation upstream');
    await within(
      (async () => {
        while (gateway.services.lifecycle.inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 10));
      })(),
      5000,
      'the end of the request',
    );
  });
});
