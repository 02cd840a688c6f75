import { z } from 'zod';
import type { PromptLayout } from './read-prompt-layout.js';

/**
 * Where a cache point goes, stated so that it applies to every request of a workload: "after
 * the tools", "after system block 0", "after the message before the last one". Indices count
 * content blocks (cache points excluded); negative indices count from the end (-1 is the last),
 * so `{ section: 'messages', message: -2 }` is the end of the conversation history or few-shot
 * block, before the final user turn, however long the conversation is. `block` defaults to -1.
 */
export type CacheAnchor =
  | { section: 'tools'; block?: number }
  | { section: 'system'; block?: number }
  | { section: 'messages'; message: number; block?: number };

const index = z.number().int();
export const cacheAnchorSchema = z.discriminatedUnion('section', [
  z.strictObject({ section: z.literal('tools'), block: index.optional() }),
  z.strictObject({ section: z.literal('system'), block: index.optional() }),
  z.strictObject({ section: z.literal('messages'), message: index, block: index.optional() }),
]);

/**
 * The automatic placement for run time (createClient, gateway), without any traffic to learn
 * from: after the tools, after the system prompt, and after the few-shot examples or conversation
 * history (everything before the last message). Each is used only where its prefix reaches the
 * model's minimum.
 */
export const defaultCacheAnchors: readonly CacheAnchor[] = [{ section: 'tools' }, { section: 'system' }, { section: 'messages', message: -2 }];

const fromEnd = (value: number, length: number): number => (value < 0 ? length + value : value);

/** Resolutions per layout: the planner resolves the same anchors on the same requests many times. */
const resolved = new WeakMap<PromptLayout, Map<string, number | undefined>>();

/** The index (in `layout.segments`) of the last block the anchor covers, or undefined when the request has no such block. */
export function resolveCacheAnchor(anchor: CacheAnchor, layout: PromptLayout): number | undefined {
  let memo = resolved.get(layout);
  if (memo === undefined) {
    memo = new Map();
    resolved.set(layout, memo);
  }
  const name = formatCacheAnchor(anchor);
  if (memo.has(name)) return memo.get(name);
  const position = resolveUncached(anchor, layout);
  memo.set(name, position);
  return position;
}

function resolveUncached(anchor: CacheAnchor, layout: PromptLayout): number | undefined {
  const { segments } = layout;
  let candidates: number[];
  if (anchor.section === 'messages') {
    const message = fromEnd(anchor.message, layout.messageCount);
    if (message < 0 || message >= layout.messageCount) return undefined;
    candidates = segments.flatMap((segment, position) => (segment.section === 'messages' && segment.message === message ? [position] : []));
  } else {
    candidates = segments.flatMap((segment, position) => (segment.section === anchor.section ? [position] : []));
  }
  const block = fromEnd(anchor.block ?? -1, candidates.length);
  return block >= 0 && block < candidates.length ? candidates[block] : undefined;
}

/** A short human name: "end of tools", "system block 2", "end of the last message", "end of message -2 (history before the last turn)". */
export function describeCacheAnchor(anchor: CacheAnchor): string {
  const block = anchor.block ?? -1;
  if (anchor.section !== 'messages') return block === -1 ? `end of ${anchor.section}` : `${anchor.section} block ${block}`;
  const message =
    anchor.message === -1 ? 'the last message (the conversation so far)' : anchor.message === -2 ? 'message -2 (history before the last turn)' : anchor.message < 0 ? `message ${anchor.message} (from the end)` : `message ${anchor.message}`;
  return block === -1 ? `end of ${message}` : `${message}, block ${block}`;
}

/** Stable text form, for deduplicating anchors and keys in maps. */
export function formatCacheAnchor(anchor: CacheAnchor): string {
  return anchor.section === 'messages' ? `messages:${anchor.message}:${anchor.block ?? -1}` : `${anchor.section}:${anchor.block ?? -1}`;
}
