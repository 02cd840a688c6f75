import type { CachingRules } from '../pricing/index.js';
import { type CacheAnchor, formatCacheAnchor, resolveCacheAnchor } from './cache-anchor.js';
import type { TraceRequest } from './create-trace-request.js';
import type { PromptLayout } from './read-prompt-layout.js';

export interface CandidateAnchor {
  anchor: CacheAnchor;
  /** Tokens that could be read from the cache here: the prefix size of every request whose prefix at this anchor was seen before. */
  reusableTokens: number;
}

/** Message positions worth a checkpoint: the first few (few-shot examples) and the last few (history before the turn). */
const messagesFromStart = 6;
const messagesFromEnd = 4;
const blocksFromStart = 4;

/** Every anchor form that names this block boundary, the most general first (end of section, from the end of the conversation). */
function anchorsAt(layout: PromptLayout, position: number): CacheAnchor[] {
  const segment = layout.segments[position];
  if (segment === undefined) return [];
  const isLast = !layout.segments.some((other, index) => index > position && other.section === segment.section && other.message === segment.message);
  const blocks = [...(isLast ? [-1] : []), ...(segment.block < blocksFromStart ? [segment.block] : [])];
  if (segment.section !== 'messages') return blocks.map((block) => ({ section: segment.section, block }) as CacheAnchor);
  const message = segment.message ?? 0;
  const fromEnd = message - layout.messageCount;
  const messages = [...(-fromEnd <= messagesFromEnd ? [fromEnd] : []), ...(message < messagesFromStart ? [message] : [])];
  return messages.flatMap((index) => blocks.map((block): CacheAnchor => ({ section: 'messages', message: index, block })));
}

/**
 * The block boundaries worth simulating: those whose prefix reaches the model's minimum and
 * could read something back (an earlier request shared a prefix within the lookback). Anchors
 * that land on the same block in every request are one candidate. Best `limit` by reusable tokens.
 */
export function findCandidateAnchors(trace: readonly TraceRequest[], rules: Extract<CachingRules, { supported: true }>, limit = 16): CandidateAnchor[] {
  const names = new Map<string, CacheAnchor>();
  for (const request of trace) {
    request.layout.segments.forEach((segment, position) => {
      if (!(rules.fields as readonly string[]).includes(segment.section)) return;
      const prefix = request.cumulative[position] ?? 0;
      if (prefix < rules.minTokensPerCheckpoint || (rules.maxCachedTokens !== undefined && prefix > rules.maxCachedTokens)) return;
      for (const anchor of anchorsAt(request.layout, position)) names.set(formatCacheAnchor(anchor), anchor);
    });
  }

  const reusable = reusableTokensByPosition(trace);
  const bySignature = new Map<string, CandidateAnchor>();
  for (const anchor of names.values()) {
    const positions: number[] = [];
    let reusableTokens = 0;
    trace.forEach((request, index) => {
      const position = resolveCacheAnchor(anchor, request.layout);
      positions.push(position ?? -1);
      if (position !== undefined && (request.cumulative[position] ?? 0) >= rules.minTokensPerCheckpoint) reusableTokens += reusable[index]?.[position] ?? 0;
    });
    if (reusableTokens === 0) continue;
    const signature = positions.join(',');
    const known = bySignature.get(signature);
    // Same blocks in every request: keep the more general name (end of section, counted from the end).
    if (known === undefined || generality(anchor) > generality(known.anchor)) bySignature.set(signature, { anchor, reusableTokens });
  }
  return [...bySignature.values()].sort((left, right) => right.reusableTokens - left.reusableTokens).slice(0, limit);
}

/**
 * For each request and block, the tokens a checkpoint there could read back at best: the longest
 * prefix within the lookback (20 blocks) that some earlier request also had. This is what makes a
 * checkpoint that moves forward every turn (conversation history) worth simulating: its exact
 * prefix never repeats, but the previous turn's prefix does.
 */
function reusableTokensByPosition(trace: readonly TraceRequest[], lookback = 20): number[][] {
  const seen = new Set<string>();
  return trace.map((request) => {
    const best = request.prefixKeys.map((_, position) => {
      for (let block = position; block >= 0 && block > position - lookback; block -= 1) {
        if (seen.has(request.prefixKeys[block] ?? '')) return request.cumulative[block] ?? 0;
      }
      return 0;
    });
    for (const key of request.prefixKeys) seen.add(key);
    return best;
  });
}

function generality(anchor: CacheAnchor): number {
  const endOfList = (anchor.block ?? -1) === -1 ? 2 : 0;
  const fromEnd = anchor.section === 'messages' && anchor.message < 0 ? 1 : 0;
  return endOfList + fromEnd;
}
