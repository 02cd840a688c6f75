import type { CachingRules } from '../pricing/index.js';
import type { CacheTtl, Prompt } from './create-prompt.js';
import type { PromptCache } from './create-prompt-cache.js';
import { EmulatorApiError, validationError } from './emulator-api-error.js';
import { hashText } from './seeded-unit.js';

export const ttlMs: Record<CacheTtl, number> = { '5m': 5 * 60_000, '1h': 60 * 60_000 };

/**
 * Bedrock's "simplified cache management" for Claude: from each checkpoint it looks back about
 * 20 content blocks for the longest prefix already cached, so a conversation that moves its
 * checkpoint forward each turn still reads the earlier turns. Applied to every caching model here.
 */
export const lookbackBlocks = 20;

/** How a request's input splits into Bedrock's exclusive buckets. */
export interface CacheUsage {
  /** Input tokens neither read from nor written to the cache. */
  inputTokens: number;
  cacheReadInputTokens: number;
  cacheWriteInputTokens: number;
  /** Cache writes by TTL, 1h first (Converse `cacheDetails`). */
  cacheWrites: { ttl: CacheTtl; inputTokens: number }[];
}

export type UnsupportedCachePoints = 'reject' | 'ignore';

export interface PlanCacheUsageInput {
  prompt: Prompt;
  rules: CachingRules;
  cache: PromptCache;
  /** Cache namespace: the simulated model's id (a profile id shares its base model's cache). */
  scope: string;
  now: number;
  /** Batch inference does not support prompt caching: cache points are ignored. */
  batch?: boolean;
  unsupportedCachePoints: UnsupportedCachePoints;
}

const unsupportedMessage =
  'You invoked an unsupported model or your request did not allow prompt caching. See the documentation for more information.';

/** Rejects what Bedrock rejects: too many checkpoints, a field or TTL the model does not offer, 5m before 1h. */
function checkCheckpoints(prompt: Prompt, rules: Extract<CachingRules, { supported: true }>): void {
  const { checkpoints } = prompt;
  if (checkpoints.length > rules.maxCheckpoints) {
    throw validationError(`A maximum of ${rules.maxCheckpoints} cache checkpoints (cachePoint / cache_control blocks) may be provided. Found ${checkpoints.length}.`);
  }
  for (const checkpoint of checkpoints) {
    if (!(rules.fields as readonly string[]).includes(checkpoint.section)) {
      throw validationError(`This model does not accept cache checkpoints in ${checkpoint.section}; it accepts them in ${rules.fields.join(', ')}.`);
    }
    if (!(rules.ttls as readonly string[]).includes(checkpoint.ttl)) {
      throw validationError(`This model does not offer a ${checkpoint.ttl} cache TTL; it offers ${rules.ttls.join(', ')}.`);
    }
  }
  const firstShort = checkpoints.findIndex((checkpoint) => checkpoint.ttl === '5m');
  if (firstShort >= 0 && checkpoints.slice(firstShort).some((checkpoint) => checkpoint.ttl === '1h')) {
    throw validationError('Cache checkpoints with a 1h TTL must come before those with a 5m TTL.');
  }
}

/**
 * Reads and writes the prompt cache for one request, the way Bedrock bills it:
 * - a checkpoint caches the whole prefix before it, only if that prefix reaches the model's
 *   minimum tokens per checkpoint (below it nothing happens and nothing is said);
 * - prefixes match exactly (a hash chain over the canonical blocks);
 * - the longest live prefix is read and its TTL reset; the rest up to the last eligible
 *   checkpoint is written, billed under the TTL of the checkpoint that covers it.
 */
export function planCacheUsage(input: PlanCacheUsageInput): CacheUsage {
  const { prompt, rules, cache, scope, now } = input;
  const total = prompt.blocks.reduce((sum, block) => sum + block.tokens, 0);
  const none: CacheUsage = { inputTokens: total, cacheReadInputTokens: 0, cacheWriteInputTokens: 0, cacheWrites: [] };
  if (prompt.checkpoints.length === 0 || input.batch === true) return none;
  if (!rules.supported) {
    if (input.unsupportedCachePoints === 'reject') throw new EmulatorApiError('AccessDeniedException', unsupportedMessage);
    return none;
  }
  checkCheckpoints(prompt, rules);

  const cumulative: number[] = [];
  const boundaryKeys: string[] = [];
  let running = 0;
  let chain = scope;
  for (const block of prompt.blocks) {
    running += block.tokens;
    chain = hashText(`${chain}\n${block.key}`);
    cumulative.push(running);
    boundaryKeys.push(`${scope}:${chain}`);
  }
  const tokensAt = (block: number): number => (block < 0 ? 0 : (cumulative[block] ?? 0));
  const eligible = prompt.checkpoints.filter((checkpoint) => {
    const prefix = tokensAt(checkpoint.afterBlock);
    return checkpoint.afterBlock >= 0 && prefix >= rules.minTokensPerCheckpoint && (rules.maxCachedTokens === undefined || prefix <= rules.maxCachedTokens);
  });

  let readBlock = -1;
  for (const checkpoint of prompt.checkpoints) {
    for (let block = checkpoint.afterBlock; block > readBlock && block > checkpoint.afterBlock - lookbackBlocks; block -= 1) {
      if (cache.get(boundaryKeys[block] ?? '', now) !== undefined) {
        readBlock = block;
        break;
      }
    }
  }
  if (readBlock >= 0) {
    const key = boundaryKeys[readBlock] ?? '';
    cache.set(key, cache.get(key, now)?.ttlMs ?? ttlMs['5m'], now);
  }

  const writes = new Map<CacheTtl, number>();
  let covered = readBlock;
  for (const checkpoint of eligible) {
    if (checkpoint.afterBlock <= covered) continue;
    writes.set(checkpoint.ttl, (writes.get(checkpoint.ttl) ?? 0) + tokensAt(checkpoint.afterBlock) - tokensAt(covered));
    cache.set(boundaryKeys[checkpoint.afterBlock] ?? '', ttlMs[checkpoint.ttl], now);
    covered = checkpoint.afterBlock;
  }
  const cacheReadInputTokens = tokensAt(readBlock);
  const cacheWrites = (['1h', '5m'] as const).flatMap((ttl) => (writes.has(ttl) ? [{ ttl, inputTokens: writes.get(ttl) ?? 0 }] : []));
  const cacheWriteInputTokens = cacheWrites.reduce((sum, write) => sum + write.inputTokens, 0);
  return { inputTokens: total - cacheReadInputTokens - cacheWriteInputTokens, cacheReadInputTokens, cacheWriteInputTokens, cacheWrites };
}
