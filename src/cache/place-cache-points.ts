import { InvalidArgumentError } from '../core/index.js';
import type { CachingRules } from '../pricing/index.js';
import type { CachePointBlock, CacheTtl, ModelRequest } from '../providers/index.js';
import { type CacheAnchor, defaultCacheAnchors } from './cache-anchor.js';
import type { CountTokens } from './estimate-tokens.js';
import { type PromptSection, readPromptLayout } from './read-prompt-layout.js';
import { type SelectedCachePosition, type SkippedCacheAnchor, selectCachePositions } from './select-cache-positions.js';

/** The parts of a Converse-shaped request that carry cache points. */
export type CacheableRequest = Pick<ModelRequest, 'tools' | 'system' | 'messages'>;

export interface PlaceCachePointsOptions {
  /** The model's caching rules: `createPricingCatalog().model(id)?.entry.caching`. */
  rules: CachingRules;
  /** Where to put cache points; default `defaultCacheAnchors` (tools, system, history before the last turn). */
  anchors?: readonly CacheAnchor[];
  /** Default 5m; 1h only where the model offers it. */
  ttl?: CacheTtl;
  /** Token counter for the minimum-prefix check; default the stated estimate (`estimateTokens`). */
  countTokens?: CountTokens;
  /** `keep` (default): the caller's own cache points stay and count against the maximum; `replace`: they are removed first. */
  existing?: 'keep' | 'replace';
}

export interface PlacedCachePoint extends SelectedCachePosition {
  section: PromptSection;
  /** Message index (messages only). */
  message?: number;
  /** Content-block index the cache point follows. */
  block: number;
}

export interface CachePointPlacement<T extends CacheableRequest> {
  /** A new request with the cache points inserted; the input is not modified. */
  request: T;
  placed: PlacedCachePoint[];
  /** Anchors not used, each with the reason (below the minimum, absent, too many, ...). */
  skipped: SkippedCacheAnchor[];
}

const cachePointBlock = (ttl: CacheTtl): CachePointBlock => ({ cachePoint: { type: 'default', ...(ttl === '1h' && { ttl }) } });
const isCachePoint = (block: object): boolean => 'cachePoint' in block;

/** Copies a list, dropping cache points when asked and adding one after each listed content-block index. */
function rebuild<B extends object>(list: readonly B[], after: ReadonlyMap<number, CacheTtl>, strip: boolean): B[] {
  const result: B[] = [];
  let content = 0;
  for (const block of list) {
    if (isCachePoint(block)) {
      if (!strip) result.push(block);
      continue;
    }
    result.push(block);
    const ttl = after.get(content);
    if (ttl !== undefined) result.push(cachePointBlock(ttl) as B);
    content += 1;
  }
  return result;
}

/**
 * Inserts Converse `cachePoint` blocks into a request after its stable prefixes — tools, system
 * prompt, few-shot examples or history — where each prefix reaches the model's minimum tokens
 * per checkpoint, at most the model's maximum (4) in all, longest prefixes first. Shared by
 * `frugal cache plan` (which chooses the anchors from traffic), `createClient()` and the gateway
 * (which use `defaultCacheAnchors` or the anchors a plan chose). Pure: returns a new request.
 *
 * A model without prompt caching gets the request back unchanged (Bedrock would reject the
 * cache points with AccessDeniedException); a TTL the model does not offer is an error.
 */
export function placeCachePoints<T extends CacheableRequest>(request: T, options: PlaceCachePointsOptions): CachePointPlacement<T> {
  const ttl = options.ttl ?? '5m';
  const { rules } = options;
  if (rules.supported && !rules.ttls.includes(ttl)) {
    throw new InvalidArgumentError('ttl', `This model offers cache TTLs ${rules.ttls.join(', ')}, not ${ttl}.`);
  }
  const existing = options.existing ?? 'keep';
  const layout = readPromptLayout(request, options.countTokens);
  const selection = selectCachePositions(layout, options.anchors ?? defaultCacheAnchors, { rules, ttl, existing });
  const strip = existing === 'replace';
  if (selection.selected.length === 0 && !strip) return { request, placed: [], skipped: selection.skipped };

  const tools = new Map<number, CacheTtl>();
  const system = new Map<number, CacheTtl>();
  const messages = new Map<number, Map<number, CacheTtl>>();
  const placed = selection.selected.map((choice): PlacedCachePoint => {
    const segment = layout.segments[choice.position];
    if (segment === undefined) throw new Error(`cache position ${choice.position} outside the request`);
    if (segment.section === 'tools') tools.set(segment.block, choice.ttl);
    else if (segment.section === 'system') system.set(segment.block, choice.ttl);
    else {
      const message = segment.message ?? 0;
      const blocks = messages.get(message) ?? new Map<number, CacheTtl>();
      blocks.set(segment.block, choice.ttl);
      messages.set(message, blocks);
    }
    return { ...choice, section: segment.section, block: segment.block, ...(segment.message !== undefined && { message: segment.message }) };
  });

  const updated: T = {
    ...request,
    ...(request.tools !== undefined && { tools: rebuild(request.tools, tools, strip) }),
    ...(request.system !== undefined && { system: rebuild(request.system, system, strip) }),
    messages: request.messages.map((message, index) => ({ ...message, content: rebuild(message.content, messages.get(index) ?? new Map(), strip) })),
  };
  return { request: updated, placed, skipped: selection.skipped };
}

/** The request without any cache points (what the planner starts from). */
export function stripCachePoints<T extends CacheableRequest>(request: T): T {
  const none = new Map<number, CacheTtl>();
  return {
    ...request,
    ...(request.tools !== undefined && { tools: rebuild(request.tools, none, true) }),
    ...(request.system !== undefined && { system: rebuild(request.system, none, true) }),
    messages: request.messages.map((message) => ({ ...message, content: rebuild(message.content, none, true) })),
  };
}
