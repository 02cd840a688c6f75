import type { PromptBlock, PromptBlockKind } from '../../core/index.js';
import type { PromptHasher } from './create-prompt-hasher.js';
import { type JsonRecord, asArray, asCount, asRecord, asString, isRecord, previewText } from './json-guards.js';

export interface PromptShape {
  blocks: PromptBlock[];
  /** The system prompt text (all system blocks), for attribution rules. */
  systemText: string | null;
  systemPromptHash: string | null;
  maxTokens: number | null;
  /** Null (like promptChars) when no body was logged: unknown, not zero. */
  cachePoints: number | null;
  /** True when every cache marker asks for the 1-hour TTL (so writes bill at the 1h rate). */
  cacheTtl1h: boolean;
  messageCount: number | null;
  promptChars: number | null;
  requestPreview: string | null;
  serviceTier: 'flex' | 'priority' | undefined;
}

/** Text delivery off, or the body offloaded to S3 and not fetched. */
const unknownBody: PromptShape = {
  blocks: [],
  systemText: null,
  systemPromptHash: null,
  maxTokens: null,
  cachePoints: null,
  cacheTtl1h: false,
  messageCount: null,
  promptChars: null,
  requestPreview: null,
  serviceTier: undefined,
};

interface Marker {
  ttl: string | undefined;
}

/** Converse `{cachePoint: {type, ttl?}}` or Anthropic `cache_control: {type, ttl?}`. */
function readMarker(item: unknown): Marker | undefined {
  if (!isRecord(item)) return undefined;
  const cachePoint = asRecord(item.cachePoint);
  if (cachePoint !== undefined) return { ttl: asString(cachePoint.ttl) };
  const control = asRecord(item.cache_control);
  if (control !== undefined) return { ttl: asString(control.ttl) };
  return undefined;
}

/**
 * The text a message block is hashed and measured by: a lone text part is its text; otherwise
 * each part's text (or JSON for images, tool use, ...) joined by NUL, cache points left out.
 */
function canonicalContent(items: readonly unknown[]): string {
  const only = items.length === 1 && isRecord(items[0]) ? asString(items[0].text) : undefined;
  if (only !== undefined && Object.keys(items[0] as object).length === 1) return only;
  const parts: string[] = [];
  for (const item of items) {
    if (isOnlyCachePoint(item)) continue;
    const text = isRecord(item) && Object.keys(item).length === 1 ? asString(item.text) : undefined;
    parts.push(text ?? JSON.stringify(item));
  }
  return parts.join('\u0000');
}

const isOnlyCachePoint = (item: unknown): boolean => isRecord(item) && item.cachePoint !== undefined && Object.keys(item).length === 1;

function firstText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  for (const item of asArray(content) ?? []) {
    if (!isRecord(item)) continue;
    const text = asString(item.text);
    if (text !== undefined) return text;
  }
  return undefined;
}

function readMaxTokens(body: JsonRecord): number | null {
  const inference = asRecord(body.inferenceConfig);
  const titan = asRecord(body.textGenerationConfig);
  const candidates = [
    inference?.maxTokens,
    inference?.max_new_tokens,
    body.max_tokens,
    body.max_completion_tokens,
    body.max_gen_len,
    titan?.maxTokenCount,
    asRecord(body.additionalModelRequestFields)?.max_tokens,
  ];
  for (const candidate of candidates) {
    const count = asCount(candidate);
    if (count !== undefined) return count;
  }
  return null;
}

function readServiceTier(body: JsonRecord): 'flex' | 'priority' | undefined {
  const tier = asString(asRecord(body.serviceTier)?.type) ?? asString(body.serviceTier) ?? asString(body.service_tier);
  return tier === 'flex' || tier === 'priority' ? tier : undefined;
}

/** What `readPromptBlocks` gathers as it walks a body. */
interface BlockState {
  hasher: PromptHasher;
  blocks: PromptBlock[];
  markers: Marker[];
  systemTexts: string[];
  systemHashes: string[];
}

// Module functions over a state object, not closures made per record: a record builds none.
function push(state: BlockState, kind: PromptBlockKind, text: string): void {
  const block: PromptBlock = { kind, hash: state.hasher.hashBlock(kind, text), chars: text.length };
  state.blocks.push(block);
  if (kind === 'system') {
    state.systemTexts.push(text);
    state.systemHashes.push(block.hash);
  }
}

function mark(state: BlockState, marker: Marker | undefined): void {
  const last = state.blocks[state.blocks.length - 1];
  if (marker === undefined || last === undefined) return;
  last.cachePoint = true;
  state.markers.push(marker);
}

/**
 * Reduces a logged request body to its cacheable blocks in prefix order (tools, system,
 * messages) with cache points, plus the output cap and a preview. Understands Converse, the
 * Anthropic Messages body of InvokeModel, Nova, OpenAI-style chat, and single-prompt bodies
 * (Llama, Mistral, Titan). Anything else yields no blocks, not an error.
 */
export function readPromptBlocks(bodyInput: unknown, hasher: PromptHasher): PromptShape {
  if (bodyInput === undefined || bodyInput === null) return unknownBody;
  const body = asRecord(bodyInput) ?? {};
  const state: BlockState = { hasher, blocks: [], markers: [], systemTexts: [], systemHashes: [] };
  const { blocks, markers, systemTexts, systemHashes } = state;

  // Tools come first in the cache prefix on both Converse and the Anthropic API.
  const tools = asArray(asRecord(body.toolConfig)?.tools) ?? asArray(body.tools);
  if (tools !== undefined && tools.length > 0) {
    const definitions: unknown[] = [];
    for (const tool of tools) if (!isOnlyCachePoint(tool)) definitions.push(tool);
    if (definitions.length > 0) push(state, 'tools', JSON.stringify(definitions));
    for (const tool of tools) mark(state, readMarker(tool));
  }

  const system = body.system;
  if (typeof system === 'string' && system.length > 0) push(state, 'system', system);
  for (const item of asArray(system) ?? []) {
    if (isOnlyCachePoint(item)) {
      mark(state, readMarker(item));
      continue;
    }
    const text = isRecord(item) ? asString(item.text) : asString(item);
    if (text !== undefined) push(state, 'system', text);
    else if (item !== undefined) push(state, 'system', JSON.stringify(item));
    mark(state, isRecord(item) ? readMarker(item) : undefined);
  }

  const messages = asArray(body.messages);
  let lastUser: unknown;
  for (const message of messages ?? []) {
    const record = asRecord(message);
    const role = asString(record?.role);
    const content = record?.content;
    // OpenAI-style chat puts the system prompt in the messages.
    const kind: PromptBlockKind = role === 'assistant' ? 'assistant' : role === 'system' || role === 'developer' ? 'system' : 'user';
    if (kind === 'user') lastUser = content;
    const items = asArray(content);
    const text = typeof content === 'string' ? content : items === undefined ? JSON.stringify(content ?? null) : canonicalContent(items);
    push(state, kind, text);
    for (const item of items ?? []) mark(state, readMarker(item));
  }

  const prompt = asString(body.prompt) ?? asString(body.inputText);
  if (prompt !== undefined) {
    push(state, 'prompt', prompt);
    lastUser ??= prompt;
  }

  let promptChars = 0;
  for (const block of blocks) promptChars += block.chars;
  let allOneHour = markers.length > 0;
  for (const marker of markers) if (marker.ttl !== '1h') allOneHour = false;
  return {
    blocks,
    systemText: systemTexts.length === 0 ? null : systemTexts.join('\n'),
    systemPromptHash: systemHashes.length === 0 ? null : hasher.combine(systemHashes),
    maxTokens: readMaxTokens(body),
    cachePoints: markers.length,
    cacheTtl1h: allOneHour,
    messageCount: messages === undefined ? null : messages.length,
    promptChars,
    requestPreview: previewText(firstText(lastUser)),
    serviceTier: readServiceTier(body),
  };
}
