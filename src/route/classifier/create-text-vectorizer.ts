import { InvalidArgumentError } from '../../core/index.js';
import { NgramTable } from './ngram-table.js';
import { CHAR, hashNgram, NgramBuffer, type NgramSettings, scanNgrams, WORD } from './scan-ngrams.js';
import type { VocabularyTerm } from './fit-ngram-vocabulary.js';

/** A sparse vector: feature indices (ascending not guaranteed) and their values. */
export interface SparseVector {
  indices: Int32Array;
  values: Float64Array;
}

export interface TextVectorizer {
  readonly size: number;
  /** TF-IDF of a lower-cased text: sublinear tf (1 + ln count) × idf, each block (words, chars) L2-normalised. */
  vectorize(text: string): SparseVector;
}

/** Distinct words whose character features are kept between calls; past this the cache starts over. */
const wordCacheLimit = 50_000;
/** 1 + ln(count) for the counts a prompt usually has, so most features skip a logarithm. */
const sublinear = Float64Array.from({ length: 256 }, (_, count) => (count === 0 ? 0 : 1 + Math.log(count)));

/**
 * Compiles a vocabulary into a lookup table. Words and character n-grams are normalised apart,
 * as two scikit-learn vectorizers in a FeatureUnion would be, so neither drowns the other.
 *
 * Character n-grams depend only on the word they sit in (each word is padded on its own), so a
 * word's character features are looked up once and cached by the word's hash: a 2,000-token
 * prompt repeats most of its words, and traffic repeats most of its vocabulary. Scratch buffers
 * are reused between calls: a call allocates only its result (and cache entries for new words).
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
  const counts = new Float64Array(terms.length);
  const touched = new Int32Array(Math.max(16, terms.length));
  const buffer = new NgramBuffer();
  const wordBuffer = new NgramBuffer();
  const wordsOnly = { bigrams: settings.bigrams, charMin: settings.charMin, charMax: 0 };
  // Word hash → slot in a typed-array table, slot → that word's character features.
  let cacheTable = new NgramTable(1024);
  let cached: Int32Array[] = [];

  /** The vocabulary indices of a word's character n-grams (with repeats). */
  const charFeatures = (text: string, start: number, end: number, h1: number, h2: number): Int32Array => {
    const slot = cacheTable.get(h1, h2);
    if (slot >= 0) return cached[slot] as Int32Array;
    const total = scanNgrams(text.slice(start, end), settings, wordBuffer);
    const found: number[] = [];
    for (let at = 0; at < total; at += 1) {
      if (wordBuffer.kind[at] !== CHAR) continue;
      const index = table.get(wordBuffer.h1[at] as number, wordBuffer.h2[at] as number);
      if (index >= 0) found.push(index);
    }
    const features = Int32Array.from(found);
    if (cacheTable.size >= wordCacheLimit) {
      cacheTable = new NgramTable(1024);
      cached = [];
    }
    cached[cacheTable.add(h1, h2)] = features;
    return features;
  };

  return {
    size: terms.length,
    vectorize(text) {
      let found = 0;
      const total = scanNgrams(text, settings.charMax > 0 ? wordsOnly : settings, buffer);
      const { h1, h2, kind, start, end } = buffer;
      for (let at = 0; at < total; at += 1) {
        const index = table.get(h1[at] as number, h2[at] as number);
        if (index >= 0) {
          if (counts[index] === 0) touched[found++] = index;
          counts[index] = (counts[index] as number) + 1;
        }
        if (settings.charMax > 0 && kind[at] === WORD) {
          const features = charFeatures(text, start[at] as number, end[at] as number, h1[at] as number, h2[at] as number);
          for (let feature = 0; feature < features.length; feature += 1) {
            const charIndex = features[feature] as number;
            if (counts[charIndex] === 0) touched[found++] = charIndex;
            counts[charIndex] = (counts[charIndex] as number) + 1;
          }
        }
      }
      const indices = new Int32Array(found);
      const values = new Float64Array(found);
      let wordNorm = 0;
      let charNorm = 0;
      for (let at = 0; at < found; at += 1) {
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
      for (let at = 0; at < found; at += 1) values[at] = (values[at] as number) * (isChar[indices[at] as number] === 1 ? charScale : wordScale);
      return { indices, values };
    },
  };
}
