import type { ModelProvider, ModelRequest, ModelResult, ModelStream, OutputBlock, StreamEvent } from '../../providers/index.js';

/** What the stub answers for one request: output blocks, or an error to throw. */
export type StubAnswer = { content: OutputBlock[]; inputTokens?: number; outputTokens?: number } | { error: Error };

/**
 * An in-memory ModelProvider for tests: answers each request with `answer(request, callIndex)`
 * and records every request, so tests can count paid calls and inspect what was sent.
 */
export function createStubProvider(answer: (request: ModelRequest, index: number) => StubAnswer): ModelProvider & { requests: ModelRequest[] } {
  const requests: ModelRequest[] = [];
  const resultFor = (request: ModelRequest): ModelResult => {
    const index = requests.length;
    requests.push(request);
    const reply = answer(request, index);
    if ('error' in reply) throw reply.error;
    return {
      output: { content: reply.content, stopReason: 'end', rawStopReason: 'end_turn' },
      usage: { inputTokens: reply.inputTokens ?? 100, cacheReadTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, outputTokens: reply.outputTokens ?? 20, raw: undefined },
      latency: { totalMs: 1, attemptMs: 1, firstTokenMs: null, lastTokenMs: null, serviceMs: 1, retryWaitMs: 0, queueMs: 0, attempts: 1 },
      modelId: request.modelId,
      requestedModelId: request.modelId,
      requestId: `stub-${index}`,
      serviceTier: null,
      raw: undefined,
    };
  };
  return {
    name: 'stub',
    requests,
    invoke: async (request) => resultFor(request),
    stream(request): ModelStream {
      let result: ModelResult | undefined;
      return {
        async *[Symbol.asyncIterator](): AsyncGenerator<StreamEvent> {
          result = resultFor(request);
          const text = result.output.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
          if (text.length > 0) yield { type: 'text-delta', index: 0, text };
          yield { type: 'end', result: { ...result, latency: { ...result.latency, firstTokenMs: 0, lastTokenMs: 1 } } };
        },
        snapshot: () => result ?? resultFor(request),
      };
    },
  };
}

export const textReply = (text: string): StubAnswer => ({ content: [{ type: 'text', text }] });
export const toolReply = (input: unknown, name = 'record_verdict'): StubAnswer => ({ content: [{ type: 'tool-use', toolUseId: 't1', name, input }] });
