/**
 * The emulator's deterministic tokenizer approximation. Claude 3+ and Nova have no public
 * tokenizer, so the emulator does not pretend to have one: it blends the two rules of thumb
 * (about 4 characters per token, about 0.75 words per token) so that neither long words nor
 * dense punctuation skews the count much.
 *
 *   countTokens(text) = ceil((chars / 4 + words × 4/3) / 2), and at least 1 for non-empty text
 *
 * `chars` counts Unicode code points, `words` counts runs of non-whitespace. Every content
 * block of a request is counted on its own and the counts are summed (see `createPrompt`).
 */
export function countTokens(text: string): number {
  if (text.length === 0) return 0;
  let chars = 0;
  // Iterating a string walks code points, so an emoji counts once, not as two UTF-16 units.
  for (const _ of text) chars += 1;
  const words = text.match(/\S+/g)?.length ?? 0;
  return Math.max(1, Math.ceil((chars / 4 + (words * 4) / 3) / 2));
}

/** Binary payloads are counted by size, not by their base64 text. */
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
export function countBlockTokens(block: unknown, count: (text: string) => number = countTokens): number {
  return count(JSON.stringify(describeForCounting(block)));
}
