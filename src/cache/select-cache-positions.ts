import type { CachingRules } from '../pricing/index.js';
import type { CacheTtl } from '../providers/index.js';
import { type CacheAnchor, resolveCacheAnchor } from './cache-anchor.js';
import type { PromptLayout } from './read-prompt-layout.js';

/** A cache point to add: after `layout.segments[position]`, covering `prefixTokens`. */
export interface SelectedCachePosition {
  anchor: CacheAnchor;
  position: number;
  prefixTokens: number;
  ttl: CacheTtl;
}

export type SkipReason =
  | 'unsupported-model'
  | 'absent'
  | 'field-not-cacheable'
  | 'below-minimum'
  | 'above-maximum'
  | 'already-marked'
  | 'duplicate'
  | 'too-many'
  | 'ttl-order';

export interface SkippedCacheAnchor {
  anchor: CacheAnchor;
  reason: SkipReason;
  detail: string;
}

export interface CachePositionSelection {
  selected: SelectedCachePosition[];
  skipped: SkippedCacheAnchor[];
}

export interface SelectCachePositionsOptions {
  rules: CachingRules;
  ttl: CacheTtl;
  /** `keep` (default): existing cache points stay and count against the maximum; `replace`: they are ignored (the caller strips them). */
  existing?: 'keep' | 'replace';
}

/**
 * Decides which anchors become cache points in one request, by the model's rules: the field must
 * accept checkpoints, the prefix up to the point must reach the minimum tokens (below it Bedrock
 * caches nothing, silently) and stay within the model's largest cacheable prefix, and at most the
 * model's maximum checkpoints in all. When too many qualify, the longest prefixes win: a later
 * checkpoint also finds shorter cached prefixes (Bedrock looks back about 20 blocks).
 * The same function drives `placeCachePoints` and the planner's simulation, so a plan predicts
 * exactly the requests the client would send.
 */
export function selectCachePositions(layout: PromptLayout, anchors: readonly CacheAnchor[], options: SelectCachePositionsOptions): CachePositionSelection {
  const { rules, ttl } = options;
  const skipped: SkippedCacheAnchor[] = [];
  if (!rules.supported) {
    return { selected: [], skipped: anchors.map((anchor) => ({ anchor, reason: 'unsupported-model', detail: 'the model does not offer prompt caching on Bedrock' })) };
  }
  const cumulative: number[] = [];
  let running = 0;
  for (const segment of layout.segments) {
    running += segment.tokens;
    cumulative.push(running);
  }
  const keep = options.existing !== 'replace';
  const candidates: SelectedCachePosition[] = [];
  for (const anchor of anchors) {
    const position = resolveCacheAnchor(anchor, layout);
    if (position === undefined) {
      skipped.push({ anchor, reason: 'absent', detail: 'the request has no such block' });
      continue;
    }
    const segment = layout.segments[position];
    const prefixTokens = cumulative[position] ?? 0;
    if (segment === undefined) continue;
    if (!(rules.fields as readonly string[]).includes(segment.section)) {
      skipped.push({ anchor, reason: 'field-not-cacheable', detail: `the model accepts cache points in ${rules.fields.join(', ')} only` });
    } else if (prefixTokens < rules.minTokensPerCheckpoint) {
      skipped.push({ anchor, reason: 'below-minimum', detail: `prefix of ${prefixTokens} tokens is below the minimum of ${rules.minTokensPerCheckpoint}` });
    } else if (rules.maxCachedTokens !== undefined && prefixTokens > rules.maxCachedTokens) {
      skipped.push({ anchor, reason: 'above-maximum', detail: `prefix of ${prefixTokens} tokens is over the model's cacheable maximum of ${rules.maxCachedTokens}` });
    } else if (keep && segment.cachePointAfter !== undefined) {
      skipped.push({ anchor, reason: 'already-marked', detail: 'the request already has a cache point there' });
    } else if (candidates.some((candidate) => candidate.position === position)) {
      skipped.push({ anchor, reason: 'duplicate', detail: 'another anchor already covers this position' });
    } else {
      candidates.push({ anchor, position, prefixTokens, ttl });
    }
  }
  candidates.sort((left, right) => left.position - right.position);

  const existing = keep ? layout.existingCachePoints : 0;
  const budget = Math.max(0, rules.maxCheckpoints - existing);
  const dropped = candidates.splice(0, Math.max(0, candidates.length - budget));
  for (const candidate of dropped) {
    skipped.push({ anchor: candidate.anchor, reason: 'too-many', detail: `the model allows ${rules.maxCheckpoints} cache points per request and longer prefixes come first` });
  }

  // Bedrock rejects a 5m checkpoint before a 1h one; keep ours out of such an order.
  const selected = keep && ttl === '5m'
    ? candidates.filter((candidate) => {
        const later1h = layout.segments.some((segment, position) => position > candidate.position && segment.cachePointAfter === '1h');
        if (later1h) skipped.push({ anchor: candidate.anchor, reason: 'ttl-order', detail: 'a 5m cache point may not precede the request\'s own 1h cache point' });
        return !later1h;
      })
    : keep && ttl === '1h'
      ? candidates.filter((candidate) => {
          const earlier5m = layout.segments.some((segment, position) => position < candidate.position && segment.cachePointAfter === '5m');
          if (earlier5m) skipped.push({ anchor: candidate.anchor, reason: 'ttl-order', detail: 'a 1h cache point may not follow the request\'s own 5m cache point' });
          return !earlier5m;
        })
      : candidates;
  return { selected, skipped };
}
