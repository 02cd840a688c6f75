import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { parseSimulatedModels } from '../../emulator/index.js';

/** The emulator's simulated model for load runs: instant, with the fault mix. */
export const loadModel = 'amazon.nova-micro-v1:0';

export function faultyModels(faults: { throttle: number; serverError: number; unavailable: number; cutStream: number }) {
  return parseSimulatedModels(
    `version: 1
models:
  - id: ${loadModel}
    latency: { ttftMs: 1, tokensPerSecond: 100000, jitter: 0 }
    verbosity: 0.3
    faults: { throttleRate: ${faults.throttle}, serverErrorRate: ${faults.serverError}, unavailableRate: ${faults.unavailable}, cutStreamRate: ${faults.cutStream} }
`,
    'load-models.yaml',
  );
}

export type LoadKind = 'chat' | 'chat-stream' | 'converse' | 'converse-stream';
export type LoadOutcome =
  | { kind: LoadKind; result: 'ok' }
  /** An HTTP error with an error body the SDKs parse, an in-band stream error, or a refused connection after shutdown. */
  | { kind: LoadKind; result: 'error'; error: string }
  /** Anything else: a hang, a malformed body, a stream that just stops. Must never happen. */
  | { kind: LoadKind; result: 'unclear'; detail: string };

const kinds: readonly LoadKind[] = ['chat', 'chat', 'chat-stream', 'converse', 'converse-stream'];
const codec = new EventStreamCodec(toUtf8, fromUtf8);

function decodeFrames(bytes: Uint8Array): { types: string[]; complete: boolean } {
  const types: string[] = [];
  let offset = 0;
  while (offset + 4 <= bytes.length) {
    const length = new DataView(bytes.buffer, bytes.byteOffset + offset).getUint32(0);
    if (offset + length > bytes.length) return { types, complete: false };
    const message = codec.decode(bytes.subarray(offset, offset + length));
    const type = message.headers[':event-type']?.value ?? message.headers[':exception-type']?.value;
    types.push(`${message.headers[':message-type']?.value === 'exception' ? 'exception:' : ''}${String(type)}`);
    offset += length;
  }
  return { types, complete: offset === bytes.length };
}

async function classifyHttpError(kind: LoadKind, response: Response): Promise<LoadOutcome> {
  const text = await response.text();
  const awsType = response.headers.get('x-amzn-errortype');
  try {
    const body = JSON.parse(text) as { error?: { message?: string; type?: string }; message?: string };
    const message = body.error?.message ?? body.message;
    if (typeof message === 'string' && message.length > 0) {
      const refused = response.status === 503 && message.includes('shutting down');
      return { kind, result: 'error', error: refused ? '503 refused: shutting down' : `${response.status} ${awsType ?? body.error?.type ?? ''}` };
    }
  } catch {
    // fall through
  }
  return { kind, result: 'unclear', detail: `HTTP ${response.status} with body ${text.slice(0, 200)}` };
}

/** One request of the mix through fetch (keep-alive), classified by what the caller could tell. */
export async function sendLoadRequest(url: string, key: string, index: number, kind: LoadKind = kinds[index % kinds.length] as LoadKind): Promise<LoadOutcome> {
  const question = `Load request ${index}: summarise ticket #${index * 7919} in one line.`;
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  let response: Response;
  try {
    if (kind === 'chat' || kind === 'chat-stream') {
      const stream = kind === 'chat-stream';
      response = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers, body: JSON.stringify({ model: loadModel, max_tokens: 64, messages: [{ role: 'user', content: question }], ...(stream && { stream, stream_options: { include_usage: true } }) }), signal: AbortSignal.timeout(30_000) });
    } else {
      response = await fetch(`${url}/model/${loadModel}/${kind}`, { method: 'POST', headers, body: JSON.stringify({ messages: [{ role: 'user', content: [{ text: question }] }], inferenceConfig: { maxTokens: 64 } }), signal: AbortSignal.timeout(30_000) });
    }
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    return code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' ? { kind, result: 'error', error: `connection ${code}` } : { kind, result: 'unclear', detail: `fetch failed: ${String(code)}` };
  }
  if (response.status !== 200) return classifyHttpError(kind, response);
  try {
    if (kind === 'chat') {
      const body = (await response.json()) as { choices?: { message?: { content?: string } }[]; usage?: { completion_tokens?: number } };
      return typeof body.choices?.[0]?.message?.content === 'string' && (body.usage?.completion_tokens ?? 0) > 0 ? { kind, result: 'ok' } : { kind, result: 'unclear', detail: 'chat completion without content or usage' };
    }
    if (kind === 'chat-stream') {
      const text = await response.text();
      if (text.includes('data: {"error"')) return { kind, result: 'error', error: 'stream error event' };
      return /"finish_reason":"(stop|length)"/.test(text) && text.includes('"usage"') && text.trimEnd().endsWith('data: [DONE]') ? { kind, result: 'ok' } : { kind, result: 'unclear', detail: `stream ended without [DONE]: …${text.slice(-120)}` };
    }
    if (kind === 'converse') {
      const body = (await response.json()) as { output?: { message?: { content?: { text?: string }[] } }; usage?: { outputTokens?: number } };
      return typeof body.output?.message?.content?.[0]?.text === 'string' && (body.usage?.outputTokens ?? 0) > 0 ? { kind, result: 'ok' } : { kind, result: 'unclear', detail: 'converse body without text or usage' };
    }
    const frames = decodeFrames(new Uint8Array(await response.arrayBuffer()));
    if (!frames.complete) return { kind, result: 'unclear', detail: `event stream cut mid-frame after ${frames.types.join(',')}` };
    if (frames.types.some((type) => type.startsWith('exception:'))) return { kind, result: 'error', error: `stream ${frames.types.at(-1) ?? ''}` };
    return frames.types.at(-2) === 'messageStop' && frames.types.at(-1) === 'metadata' ? { kind, result: 'ok' } : { kind, result: 'unclear', detail: `event stream ended with ${frames.types.slice(-3).join(',')}` };
  } catch (error) {
    return { kind, result: 'unclear', detail: `reading the body failed: ${(error as Error).message}` };
  }
}

export interface LoadRunOptions {
  url: string;
  key: string;
  requests: number;
  concurrency: number;
  /** Called once when this many requests have been started (e.g. to begin a shutdown). */
  midway?: { after: number; action: () => void };
}

export interface LoadReport {
  outcomes: LoadOutcome[];
  ok: number;
  errors: Map<string, number>;
  unclear: LoadOutcome[];
  seconds: number;
}

/** `requests` requests with `concurrency` in flight, each classified; never throws. */
export async function runGatewayLoad(options: LoadRunOptions): Promise<LoadReport> {
  const outcomes: LoadOutcome[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    for (;;) {
      const index = next;
      next += 1;
      if (index >= options.requests) return;
      if (options.midway !== undefined && index === options.midway.after) options.midway.action();
      outcomes.push(await sendLoadRequest(options.url, options.key, index));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const errors = new Map<string, number>();
  for (const outcome of outcomes) if (outcome.result === 'error') errors.set(outcome.error, (errors.get(outcome.error) ?? 0) + 1);
  return { outcomes, ok: outcomes.filter((outcome) => outcome.result === 'ok').length, errors, unclear: outcomes.filter((outcome) => outcome.result === 'unclear'), seconds: (performance.now() - started) / 1000 };
}
