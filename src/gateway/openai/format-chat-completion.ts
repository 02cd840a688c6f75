import type { ReportedUsage } from '../../core/index.js';
import type { ModelOutput, StopReason } from '../../providers/index.js';

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export function mapFinishReason(reason: StopReason): FinishReason {
  switch (reason) {
    case 'length':
    case 'context-window':
      return 'length';
    case 'tool-use':
      return 'tool_calls';
    case 'content-filter':
      return 'content_filter';
    default:
      return 'stop';
  }
}

export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
}

/**
 * OpenAI counts cache reads and writes inside `prompt_tokens` (with `cached_tokens` the reads);
 * Bedrock's buckets are exclusive, so they are added back. Unreported buckets count 0 here — the
 * ledger keeps them unknown.
 */
export function formatChatUsage(usage: ReportedUsage): ChatUsage {
  const input = usage.inputTokens ?? 0;
  const cacheRead = usage.cacheReadTokens ?? 0;
  const prompt = input + cacheRead + (usage.cacheWrite5mTokens ?? 0) + (usage.cacheWrite1hTokens ?? 0);
  const completion = usage.outputTokens ?? 0;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion, prompt_tokens_details: { cached_tokens: cacheRead } };
}

export interface ChatCompletionIdentity {
  id: string;
  created: number;
  model: string;
}

/** A `chat.completion` object from the pipeline's output: text joined, tool uses as `tool_calls`. */
export function formatChatCompletion(output: ModelOutput, usage: ReportedUsage, identity: ChatCompletionIdentity): Record<string, unknown> {
  const text = output.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
  const toolCalls = output.content.flatMap((block) =>
    block.type === 'tool-use' ? [{ id: block.toolUseId, type: 'function', function: { name: block.name, arguments: typeof block.input === 'string' ? block.input : JSON.stringify(block.input) } }] : [],
  );
  return {
    id: identity.id,
    object: 'chat.completion',
    created: identity.created,
    model: identity.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text === '' && toolCalls.length > 0 ? null : text, refusal: null, ...(toolCalls.length > 0 && { tool_calls: toolCalls }) },
        finish_reason: mapFinishReason(output.stopReason),
        logprobs: null,
      },
    ],
    usage: formatChatUsage(usage),
  };
}
