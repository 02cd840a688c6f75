import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPhraseMatcher } from './create-phrase-matcher.js';
import { createRegexPhraseMatcher } from './create-regex-phrase-matcher.js';
import { readOutcomeData } from './outcomes/read-outcome-data.js';

/** xorshift32: the test's own seeded stream (no dependency on where the library keeps its generator). */
function stream(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

function hits(matcher: ReturnType<typeof createPhraseMatcher>, text: string, from?: number, to?: number): number[] {
  const found = new Uint8Array(matcher.phrases.length);
  matcher.scan(text, found, from, to);
  return [...found];
}

// Pieces that stress the scanner: case, ſ (matches s) and the Kelvin sign (matches k) under
// Unicode case-insensitivity, letters and digits outside ASCII (word characters), curly quotes
// and no-break spaces (not), surrogate pairs, and the punctuation inside phrases.
const pieces = ['a', 'b', 'c', 'k', 's', 't', 'A', 'S', 'K', 'ſ', '\u212a', 'é', 'ß', '٣', '😀', '\ud83d', ' ', ' ', '\n', '.', '+', '-', '#', '"', '“', '\u00a0', '1', 'st', 'sta', 'ack', 'tr', 'ace', 'C++', 'kas', 'as'];
const vocabulary = ['a', 'as', 'sa', 'st', 'stack', 'stack trace', 'trace', 'c++', 'c+', '+', 'k', 'kas', 'ask', 'ta', 'tack', 'as-a', '#a', 'a.', 'S', 'Sta', 'A1', '1'];

describe('createPhraseMatcher', () => {
  it('finds exactly what the reference alternation finds, on random texts, phrase lists and ranges', () => {
    const random = stream(7);
    const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    for (let round = 0; round < 3000; round += 1) {
      const phrases = Array.from({ length: 1 + Math.floor(random() * 6) }, () => pick(vocabulary));
      const fast = createPhraseMatcher(phrases);
      const reference = createRegexPhraseMatcher(phrases);
      const text = Array.from({ length: Math.floor(random() * 40) }, () => pick(pieces)).join('');
      expect(hits(fast, text), `${JSON.stringify(phrases)} in ${JSON.stringify(text)}`).toEqual(hits(reference, text));
      const from = Math.floor(random() * (text.length + 1));
      const to = from + Math.floor(random() * (text.length - from + 1));
      expect(hits(fast, text, from, to), `${JSON.stringify(phrases)} in ${JSON.stringify(text)} [${from}, ${to})`).toEqual(hits(reference, text, from, to));
    }
  });

  it('agrees with the reference on RouteLLM prompts for keyword rules and format hints', async () => {
    const { rows } = await readOutcomeData(['gsm8k'], resolve(import.meta.dirname, '../../test/fixtures/routellm'));
    const lists = [
      ['stack trace', 'refactor', 'C++', 'segfault', 'deadlock', 'homework', 'indemnify', 'liability', 'warranty', 'arbitration'],
      ['json', 'classify', 'one of the following', 'answer with the letter', 'how many', 'total', 'each', 'per', 'she', 'he', 'it', 'a'],
    ];
    for (const phrases of lists) {
      const fast = createPhraseMatcher(phrases);
      const reference = createRegexPhraseMatcher(phrases);
      let found = 0;
      for (const row of rows) {
        const expected = hits(reference, row.prompt);
        expect(hits(fast, row.prompt)).toEqual(expected);
        found += expected.reduce((sum, value) => sum + value, 0);
      }
      expect(found).toBeGreaterThan(0);
    }
  });

  it('hands phrases outside ASCII to the reference alternation', () => {
    const matcher = createPhraseMatcher(['Straße', 'été', 'json']);
    expect(hits(matcher, 'Die STRASSE, die Straße, im Été: JSON')).toEqual([1, 1, 1]);
  });
});
