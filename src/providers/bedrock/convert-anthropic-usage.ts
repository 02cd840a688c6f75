import type { ReportedUsage } from '../../core/index.js';
import { createUnknownUsage } from '../provider-response.js';
import { readTokenCount } from '../read-token-count.js';
import { splitCacheWrites } from '../split-cache-writes.js';

/** `usage` of an Anthropic Messages body (InvokeModel on Bedrock, or Anthropic's own API). */
export interface AnthropicUsage {
  input_tokens?: number | null | undefined;
  output_tokens?: number | null | undefined;
  cache_creation_input_tokens?: number | null | undefined;
  cache_read_input_tokens?: number | null | undefined;
  cache_creation?: { ephemeral_5m_input_tokens?: number | null | undefined; ephemeral_1h_input_tokens?: number | null | undefined } | null | undefined;
}

/**
 * Anthropic snake_case usage to exclusive buckets. `input_tokens` is the uncached remainder, as in
 * Converse. Writes are split by TTL when `cache_creation` itemises them; otherwise they are
 * 5-minute writes (the default TTL). Missing usage or token counts are unknown (`null`).
 */
export function convertAnthropicUsage(usage: AnthropicUsage | null | undefined): ReportedUsage {
  if (usage === null || usage === undefined) return createUnknownUsage(usage);
  const writeTotal = readTokenCount(usage.cache_creation_input_tokens ?? 0);
  const itemised1h = readTokenCount(usage.cache_creation?.ephemeral_1h_input_tokens ?? 0) ?? 0;
  const itemised5m = readTokenCount(usage.cache_creation?.ephemeral_5m_input_tokens ?? 0) ?? 0;
  return {
    inputTokens: readTokenCount(usage.input_tokens),
    cacheReadTokens: readTokenCount(usage.cache_read_input_tokens ?? 0),
    ...splitCacheWrites(writeTotal, itemised5m, itemised1h),
    outputTokens: readTokenCount(usage.output_tokens),
    raw: usage,
  };
}
