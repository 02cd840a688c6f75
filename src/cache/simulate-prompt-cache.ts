import type { CachingRules } from '../pricing/index.js';
import type { CacheTtl } from '../providers/index.js';
import type { CacheAnchor } from './cache-anchor.js';
import type { TraceRequest } from './create-trace-request.js';
import { selectCachePositions } from './select-cache-positions.js';

/** USD per million tokens for the TTL being simulated. */
export interface CacheUnitPrices {
  input: number;
  cacheRead: number;
  cacheWrite: number;
}

export interface AnchorOutcome {
  anchor: CacheAnchor;
  /** Requests that got a cache point here. */
  placed: number;
  /** Requests that read at least part of this anchor's segment from the cache. */
  readRequests: number;
  /** Tokens of this anchor's segment (from the previous cache point to this one) read / written. */
  readTokens: number;
  writeTokens: number;
  /** USD saved on input against no caching: reads at (input − read) minus writes at (write − input). */
  saving: number;
}

export interface CacheSimulation {
  ttl: CacheTtl;
  anchors: CacheAnchor[];
  requests: number;
  /** Requests that read anything from the cache. */
  hitRequests: number;
  hitRate: number;
  /** Exclusive buckets, as Bedrock reports them. */
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  totalInputTokens: number;
  /** Input cost in USD without caching and with it (output is the same either way). */
  baselineCost: number;
  cachedCost: number;
  perAnchor: AnchorOutcome[];
  /** Per request, in trace order: tokens read and written. */
  perRequest: { read: number; write: number }[];
}

export interface SimulatePromptCacheOptions {
  rules: CachingRules;
  ttl: CacheTtl;
  prices: CacheUnitPrices;
  /** How far back from a checkpoint Bedrock looks for a cached prefix (about 20 blocks). */
  lookbackBlocks?: number;
}

const ttlMs: Record<CacheTtl, number> = { '5m': 5 * 60_000, '1h': 60 * 60_000 };

/**
 * Replays a workload through Bedrock's prompt-cache rules with the given cache points:
 * - a checkpoint is placed only where `selectCachePositions` would place it (field allowed,
 *   prefix at least the minimum and at most the model's maximum, at most 4, longest first);
 * - from each checkpoint, the longest prefix still alive within the lookback is read, and a hit
 *   resets that entry's TTL (5 minutes, or 1 hour);
 * - everything after it up to the last checkpoint is written, and lives for the TTL;
 * - an entry is alive strictly before its expiry, so a request exactly one TTL later misses.
 * Requests must be in time order. Pure: the cache is local to the call.
 */
export function simulatePromptCache(trace: readonly TraceRequest[], anchors: readonly CacheAnchor[], options: SimulatePromptCacheOptions): CacheSimulation {
  const { rules, ttl, prices } = options;
  const lookback = options.lookbackBlocks ?? 20;
  const cache = new Map<string, { expiresAt: number; ttlMs: number }>();
  const live = (key: string, now: number): { expiresAt: number; ttlMs: number } | undefined => {
    const entry = cache.get(key);
    return entry !== undefined && entry.expiresAt > now ? entry : undefined;
  };
  const outcomes = new Map<CacheAnchor, AnchorOutcome>(anchors.map((anchor) => [anchor, { anchor, placed: 0, readRequests: 0, readTokens: 0, writeTokens: 0, saving: 0 }]));
  const totals = { hitRequests: 0, inputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, totalInputTokens: 0 };
  const perRequest: { read: number; write: number }[] = [];

  for (const request of trace) {
    const now = request.time;
    const total = request.cumulative.at(-1) ?? 0;
    totals.totalInputTokens += total;
    const tokensAt = (block: number): number => (block < 0 ? 0 : (request.cumulative[block] ?? 0));
    const { selected } = selectCachePositions(request.layout, anchors, { rules, ttl, existing: 'replace' });
    if (selected.length === 0) {
      totals.inputTokens += total;
      perRequest.push({ read: 0, write: 0 });
      continue;
    }

    let readBlock = -1;
    for (const { position } of selected) {
      for (let block = position; block > readBlock && block > position - lookback; block -= 1) {
        if (live(request.prefixKeys[block] ?? '', now) !== undefined) {
          readBlock = block;
          break;
        }
      }
    }
    if (readBlock >= 0) {
      const key = request.prefixKeys[readBlock] ?? '';
      const entry = live(key, now);
      if (entry !== undefined) cache.set(key, { ttlMs: entry.ttlMs, expiresAt: now + entry.ttlMs });
    }
    const read = tokensAt(readBlock);

    let covered = readBlock;
    let written = 0;
    let previous = -1;
    for (const choice of selected) {
      const outcome = outcomes.get(choice.anchor);
      const low = tokensAt(previous);
      const high = tokensAt(choice.position);
      const readHere = Math.max(0, Math.min(read, high) - low);
      let writeHere = 0;
      if (choice.position > covered) {
        writeHere = high - tokensAt(covered);
        const key = request.prefixKeys[choice.position] ?? '';
        const existing = live(key, now);
        const keptTtl = Math.max(existing?.ttlMs ?? 0, ttlMs[ttl]);
        cache.set(key, { ttlMs: keptTtl, expiresAt: now + keptTtl });
        covered = choice.position;
      }
      written += writeHere;
      if (outcome !== undefined) {
        outcome.placed += 1;
        if (readHere > 0) outcome.readRequests += 1;
        outcome.readTokens += readHere;
        outcome.writeTokens += writeHere;
      }
      previous = choice.position;
    }
    if (read > 0) totals.hitRequests += 1;
    totals.cacheReadTokens += read;
    totals.cacheWriteTokens += written;
    totals.inputTokens += total - read - written;
    perRequest.push({ read, write: written });
  }

  const perMillion = (tokens: number, price: number): number => (tokens * price) / 1e6;
  for (const outcome of outcomes.values()) {
    outcome.saving = perMillion(outcome.readTokens, prices.input - prices.cacheRead) - perMillion(outcome.writeTokens, prices.cacheWrite - prices.input);
  }
  const baselineCost = perMillion(totals.totalInputTokens, prices.input);
  const cachedCost = perMillion(totals.inputTokens, prices.input) + perMillion(totals.cacheReadTokens, prices.cacheRead) + perMillion(totals.cacheWriteTokens, prices.cacheWrite);
  return {
    ttl,
    anchors: [...anchors],
    requests: trace.length,
    ...totals,
    hitRate: trace.length === 0 ? 0 : totals.hitRequests / trace.length,
    baselineCost,
    cachedCost,
    perAnchor: [...outcomes.values()],
    perRequest,
  };
}
