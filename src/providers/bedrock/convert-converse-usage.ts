import type { ReportedUsage } from '../../core/index.js';
import { createUnknownUsage } from '../provider-response.js';
import { readTokenCount } from '../read-token-count.js';
import { splitCacheWrites } from '../split-cache-writes.js';

/**
 * Converse / ConverseStream `usage` (SDK `TokenUsage`), typed loosely so hand-written fixtures and
 * newer SDK shapes both fit. Only the fields we read.
 */
export interface ConverseUsage {
  inputTokens?: number | null | undefined;
  outputTokens?: number | null | undefined;
  totalTokens?: number | null | undefined;
  cacheReadInputTokens?: number | null | undefined;
  cacheWriteInputTokens?: number | null | undefined;
  cacheDetails?: ReadonlyArray<{ ttl?: string | null | undefined; inputTokens?: number | null | undefined }> | null | undefined;
}

/**
 * Bedrock Converse usage to exclusive buckets. Converse's `inputTokens` already excludes cache
 * reads and writes, so counts map one to one. Cache writes are split by TTL from `cacheDetails`
 * (older responses carry none: their writes are 5-minute writes). A missing cache field means the call used
 * no cache (AWS omits it); a missing `usage` or token count is unknown (`null`), never 0.
 */
export function convertConverseUsage(usage: ConverseUsage | null | undefined): ReportedUsage {
  if (usage === null || usage === undefined) return createUnknownUsage(usage);
  let itemised1h = 0;
  let itemised5m = 0;
  for (const detail of usage.cacheDetails ?? []) {
    const tokens = readTokenCount(detail.inputTokens) ?? 0;
    if (detail.ttl === '1h') itemised1h += tokens;
    else itemised5m += tokens;
  }
  const cacheWriteTotal = readTokenCount(usage.cacheWriteInputTokens ?? 0);
  return {
    inputTokens: readTokenCount(usage.inputTokens),
    cacheReadTokens: readTokenCount(usage.cacheReadInputTokens ?? 0),
    ...splitCacheWrites(cacheWriteTotal, itemised5m, itemised1h),
    outputTokens: readTokenCount(usage.outputTokens),
    raw: usage,
  };
}
