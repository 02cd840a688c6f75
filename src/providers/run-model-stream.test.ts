import { describe, expect, it } from 'vitest';
import { ProviderError, ThrottledError } from '../core/index.js';
import { createCallPolicy } from './call-policy.js';
import type { StreamEvent } from './model-provider.js';
import type { StreamPart } from './provider-response.js';
import { runModelStream } from './run-model-stream.js';
import { collect } from '../../test/helpers/async-helpers.js';

const modelId = 'arn:aws:bedrock:us-east-1:111122223333:default-prompt-router/anthropic.claude:1';
const usage = { inputTokens: 10, cacheReadTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, outputTokens: 4, raw: {} };

/** A clock that moves 5 ms each time it is read, so every timing is exact. */
function tickingClock() {
  let time = 0;
  return () => (time += 5);
}

async function* play(parts: (StreamPart | Error)[]): AsyncGenerator<StreamPart> {
  for (const part of parts) {
    if (part instanceof Error) throw part;
    yield part;
  }
}

function streamOf(attempts: (StreamPart | Error)[][], waits: number[] = []) {
  let attempt = 0;
  const policy = createCallPolicy('bedrock', { now: tickingClock(), retry: { random: () => 0.5, baseDelayMs: 100, sleep: async (ms) => void waits.push(ms) } });
  return runModelStream({
    policy,
    modelId,
    options: undefined,
    mapError: (error) => (error instanceof ProviderError ? error : new ProviderError('PROVIDER_ERROR', String(error), { provider: 'bedrock' }, false)),
    open: async () => ({ requestId: `req-${(attempt += 1)}`, parts: play(attempts[attempt - 1] ?? []) }),
  });
}

const complete: StreamPart[] = [
  { type: 'text-delta', index: 0, text: 'Hel' },
  { type: 'text-delta', index: 0, text: 'lo' },
  { type: 'stop', stopReason: 'end', rawStopReason: 'end_turn', raw: { stopReason: 'end_turn' } },
  { type: 'metadata', usage, serviceMs: 40, servedModelId: 'us.anthropic.claude-3-haiku-20240307-v1:0', serviceTier: 'default', raw: { usage: {} } },
];

describe('runModelStream', () => {
  it('should time the first and last token from the start of the attempt, and name the routed model', async () => {
    const stream = streamOf([complete]);
    const end = (await collect(stream)).at(-1);
    if (end?.type !== 'end') throw new Error('no end event');
    // Read later, the snapshot is the same result: timings stop when the stream does.
    expect(stream.snapshot()).toEqual(end.result);
    expect(end.result).toEqual({
      output: { content: [{ type: 'text', text: 'Hello' }], stopReason: 'end', rawStopReason: 'end_turn' },
      usage,
      // Clock reads, 5 ms apart: start 5, attempt 10 (a free slot is not queueing), first token 15, last 20, end 25.
      latency: { totalMs: 20, attemptMs: 15, firstTokenMs: 5, lastTokenMs: 10, serviceMs: 40, retryWaitMs: 0, queueMs: 0, attempts: 1 },
      modelId: 'us.anthropic.claude-3-haiku-20240307-v1:0',
      requestedModelId: modelId,
      requestId: 'req-1',
      serviceTier: 'default',
      raw: { stop: { stopReason: 'end_turn' }, metadata: { usage: {} } },
    });
  });

  it('should retry a stream that fails or ends before any content reached the caller', async () => {
    const waits: number[] = [];
    const throttled = new ThrottledError('slow down', { provider: 'bedrock' });
    const events = await collect(streamOf([[throttled], [], complete], waits));
    const end = events.at(-1);
    expect(end?.type === 'end' && end.result.latency).toMatchObject({ attempts: 3, retryWaitMs: 150 });
    expect(end?.type === 'end' && end.result.requestId).toBe('req-3');
    // Half of the 100 and 200 ms backoff windows.
    expect(waits).toEqual([50, 100]);
  });

  it('should raise a content-filter stop after the deltas, with the billed usage', async () => {
    const filtered: StreamPart[] = [
      { type: 'text-delta', index: 0, text: 'Sorry' },
      { type: 'stop', stopReason: 'content-filter', rawStopReason: 'guardrail_intervened', raw: {} },
      { type: 'metadata', usage, raw: {} },
    ];
    const seen: StreamEvent[] = [];
    const error = await (async () => {
      for await (const event of streamOf([filtered])) seen.push(event);
    })().catch((caught: unknown) => caught);
    expect(seen).toEqual([{ type: 'text-delta', index: 0, text: 'Sorry' }]);
    expect(error).toMatchObject({ code: 'CONTENT_FILTERED', stopReason: 'guardrail_intervened', outputText: 'Sorry', usage });
  });

  it('should throw, not retry, a failure after content reached the caller', async () => {
    const cut = [{ type: 'text-delta', index: 0, text: 'Hel' } as const, new ThrottledError('mid-stream throttle', { provider: 'bedrock' })];
    const error = await collect(streamOf([cut, complete])).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'THROTTLED', attempts: 1, usage: { inputTokens: null, outputTokens: null } });
  });
});
