import { Agent as HttpAgent, type IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';

/**
 * A whole, already-read answer: `json()` and `text()` decode the bytes directly rather than
 * through a web stream (most of the cost of a small Response); `body` is still a stream for a
 * reader that asks for one. The methods are own properties over a body-less Response.
 */
function bufferedResponse(bytes: Buffer, init: ResponseInit): Response {
  const response = new Response(null, init);
  let read = false;
  const take = (): Buffer => {
    if (read) throw new TypeError('Body is unusable: Body has already been read');
    read = true;
    return bytes;
  };
  const text = async (): Promise<string> => take().toString('utf8');
  Object.defineProperties(response, {
    body: { get: () => new Blob([bytes]).stream() },
    bodyUsed: { get: () => read },
    text: { value: text },
    json: { value: async (): Promise<unknown> => JSON.parse(await text()) as unknown },
    arrayBuffer: {
      value: async (): Promise<ArrayBuffer> => {
        const taken = take();
        return taken.buffer.slice(taken.byteOffset, taken.byteOffset + taken.byteLength) as ArrayBuffer;
      },
    },
  });
  return response;
}

/**
 * A `fetch` for the gateway's upstream calls, on node:http with keep-alive agents. The openai
 * client takes a `fetch`; Node's built-in one (undici's WHATWG implementation) costs about a
 * millisecond per call on a small machine, several times what the rest of a gateway hop costs.
 * JSON answers are read whole (no web stream); event streams are handed on as a web stream as
 * they arrive. Only what the openai client sends is supported: string or byte bodies, a signal.
 */
export function createNodeFetch(options: { maxSockets?: number } = {}): typeof fetch {
  const maxSockets = options.maxSockets ?? 256;
  const agents = { http: new HttpAgent({ keepAlive: true, maxSockets }), https: new HttpsAgent({ keepAlive: true, maxSockets }) };

  function toHeaders(message: IncomingMessage): Headers {
    const headers = new Headers();
    const raw = message.rawHeaders;
    for (let index = 0; index < raw.length; index += 2) headers.append(raw[index] as string, raw[index + 1] as string);
    return headers;
  }

  function readWhole(message: IncomingMessage, signal: AbortSignal | null | undefined): Promise<Response> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      message.on('data', (chunk: Buffer) => chunks.push(chunk));
      message.on('end', () => resolve(bufferedResponse(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks), { status: message.statusCode ?? 500, statusText: message.statusMessage ?? '', headers: toHeaders(message) })));
      message.on('error', reject);
      signal?.addEventListener('abort', () => message.destroy(signal.reason as Error), { once: true });
    });
  }

  const nodeFetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> =>
    new Promise((resolve, reject) => {
      const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((value, name) => {
        headers[name] = value;
      });
      const body = init.body;
      if (body !== undefined && body !== null && typeof body !== 'string' && !(body instanceof Uint8Array)) {
        reject(new TypeError('createNodeFetch sends string or byte bodies only.'));
        return;
      }
      const secure = url.protocol === 'https:';
      const send = secure ? httpsRequest : httpRequest;
      const outgoing = send(
        { protocol: url.protocol, hostname: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: init.method ?? 'GET', headers, agent: secure ? agents.https : agents.http, ...(init.signal !== null && init.signal !== undefined && { signal: init.signal }) },
        (message) => {
          const type = message.headers['content-type'] ?? '';
          if (type.includes('text/event-stream')) {
            resolve(new Response(Readable.toWeb(message) as ReadableStream<Uint8Array>, { status: message.statusCode ?? 500, statusText: message.statusMessage ?? '', headers: toHeaders(message) }));
          } else {
            readWhole(message, init.signal).then(resolve, reject);
          }
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body ?? undefined);
    });
  return nodeFetch as typeof fetch;
}
