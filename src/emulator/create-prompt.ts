import { countBlockTokens, countTokens } from './count-tokens.js';

/** Where a block sits; Bedrock (like Anthropic) caches the prefix in the order tools → system → messages. */
export type PromptSection = 'tools' | 'system' | 'messages';
export const promptSections: readonly PromptSection[] = ['tools', 'system', 'messages'];
export type CacheTtl = '5m' | '1h';

export interface PromptBlock {
  section: PromptSection;
  /** Canonical serialisation: the prefix hash covers exactly this, so one changed space breaks it. */
  key: string;
  /** Text an answer-key marker may sit in (empty for non-text blocks). */
  text: string;
  tokens: number;
}

export interface CacheCheckpoint {
  section: PromptSection;
  /** Index of the last block the checkpoint covers; -1 when it precedes every block. */
  afterBlock: number;
  ttl: CacheTtl;
}

/** A request's input in one shape for every API: blocks in cache order, plus its cache checkpoints. */
export interface Prompt {
  blocks: PromptBlock[];
  checkpoints: CacheCheckpoint[];
}

export interface PromptBuilder {
  /** A text block (Converse `{text}`, Anthropic `{type:'text', text}` and plain prompts are one form). */
  text(section: PromptSection, text: string, position?: string): void;
  /** Any other block (tool spec, image, tool result...), counted from its JSON. */
  other(section: PromptSection, block: unknown, position?: string): void;
  checkpoint(section: PromptSection, ttl: CacheTtl | undefined): void;
  build(): Prompt;
}

/**
 * Collects blocks in the order the request lists them. `position` (e.g. `3:user`, message index
 * and role) goes into the key, so the same text under another role or turn is another prefix.
 */
export function createPrompt(): PromptBuilder {
  const blocks: PromptBlock[] = [];
  const checkpoints: CacheCheckpoint[] = [];
  return {
    text(section, text, position = '') {
      blocks.push({ section, key: JSON.stringify([section, position, 't', text]), text, tokens: countTokens(text) });
    },
    other(section, block, position = '') {
      blocks.push({ section, key: JSON.stringify([section, position, 'o', block]), text: '', tokens: countBlockTokens(block) });
    },
    checkpoint(section, ttl) {
      checkpoints.push({ section, afterBlock: blocks.length - 1, ttl: ttl ?? '5m' });
    },
    build: () => ({ blocks, checkpoints }),
  };
}

export function promptTokens(prompt: Prompt): number {
  return prompt.blocks.reduce((sum, block) => sum + block.tokens, 0);
}
