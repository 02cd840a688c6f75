import { countTokens } from '../emulator/count-tokens.js';

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

/** Binary payloads are counted by size, not by their base64 text (as the emulator counts them). */
function describeForCounting(value: unknown): unknown {
  if (value instanceof Uint8Array) return `<${value.byteLength} bytes>`;
  if (Array.isArray(value)) return value.map(describeForCounting);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, key === 'bytes' && typeof inner === 'string' ? `<${inner.length} base64 chars>` : describeForCounting(inner)]),
    );
  }
  return value;
}

/** Tokens of a non-text block (tool spec, image, tool use or result), counted from its JSON. */
export function estimateBlockTokens(block: unknown, count: CountTokens = estimateTokens): number {
  return count(JSON.stringify(describeForCounting(block)));
}
