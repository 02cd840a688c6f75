import type { CacheTtl, ModelRequest } from '../providers/index.js';
import { type CountTokens, estimateBlockTokens, estimateTokens } from './estimate-tokens.js';

/** Bedrock (like Anthropic) builds the cache prefix in this order: tools, then system, then messages. */
export type PromptSection = 'tools' | 'system' | 'messages';

/** One content block of a request, in cache-prefix order. Cache points are not segments. */
export interface PromptSegment {
  section: PromptSection;
  /** Index among the content blocks of its list (tools, system, or the message's content); cache points are skipped. */
  block: number;
  /** Message index (messages only). */
  message?: number;
  role?: 'user' | 'assistant';
  /**
   * What the prefix hash covers: the block's content and where it sits (section, message and
   * role), so the same text under another role is another prefix — as on Bedrock.
   */
  key: string;
  tokens: number;
  /** The block's text ('' for non-text blocks; a tool's JSON for tools), for linting. */
  text: string;
  /** TTL of a cache point the request already has right after this block. */
  cachePointAfter?: CacheTtl;
}

/** A request reduced to what prompt caching sees. */
export interface PromptLayout {
  segments: PromptSegment[];
  messageCount: number;
  /** Cache points the request already carries. */
  existingCachePoints: number;
}

type CachePointLike = { cachePoint: { ttl?: CacheTtl | undefined } };
const isCachePoint = (block: object): block is CachePointLike => 'cachePoint' in block;

/**
 * The request's blocks in cache-prefix order with estimated tokens. Tools come first because
 * Bedrock hashes them first, whatever order the JSON lists the fields in.
 */
export function readPromptLayout(request: Pick<ModelRequest, 'tools' | 'system' | 'messages'>, count: CountTokens = estimateTokens): PromptLayout {
  const segments: PromptSegment[] = [];
  let existingCachePoints = 0;
  const mark = (ttl: CacheTtl | undefined): void => {
    existingCachePoints += 1;
    const last = segments.at(-1);
    if (last !== undefined) last.cachePointAfter = ttl ?? '5m';
  };

  let toolIndex = 0;
  for (const tool of request.tools ?? []) {
    if (isCachePoint(tool)) {
      mark(tool.cachePoint.ttl);
      continue;
    }
    const json = JSON.stringify(tool);
    segments.push({ section: 'tools', block: toolIndex, key: JSON.stringify(['tools', toolIndex, 'o', tool]), tokens: estimateBlockTokens(tool, count), text: json });
    toolIndex += 1;
  }

  let systemIndex = 0;
  for (const block of request.system ?? []) {
    if (isCachePoint(block)) {
      mark(block.cachePoint.ttl);
      continue;
    }
    segments.push({ section: 'system', block: systemIndex, key: JSON.stringify(['system', '', 't', block.text]), tokens: count(block.text), text: block.text });
    systemIndex += 1;
  }

  request.messages.forEach((message, messageIndex) => {
    let blockIndex = 0;
    const position = `${messageIndex}:${message.role}`;
    for (const block of message.content) {
      if (isCachePoint(block)) {
        mark(block.cachePoint.ttl);
        continue;
      }
      const isText = 'text' in block;
      segments.push({
        section: 'messages',
        block: blockIndex,
        message: messageIndex,
        role: message.role,
        key: isText ? JSON.stringify(['messages', position, 't', block.text]) : JSON.stringify(['messages', position, 'o', block]),
        tokens: isText ? count(block.text) : estimateBlockTokens(block, count),
        text: isText ? block.text : '',
      });
      blockIndex += 1;
    }
  });
  return { segments, messageCount: request.messages.length, existingCachePoints };
}

/** Total estimated input tokens of a layout. */
export function layoutTokens(layout: PromptLayout): number {
  return layout.segments.reduce((sum, segment) => sum + segment.tokens, 0);
}
