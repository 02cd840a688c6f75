import { countBlockTokens, countTokens } from '../emulator/count-tokens.js';

/**
 * Token estimate used before a request is sent (cache planning, batch cost). Claude 3+ and Nova
 * have no public tokenizer, so frugal uses one stated approximation everywhere — the same rule
 * the emulator bills with, so a plan and its replay on the emulator count alike:
 *
 *   tokens(text) = ceil((characters / 4 + words × 4/3) / 2), at least 1 for non-empty text
 *
 * (characters are Unicode code points, words are runs of non-whitespace). Each content block is
 * counted on its own and the counts are summed; a non-text block (tool spec, image, tool use) is
 * counted from its JSON, with binary payloads replaced by their size. Real counts differ by model:
 * pass an exact counter (Bedrock CountTokens, free for Claude) where one is at hand.
 */
export const estimateTokens: (text: string) => number = countTokens;

/** Counts a text; injected so callers with an exact tokenizer can use it. */
export type CountTokens = (text: string) => number;

/** Tokens of a non-text block (tool spec, image, tool use or result), counted from its JSON (as the emulator bills it). */
export const estimateBlockTokens: (block: unknown, count?: CountTokens) => number = countBlockTokens;
