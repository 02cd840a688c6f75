import { InvalidArgumentError } from '../../core/index.js';
import { NgramTable } from './ngram-table.js';
import { CHAR, hashNgram, NgramBuffer, type NgramSettings, scanNgrams } from './scan-ngrams.js';
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
  /** Every vocabulary hit with its span, for explanations. */
  hits(text: string): { index: number; start: number; end: number; kind: number }[];
}

/**
 * Compiles a vocabulary into a lookup table. Words and character n-grams are normalised apart,
 * as two scikit-learn vectorizers in a FeatureUnion would be, so neither drowns the other.
 * Scratch buffers are reused between calls: a call allocates only its result.
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
  const buffer = new NgramBuffer();
  const touched = new Int32Array(Math.max(16, terms.length));

  return {
    size: terms.length,
    vectorize(text) {
      let found = 0;
      const total = scanNgrams(text, settings, buffer);
      const { h1, h2 } = buffer;
      for (let at = 0; at < total; at += 1) {
        const index = table.get(h1[at] as number, h2[at] as number);
        if (index < 0) continue;
        if (counts[index] === 0) {
          touched[found] = index;
          found += 1;
        }
        counts[index] = (counts[index] as number) + 1;
      }
      const indices = new Int32Array(found);
      const values = new Float64Array(found);
      let wordNorm = 0;
      let charNorm = 0;
      for (let at = 0; at < found; at += 1) {
        const index = touched[at] as number;
        const value = (1 + Math.log(counts[index] as number)) * (idf[index] as number);
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
    hits(text) {
      const out: { index: number; start: number; end: number; kind: number }[] = [];
      const total = scanNgrams(text, settings, buffer);
      for (let at = 0; at < total; at += 1) {
        const index = table.get(buffer.h1[at] as number, buffer.h2[at] as number);
        if (index >= 0) out.push({ index, start: buffer.start[at] as number, end: buffer.end[at] as number, kind: buffer.kind[at] as number });
      }
      return out;
    },
  };
}
