import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ChatCompletion } from 'openai/resources/chat/completions';
import { Pool } from 'undici';
import type { ChatCompletionPost } from '../../providers/index.js';

export interface ChatCompletionPoster {
  post: ChatCompletionPost;
  /** Closes the connection pool once the calls in progress are done. */
  close(): Promise<void>;
}

function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.append(name, value);
  }
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

function connectionError(error: unknown, signal: AbortSignal): Error {
  if (signal.aborted) return new APIUserAbortError();
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (/TIMEOUT/i.test(code) || /timed? ?out/i.test(String(error))) return new APIConnectionTimeoutError();
  return new APIConnectionError({ cause: error instanceof Error ? error : new Error(String(error)) });
}

/**
 * A non-streamed chat completion as one POST on an undici connection pool, for the gateway's
 * OpenAI-compatible upstreams. The `openai` client spends ~0.2 ms of CPU per call building
 * headers, URLs, log details and a web Response around a request that is otherwise a few tens of
 * µs on loopback, and node:http's ClientRequest costs 20–50 µs more per call than undici's
 * `Pool.request`; the gateway pays either on every request. What a caller can observe is kept:
 * the same URL (`baseURL` + `/chat/completions`), bearer key and JSON body; `x-request-id` as the
 * request id; and the client's own error objects — an HTTP error is `APIError.generate` of the
 * status, the parsed error body (or its text) and the headers, so Retry-After, codes and statuses
 * map exactly as before; a failed connection is APIConnectionError (a timeout
 * APIConnectionTimeoutError); an abort APIUserAbortError. A 2xx body that is not a JSON object
 * with `choices` is an error naming the upstream (the client handed such a body on as text, to
 * fail later on a missing field). The pool has no timeouts of its own: the call policy's timeout
 * and the caller's signal end a call.
 */
export function createChatCompletionPost(options: { baseURL: string; apiKey: string; connections?: number }): ChatCompletionPoster {
  const url = new URL(`${options.baseURL}${options.baseURL.endsWith('/') ? '' : '/'}chat/completions`);
  const pool = new Pool(url.origin, { connections: options.connections ?? 256, headersTimeout: 0, bodyTimeout: 0 });
  const path = `${url.pathname}${url.search}`;
  const headers = { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${options.apiKey}` };

  const post: ChatCompletionPost = async (body, signal) => {
    if (signal.aborted) throw new APIUserAbortError();
    let status: number;
    let responseHeaders: Record<string, string | string[] | undefined>;
    let text: string;
    try {
      const response = await pool.request({ path, method: 'POST', headers, body: JSON.stringify(body), signal });
      status = response.statusCode;
      responseHeaders = response.headers;
      text = await response.body.text();
    } catch (error) {
      throw connectionError(error, signal);
    }
    if (status < 200 || status > 299) {
      const json = parseJson(text);
      // As the client does: the error body when it is JSON, else its text as the message.
      throw APIError.generate(status, json, json ? undefined : text, toHeaders(responseHeaders));
    }
    const data = parseJson(text);
    if (data === undefined || !Array.isArray((data as { choices?: unknown }).choices)) {
      throw new Error(`${url.href} answered HTTP ${status} with a body that is not a chat completion: ${text.slice(0, 200)}`);
    }
    const requestId = responseHeaders['x-request-id'];
    return { data: data as ChatCompletion, request_id: typeof requestId === 'string' ? requestId : null };
  };
  return { post, close: () => pool.close() };
}
