import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The benchmark's upstream: an OpenAI-compatible chat-completions server that answers at once
 * with a fixed completion (usage included), so what a gateway adds is all that differs between
 * calling it directly and through a gateway. Run as its own process so its CPU is not the load
 * generator's.
 */
const model = process.env['BENCH_MODEL'] ?? 'gpt-4o-mini';
const completion = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 1_700_000_000,
  model,
  choices: [{ index: 0, message: { role: 'assistant', content: 'The parcel ships tomorrow.', refusal: null }, finish_reason: 'stop', logprobs: null }],
  usage: { prompt_tokens: 42, completion_tokens: 7, total_tokens: 49, prompt_tokens_details: { cached_tokens: 0 } },
});
const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(completion)), 'x-request-id': 'upstream-bench' };

const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    if (request.method === 'POST' && request.url?.endsWith('/chat/completions')) {
      response.writeHead(200, headers);
      response.end(completion);
    } else {
      response.writeHead(404);
      response.end();
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
