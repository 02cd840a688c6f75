import { InvalidArgumentError } from '../../core/index.js';
import { classifierText } from './classifier-text.js';
import { lowerCodeUnit, lowerSurrogatePair } from './lower-code-unit.js';
import { NgramTable } from './ngram-table.js';
import {
  CHAR,
  CHAR_SEED_A,
  CHAR_SEED_B,
  combineBigramA,
  combineBigramB,
  hashNgram,
  isWordCode,
  mixA,
  mixB,
  NgramBuffer,
  type NgramSettings,
  scanNgrams,
  WORD,
  WORD_SEED_A,
  WORD_SEED_B,
} from './scan-ngrams.js';
import type { VocabularyTerm } from './fit-ngram-vocabulary.js';

/** A sparse vector: feature indices (ascending not guaranteed) and their values. */
export interface SparseVector {
  indices: Int32Array;
  values: Float64Array;
}

/** A sparse vector in buffers the vectorizer reuses: the first `count` entries hold until its next call. */
export interface SparseScratch {
  count: number;
  indices: Int32Array;
  values: Float64Array;
}

export interface TextVectorizer {
  readonly size: number;
  /** TF-IDF of a lower-cased text: sublinear tf (1 + ln count) × idf, each block (words, chars) L2-normalised. */
  vectorize(text: string): SparseVector;
  /**
   * Exactly `vectorize(classifierText(text, maxChars))`, read straight from the prompt in one
   * pass: lower-cased a character at a time, head and tail read in place, no intermediate string
   * or array, the result in reused buffers (routing allocates nothing here).
   */
  vectorizePrompt(text: string, maxChars: number): SparseScratch;
}

/** Distinct words whose character features are kept between calls; past this the cache starts over. */
const wordCacheLimit = 50_000;
/** Room for cached character features (int32s); past this the cache starts over too. */
const arenaLimit = 1 << 21;
/** 1 + ln(count) for the counts a prompt usually has, so most features skip a logarithm. */
const sublinear = Float64Array.from({ length: 256 }, (_, count) => (count === 0 ? 0 : 1 + Math.log(count)));

/**
 * Compiles a vocabulary into a lookup table. Words and character n-grams are normalised apart,
 * as two scikit-learn vectorizers in a FeatureUnion would be, so neither drowns the other.
 *
 * Character n-grams depend only on the word they sit in (each word is padded on its own), so a
 * word's character features are looked up once and cached by the word's hash, in one flat array
 * (a 2,000-token prompt repeats most of its words, and traffic repeats most of its vocabulary).
 * Counts, the touched list, the word being read and the output are buffers reused between calls.
 */
export function createTextVectorizer(terms: readonly VocabularyTerm[], settings: NgramSettings): TextVectorizer {
  const table = new NgramTable(terms.length);
  const idf = new Float64Array(terms.length);
  const isChar = new Uint8Array(terms.length);
  terms.forEach((term, index) => {
    const [h1, h2] = hashNgram(term.kind, term.text);
    if (table.add(h1, h2) !== index) throw new InvalidArgumentError('vocabulary', `The vocabulary lists "${term.text}" twice.`);
    idf[index] = term.idf;
    isChar[index] = term.kind === CHAR ? 1 : 0;
  });
  const { bigrams, charMin, charMax } = settings;
  const counts = new Int32Array(terms.length);
  const touched = new Int32Array(Math.max(16, terms.length));
  let found = 0;
  const buffer = new NgramBuffer();
  const wordsOnly = { bigrams, charMin, charMax: 0 };
  /** The word being read, digits folded (one code unit per entry). */
  let word = new Uint16Array(256);

  // Word hash → slot → the word's entry at arena[cacheStart[slot]].
  let cacheTable = new NgramTable(1024);
  let cacheStart = new Int32Array(1024);
  let arena = new Int32Array(1 << 16);
  let arenaUsed = 0;

  const touch = (index: number): void => {
    if (counts[index] === 0) touched[found++] = index;
    counts[index] = (counts[index] as number) + 1;
  };

  /**
   * Counts a word of `length` code units in `word` (hashes `h1`, `h2`): its own feature, then its
   * character n-grams. Both come from the word's cache entry (arena: vocabulary index or −1,
   * number of character features, the features), so a known word costs one probe.
   */
  const touchWord = (length: number, h1: number, h2: number): void => {
    let slot = cacheTable.get(h1, h2);
    if (slot < 0) {
      // Header, plus at most one n-gram per padded position and size.
      const room = 2 + (length + 2) * charMax;
      if (cacheTable.size >= wordCacheLimit || arenaUsed + room > arenaLimit) {
        cacheTable = new NgramTable(1024);
        arenaUsed = 0;
      }
      if (arenaUsed + room > arena.length) {
        // Past the limit only for a word longer than the whole cache (the cache starts over after it).
        const grown = new Int32Array(Math.max(Math.min(arenaLimit, arena.length * 2), arenaUsed + room));
        grown.set(arena.subarray(0, arenaUsed));
        arena = grown;
      }
      const start = arenaUsed;
      arena[start] = table.get(h1, h2);
      arenaUsed += 2;
      // Character n-grams of the word padded with a space each side (positions −1 … length), as scanNgrams reads them.
      for (let from = -1; from <= length && charMax > 0; from += 1) {
        let a = CHAR_SEED_A;
        let b = CHAR_SEED_B;
        for (let size = 1; size <= charMax; size += 1) {
          const position = from + size - 1;
          if (position > length) break;
          const code = position < 0 || position === length ? 32 : (word[position] as number);
          a = mixA(a, code);
          b = mixB(b, code);
          if (size >= charMin) {
            const index = table.get(a, b);
            if (index >= 0) arena[arenaUsed++] = index;
          }
        }
      }
      arena[start + 1] = arenaUsed - start - 2;
      slot = cacheTable.add(h1, h2);
      if (slot >= cacheStart.length) {
        const grown = new Int32Array(Math.max(cacheStart.length * 2, slot + 1));
        grown.set(cacheStart);
        cacheStart = grown;
      }
      cacheStart[slot] = start;
    }
    const start = cacheStart[slot] as number;
    const own = arena[start] as number;
    if (own >= 0) touch(own);
    const to = start + 2 + (arena[start + 1] as number);
    for (let at = start + 2; at < to; at += 1) touch(arena[at] as number);
  };

  /** TF-IDF values of the touched features into `indices`/`values` (counts cleared for the next call). */
  const finish = (indices: Int32Array, values: Float64Array): number => {
    const total = found;
    let wordNorm = 0;
    let charNorm = 0;
    for (let at = 0; at < total; at += 1) {
      const index = touched[at] as number;
      const count = counts[index] as number;
      const value = (count < sublinear.length ? (sublinear[count] as number) : 1 + Math.log(count)) * (idf[index] as number);
      counts[index] = 0;
      indices[at] = index;
      values[at] = value;
      if (isChar[index] === 1) charNorm += value * value;
      else wordNorm += value * value;
    }
    const wordScale = wordNorm > 0 ? 1 / Math.sqrt(wordNorm) : 0;
    const charScale = charNorm > 0 ? 1 / Math.sqrt(charNorm) : 0;
    for (let at = 0; at < total; at += 1) values[at] = (values[at] as number) * (isChar[indices[at] as number] === 1 ? charScale : wordScale);
    found = 0;
    return total;
  };

  const scratch: SparseScratch = { count: 0, indices: new Int32Array(terms.length), values: new Float64Array(terms.length) };

  // The word reader of vectorizePrompt: the last word's hashes, for bigrams.
  let previousA = 0;
  let previousB = 0;
  let hasPrevious = false;

  /** A word of `length` code units in `word` ended: its feature, its character n-grams, then the bigram it closes. */
  const endWord = (length: number, a: number, b: number): void => {
    touchWord(length, a, b);
    if (bigrams && hasPrevious) {
      const pair = table.get(combineBigramA(previousA, a), combineBigramB(previousB, b));
      if (pair >= 0) touch(pair);
    }
    previousA = a;
    previousB = b;
    hasPrevious = true;
  };

  /**
   * Reads text[from, to) lower-cased; false when a character's lower case depends on more than
   * itself (İ, Σ), and the caller falls back to the lower-cased string.
   */
  const readRange = (text: string, from: number, to: number): boolean => {
    let length = 0;
    let a = WORD_SEED_A;
    let b = WORD_SEED_B;
    // A surrogate pair is lower-cased as one character and then read as its two code units (both word characters, as in scanNgrams).
    let pendingTrail = -1;
    for (let at = from; at < to; at += 1) {
      let code = text.charCodeAt(at);
      if (pendingTrail >= 0) {
        code = pendingTrail;
        pendingTrail = -1;
      } else if (code < 128) {
        if (code >= 65 && code <= 90) code += 32;
      } else if ((code & 0xfc00) === 0xd800 && at + 1 < to && (text.charCodeAt(at + 1) & 0xfc00) === 0xdc00) {
        const pair = lowerSurrogatePair(code, text.charCodeAt(at + 1));
        if (pair < 0) return false;
        code = pair >>> 16;
        pendingTrail = pair & 0xffff;
      } else {
        code = lowerCodeUnit(code);
        if (code < 0) return false;
      }
      if (isWordCode(code)) {
        const folded = code >= 48 && code <= 57 ? 48 : code;
        if (length === word.length) {
          const grown = new Uint16Array(word.length * 2);
          grown.set(word);
          word = grown;
        }
        word[length++] = folded;
        a = mixA(a, folded);
        b = mixB(b, folded);
      } else if (length > 0) {
        endWord(length, a, b);
        length = 0;
        a = WORD_SEED_A;
        b = WORD_SEED_B;
      }
    }
    if (length > 0) endWord(length, a, b);
    return true;
  };

  const vectorize = (text: string): SparseVector => {
    const total = scanNgrams(text, wordsOnly, buffer);
    const { h1, h2, kind, start, end } = buffer;
    for (let at = 0; at < total; at += 1) {
      if (kind[at] === WORD) {
        const wordStart = start[at] as number;
        const length = (end[at] as number) - wordStart;
        if (length > word.length) word = new Uint16Array(length * 2);
        for (let offset = 0; offset < length; offset += 1) {
          const code = text.charCodeAt(wordStart + offset);
          word[offset] = code >= 48 && code <= 57 ? 48 : code;
        }
        touchWord(length, h1[at] as number, h2[at] as number);
      } else {
        const index = table.get(h1[at] as number, h2[at] as number);
        if (index >= 0) touch(index);
      }
    }
    const indices = new Int32Array(found);
    const values = new Float64Array(found);
    finish(indices, values);
    return { indices, values };
  };

  return {
    size: terms.length,
    vectorize,
    vectorizePrompt(text, maxChars) {
      hasPrevious = false;
      let complete: boolean;
      if (text.length <= maxChars) complete = readRange(text, 0, text.length);
      else {
        // classifierText joins head and tail with a newline: a word boundary, not a bigram break.
        const half = Math.floor(maxChars / 2);
        complete = readRange(text, 0, half) && readRange(text, text.length - half, text.length);
      }
      if (complete) {
        scratch.count = finish(scratch.indices, scratch.values);
        return scratch;
      }
      // İ or Σ: lower-case the string as training did.
      for (let at = 0; at < found; at += 1) counts[touched[at] as number] = 0;
      found = 0;
      const vector = vectorize(classifierText(text, maxChars));
      scratch.indices.set(vector.indices);
      scratch.values.set(vector.values);
      scratch.count = vector.indices.length;
      return scratch;
    },
  };
}
