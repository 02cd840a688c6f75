import { parseModelId } from '../core/index.js';
import type { Completion } from './create-simulation-engine.js';
import { simulatedMarker } from './format-converse-response.js';
import type { BodyFormat } from './simulated-model-schema.js';

type Json = Record<string, unknown>;

/** Anthropic's own model name, as Bedrock echoes it: `claude-3-haiku-20240307`. */
function anthropicModelName(completion: Completion): string {
  return parseModelId(completion.model.id).baseId.replace(/^anthropic\./, '').replace(/-v\d+(:\d+)?$/, '');
}

/** `amazon-bedrock-invocationMetrics`: Bedrock adds it to the last chunk of every InvokeModelWithResponseStream. */
function invocationMetrics(completion: Completion): Json {
  const { usage, timing } = completion;
  return {
    inputTokenCount: usage.inputTokens,
    outputTokenCount: usage.outputTokens,
    invocationLatency: timing.latencyMs,
    firstByteLatency: timing.ttftMs,
    cacheReadInputTokenCount: usage.cacheReadInputTokens,
    cacheWriteInputTokenCount: usage.cacheWriteInputTokens,
  };
}

function anthropicUsage(completion: Completion): Json {
  const { usage } = completion;
  return {
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    cache_creation_input_tokens: usage.cacheWriteInputTokens,
    cache_read_input_tokens: usage.cacheReadInputTokens,
  };
}

function messageId(completion: Completion): string {
  return `msg_bdrk_sim_${completion.requestHash.slice(0, 24)}`;
}

/** The InvokeModel response body in the model's native format, with the simulated marker added. */
export function formatInvokeResponse(format: BodyFormat | undefined, completion: Completion): Json {
  const { text, stopReason, usage } = completion;
  const marker = simulatedMarker(completion);
  switch (format) {
    case 'anthropic':
      return {
        id: messageId(completion),
        type: 'message',
        role: 'assistant',
        model: anthropicModelName(completion),
        content: [{ type: 'text', text }],
        stop_reason: stopReason,
        stop_sequence: null,
        usage: anthropicUsage(completion),
        ...marker,
      };
    case 'nova':
      return {
        output: { message: { role: 'assistant', content: [{ text }] } },
        stopReason,
        usage: {
          inputTokens: usage.inputTokens,
          outputTokens: usage.outputTokens,
          totalTokens: usage.totalTokens,
          cacheReadInputTokenCount: usage.cacheReadInputTokens,
          cacheWriteInputTokenCount: usage.cacheWriteInputTokens,
        },
        ...marker,
      };
    case 'llama':
      return {
        generation: text,
        prompt_token_count: usage.inputTokens + usage.cacheReadInputTokens + usage.cacheWriteInputTokens,
        generation_token_count: usage.outputTokens,
        stop_reason: stopReason === 'max_tokens' ? 'length' : 'stop',
        ...marker,
      };
    case 'mistral':
    case undefined:
      return { outputs: [{ text, stop_reason: stopReason === 'max_tokens' ? 'length' : 'stop' }], ...marker };
  }
}

/**
 * InvokeModelWithResponseStream chunks (each becomes one `chunk` event with base64 `bytes`):
 * `head` before the deltas, one chunk per delta, `tail` after, the last carrying the metrics.
 */
export function formatInvokeStreamChunks(format: BodyFormat | undefined, completion: Completion): { head: Json[]; deltas: Json[]; tail: Json[] } {
  const { stopReason, deltas } = completion;
  const metrics = { 'amazon-bedrock-invocationMetrics': invocationMetrics(completion), ...simulatedMarker(completion) };
  const finish = stopReason === 'max_tokens' ? 'length' : 'stop';
  switch (format) {
    case 'anthropic':
      return {
        head: [
          {
            type: 'message_start',
            message: { id: messageId(completion), type: 'message', role: 'assistant', model: anthropicModelName(completion), content: [], stop_reason: null, stop_sequence: null, usage: { ...anthropicUsage(completion), output_tokens: 1 } },
          },
          { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
        ],
        deltas: deltas.map((text) => ({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } })),
        tail: [
          { type: 'content_block_stop', index: 0 },
          { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: completion.usage.outputTokens } },
          { type: 'message_stop', ...metrics },
        ],
      };
    case 'nova':
      return {
        head: [{ messageStart: { role: 'assistant' } }],
        deltas: deltas.map((text) => ({ contentBlockDelta: { delta: { text }, contentBlockIndex: 0 } })),
        tail: [
          { contentBlockStop: { contentBlockIndex: 0 } },
          { messageStop: { stopReason } },
          { metadata: { usage: { inputTokens: completion.usage.inputTokens, outputTokens: completion.usage.outputTokens } }, ...metrics },
        ],
      };
    case 'llama':
      return {
        head: [],
        deltas: deltas.map((text, index) => ({ generation: text, prompt_token_count: index === 0 ? completion.usage.totalTokens - completion.usage.outputTokens : null, generation_token_count: index + 1, stop_reason: null })),
        tail: [{ generation: '', prompt_token_count: null, generation_token_count: completion.usage.outputTokens, stop_reason: finish, ...metrics }],
      };
    case 'mistral':
    case undefined:
      return {
        head: [],
        deltas: deltas.map((text) => ({ outputs: [{ text, stop_reason: null }] })),
        tail: [{ outputs: [{ text: '', stop_reason: finish }], ...metrics }],
      };
  }
}
