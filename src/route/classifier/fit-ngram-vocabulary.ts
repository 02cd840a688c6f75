import { NgramTable } from './ngram-table.js';
import { CHAR, NgramBuffer, type NgramSettings, ngramText, scanNgrams } from './scan-ngrams.js';

export interface VocabularyTerm {
  /** 0 word, 1 bigram, 2 char n-gram (see `ngramKinds`). */
  kind: number;
  text: string;
  /** Smoothed inverse document frequency, ln((1 + n) / (1 + df)) + 1, as scikit-learn. */
  idf: number;
}

export interface VocabularyLimits {
  /** Most word unigrams + bigrams kept, by document frequency. */
  maxWordFeatures: number;
  /** Most character n-grams kept, by document frequency. */
  maxCharFeatures: number;
  /** Fewer documents than this and the n-gram is noise. */
  minDf: number;
  /** In more than this share of documents and it says nothing. */
  maxDfShare: number;
}

/** Growable Int32Array, so counting millions of distinct n-grams stays in typed memory. */
class IntColumn {
  data = new Int32Array(1024);
  at(index: number): number {
    return this.data[index] as number;
  }
  set(index: number, value: number): void {
    if (index >= this.data.length) {
      const next = new Int32Array(Math.max(this.data.length * 2, index + 1));
      next.set(this.data);
      this.data = next;
    }
    this.data[index] = value;
  }
}

/**
 * Picks the TF-IDF vocabulary from training texts (already lower-cased): document frequency of
 * every n-gram, then the most frequent words and character n-grams within separate budgets
 * (character n-grams outnumber words a hundredfold and would crowd them out of one list). Each
 * n-gram's text is cut from its first occurrence, so only the kept ones ever become strings.
 */
export function fitNgramVocabulary(texts: readonly string[], settings: NgramSettings, limits: VocabularyLimits): VocabularyTerm[] {
  const table = new NgramTable(1 << 16);
  const df = new IntColumn();
  const lastDoc = new IntColumn();
  const kind = new IntColumn();
  const firstDoc = new IntColumn();
  const firstStart = new IntColumn();
  const firstEnd = new IntColumn();
  const buffer = new NgramBuffer();
  texts.forEach((text, doc) => {
    const count = scanNgrams(text, settings, buffer);
    for (let at = 0; at < count; at += 1) {
      const before = table.size;
      const index = table.add(buffer.h1[at] as number, buffer.h2[at] as number);
      if (index === before) {
        df.set(index, 1);
        lastDoc.set(index, doc);
        kind.set(index, buffer.kind[at] as number);
        firstDoc.set(index, doc);
        firstStart.set(index, buffer.start[at] as number);
        firstEnd.set(index, buffer.end[at] as number);
      } else if (lastDoc.at(index) !== doc) {
        df.set(index, df.at(index) + 1);
        lastDoc.set(index, doc);
      }
    }
  });
  const maxDf = Math.floor(limits.maxDfShare * texts.length);
  const words: number[] = [];
  const chars: number[] = [];
  for (let index = 0; index < table.size; index += 1) {
    const count = df.at(index);
    if (count < limits.minDf || count > maxDf) continue;
    (kind.at(index) === CHAR ? chars : words).push(index);
  }
  // Most frequent first; ties by first appearance, so the same data always gives the same model.
  const byDf = (a: number, b: number): number => df.at(b) - df.at(a) || a - b;
  const kept = [...words.sort(byDf).slice(0, limits.maxWordFeatures), ...chars.sort(byDf).slice(0, limits.maxCharFeatures)];
  return kept.map((index) => ({
    kind: kind.at(index),
    text: ngramText(texts[firstDoc.at(index)] as string, kind.at(index), firstStart.at(index), firstEnd.at(index)),
    idf: Math.log((1 + texts.length) / (1 + df.at(index))) + 1,
  }));
}
