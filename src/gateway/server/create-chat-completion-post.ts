import { Agent as HttpAgent, type IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ChatCompletionPost } from '../../providers/index.js';

export interface UpstreamAgents {
  http: HttpAgent;
  https: HttpsAgent;
}

/** Keep-alive socket pools for one upstream, shared by the direct POST and the streaming fetch. */
export function createUpstreamAgents(maxSockets = 256): UpstreamAgents {
  return { http: new HttpAgent({ keepAlive: true, maxSockets }), https: new HttpsAgent({ keepAlive: true, maxSockets }) };
}

function toHeaders(message: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = message.rawHeaders;
  for (let index = 0; index < raw.length; index += 2) headers.append(raw[index] as string, raw[index + 1] as string);
  return headers;
}

function parseJson(text: string): object | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A non-streamed chat completion as one node:http POST, for the gateway's OpenAI-compatible
 * upstreams. The `openai` client spends ~0.2 ms of CPU per call building headers, URLs, log
 * details and a web Response around a request that is otherwise a few tens of µs on loopback, and
 * the gateway pays that on every request. What a caller can observe is kept: the same URL
 * (`baseURL` + `/chat/completions`), bearer key and JSON body; `x-request-id` as the request id;
 * and the client's own error objects — an HTTP error is `APIError.generate` of the status, the
 * parsed error body (or its text) and the headers, so Retry-After, codes and statuses map exactly
 * as before; a failed connection is APIConnectionError (a timeout APIConnectionTimeoutError);
 * an abort APIUserAbortError. Like the client, a 2xx body is parsed when it is JSON, else
 * handed on as text.
 */
export function createChatCompletionPost(options: { baseURL: string; apiKey: string; agents: UpstreamAgents }): ChatCompletionPost {
  const url = new URL(`${options.baseURL}${options.baseURL.endsWith('/') ? '' : '/'}chat/completions`);
  const secure = url.protocol === 'https:';
  const send = secure ? httpsRequest : httpRequest;
  const target = { protocol: url.protocol, hostname: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: 'POST', agent: secure ? options.agents.https : options.agents.http };
  const authorization = `Bearer ${options.apiKey}`;

  return (body, signal) =>
    new Promise((resolve, reject) => {
      if (signal.aborted) {
        reject(new APIUserAbortError());
        return;
      }
      const payload = JSON.stringify(body);
      // An abort destroys the request (and its response). A listener of our own rather than
      // http.request's `signal` option, which also wires end-of-stream watchers on every call.
      const onAbort = (): void => void outgoing.destroy();
      const done = (): void => signal.removeEventListener('abort', onAbort);
      const fail = (error: unknown): void => {
        done();
        if (signal.aborted) reject(new APIUserAbortError());
        else if (/timed? ?out/i.test(String(error))) reject(new APIConnectionTimeoutError());
        else reject(new APIConnectionError({ cause: error instanceof Error ? error : new Error(String(error)) }));
      };
      const outgoing = send(
        { ...target, headers: { 'content-type': 'application/json', accept: 'application/json', authorization, 'content-length': Buffer.byteLength(payload) } },
        (message) => {
          const chunks: Buffer[] = [];
          message.on('data', (chunk: Buffer) => chunks.push(chunk));
          message.on('error', fail);
          message.on('end', () => {
            done();
            const status = message.statusCode ?? 500;
            const text = (chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)).toString('utf8');
            if (status < 200 || status > 299) {
              const json = parseJson(text);
              // As the client does: the error body when it is JSON, else its text as the message.
              reject(APIError.generate(status, json, json ? undefined : text, toHeaders(message)));
              return;
            }
            const type = message.headers['content-type'] ?? '';
            const requestId = message.headers['x-request-id'];
            try {
              const data = type.includes('json') ? JSON.parse(text) : text;
              resolve({ data, request_id: typeof requestId === 'string' ? requestId : null });
            } catch (error) {
              reject(error instanceof Error ? error : new Error(String(error)));
            }
          });
        },
      );
      outgoing.on('error', fail);
      signal.addEventListener('abort', onAbort, { once: true });
      outgoing.end(payload);
    });
}
