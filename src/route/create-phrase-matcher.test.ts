import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../core/index.js';
import { createPhraseMatcher } from './create-phrase-matcher.js';
import { createRegexPhraseMatcher } from './create-regex-phrase-matcher.js';
import { readOutcomeData } from './outcomes/read-outcome-data.js';

function hits(matcher: ReturnType<typeof createPhraseMatcher>, text: string, from?: number, to?: number): number[] {
  const found = new Uint8Array(matcher.phrases.length);
  matcher.scan(text, found, from, to);
  return [...found];
}

// Pieces that stress the scanner: case, ſ (matches s) and the Kelvin sign (matches k) under
// Unicode case-insensitivity, letters and digits outside ASCII (word characters), curly quotes
// and no-break spaces (not), surrogate pairs, and the punctuation inside phrases.
const pieces = ['a', 'b', 'c', 'k', 's', 't', 'A', 'S', 'K', 'ſ', '\u212a', 'é', 'ß', '٣', '😀', '\ud83d', ' ', ' ', '\n', '.', '+', '-', '#', '"', '“', '\u00a0', '1', 'st', 'sta', 'ack', 'tr', 'ace', 'C++', 'kas', 'as'];
const longerPieces = [...pieces, 'stack', 'trace', 'tack', 'task', 'asks', 'kass', 'ſtack', 'TA\u212aS'];
/** Phrases of four or more characters, plus short ones with digits or punctuation: the lists the skipping pass takes. */
const skippable = ['stack', 'stack trace', 'trace', 'tack', 'task', 'asks', 'kass', 'c++', 'c+', '+', '#a', 'a.', 'A1', '1', 'as-a', 'sta k', 'k+s'];
const vocabulary = ['a', 'as', 'sa', 'st', 'stack', 'stack trace', 'trace', 'c++', 'c+', '+', 'k', 'kas', 'ask', 'ta', 'tack', 'as-a', '#a', 'a.', 'S', 'Sta', 'A1', '1'];

/**
 * 3,000 random phrase lists from `vocabulary` and texts of up to `maxPieces` of `textPieces`,
 * each scanned whole and in a random range by the matcher and by the reference, which must agree.
 * Returns the strategies the matcher chose (the tests check which pass they exercised).
 */
function fuzzAgainstReference(seed: number, vocabulary: readonly string[], textPieces: readonly string[], maxPieces: number): string[] {
  const random = createSeededRandom(seed);
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const strategies: string[] = [];
  for (let round = 0; round < 3000; round += 1) {
    const phrases = Array.from({ length: 1 + Math.floor(random() * 6) }, () => pick(vocabulary));
    const fast = createPhraseMatcher(phrases);
    strategies.push((fast as { strategy?: string }).strategy ?? 'regex');
    const reference = createRegexPhraseMatcher(phrases);
    const text = Array.from({ length: Math.floor(random() * maxPieces) }, () => pick(textPieces)).join('');
    expect(hits(fast, text), `${JSON.stringify(phrases)} in ${JSON.stringify(text)}`).toEqual(hits(reference, text));
    const from = Math.floor(random() * (text.length + 1));
    const to = from + Math.floor(random() * (text.length - from + 1));
    expect(hits(fast, text, from, to), `${JSON.stringify(phrases)} in ${JSON.stringify(text)} [${from}, ${to})`).toEqual(hits(reference, text, from, to));
  }
  return strategies;
}

describe('createPhraseMatcher', () => {
  it('finds exactly what the reference alternation finds, on random texts, phrase lists and ranges', () => {
    fuzzAgainstReference(7, vocabulary, pieces, 40);
  });

  it('finds exactly what the reference finds when it skips ahead (long phrases, short ones by their punctuation)', () => {
    const skipped = fuzzAgainstReference(11, skippable, longerPieces, 60).filter((strategy) => strategy === 'skip').length;
    expect(skipped).toBeGreaterThan(2000);
  });

  it('agrees with the reference on RouteLLM prompts for keyword rules and format hints', async () => {
    const { rows } = await readOutcomeData(['gsm8k'], resolve(import.meta.dirname, '../../test/fixtures/routellm'));
    const lists = [
      ['stack trace', 'refactor', 'C++', 'segfault', 'deadlock', 'homework', 'indemnify', 'liability', 'warranty', 'arbitration'],
      ['json', 'classify', 'one of the following', 'answer with the letter', 'how many', 'total', 'each', 'per', 'she', 'he', 'it', 'a'],
    ];
    const strategies: string[] = [];
    for (const phrases of lists) {
      const fast = createPhraseMatcher(phrases);
      strategies.push((fast as { strategy?: string }).strategy ?? 'regex');
      const reference = createRegexPhraseMatcher(phrases);
      let found = 0;
      for (const row of rows) {
        const expected = hits(reference, row.prompt);
        expect(hits(fast, row.prompt)).toEqual(expected);
        found += expected.reduce((sum, value) => sum + value, 0);
      }
      expect(found).toBeGreaterThan(0);
    }
    expect(strategies).toEqual(['skip', 'scan']);
  });

  it('hands phrases outside ASCII to the reference alternation', () => {
    const matcher = createPhraseMatcher(['Straße', 'été', 'json']);
    expect(hits(matcher, 'Die STRASSE, die Straße, im Été: JSON')).toEqual([1, 1, 1]);
  });
});
