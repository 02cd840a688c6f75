import { convertInclusiveUsage, type ReportedUsage } from '../../core/index.js';
import { createUnknownUsage } from '../provider-response.js';
import { readTokenCount } from '../read-token-count.js';

/** Chat-completions `usage` (OpenAI, vLLM, Ollama, LM Studio); only the fields we read. */
export interface OpenAIUsage {
  prompt_tokens?: number | null | undefined;
  completion_tokens?: number | null | undefined;
  prompt_tokens_details?: { cached_tokens?: number | null | undefined } | null | undefined;
}

/**
 * OpenAI usage to exclusive buckets. `prompt_tokens` *includes* cached tokens, so the cached ones
 * come out of it (`convertInclusiveUsage`). OpenAI bills no cache writes, so those are 0. A server
 * that does not report `cached_tokens` (Ollama, vLLM without prefix-caching stats) leaves
 * `cacheReadTokens` unknown and all prompt tokens in `inputTokens`, an upper bound.
 */
export function convertOpenAIUsage(usage: OpenAIUsage | null | undefined): ReportedUsage {
  if (usage === null || usage === undefined) return createUnknownUsage(usage);
  const promptTokens = readTokenCount(usage.prompt_tokens);
  const outputTokens = readTokenCount(usage.completion_tokens);
  const cachedTokens = readTokenCount(usage.prompt_tokens_details?.cached_tokens);
  if (promptTokens === null || cachedTokens === null || cachedTokens > promptTokens) {
    return { inputTokens: promptTokens, cacheReadTokens: null, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, outputTokens, raw: usage };
  }
  const exclusive = convertInclusiveUsage({ inputTokens: promptTokens, cacheReadTokens: cachedTokens });
  return {
    inputTokens: exclusive.inputTokens,
    cacheReadTokens: exclusive.cacheReadTokens,
    cacheWrite5mTokens: 0,
    cacheWrite1hTokens: 0,
    outputTokens,
    raw: usage,
  };
}
