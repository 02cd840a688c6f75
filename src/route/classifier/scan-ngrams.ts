/**
 * Walks the n-grams of a (lower-cased) text without allocating them: word unigrams, word bigrams
 * and character n-grams inside word boundaries (scikit-learn's `char_wb`: each word padded with a
 * space on both sides). Every n-gram is reported as two independent 32-bit hashes plus its span,
 * so callers can count it, look it up, or cut the string out only when they need to show it.
 *
 * Digits are folded to `0` ("16 eggs" and "42 eggs" share features) because numbers in prompts
 * are nearly always unique and carry difficulty through their shape, not their value.
 */
export const ngramKinds = ['word', 'bigram', 'char'] as const;
export type NgramKind = (typeof ngramKinds)[number];
export const WORD = 0;
export const BIGRAM = 1;
export const CHAR = 2;

export interface NgramSettings {
  /** Word bigrams as well as unigrams. */
  bigrams: boolean;
  charMin: number;
  charMax: number;
}

/**
 * Where a scan writes its n-grams: parallel typed arrays, reused between scans. A buffer instead
 * of a callback keeps the hot loop monomorphic (one call site, no closure per n-gram), which
 * halves the time to featurise a long prompt.
 */
export class NgramBuffer {
  count = 0;
  h1 = new Int32Array(4096);
  h2 = new Int32Array(4096);
  kind = new Uint8Array(4096);
  start = new Int32Array(4096);
  end = new Int32Array(4096);

  /** Makes room for `size` n-grams (a scan knows its upper bound before it starts). */
  /** The text's characters, digits folded, and whether each belongs to a word (reused scratch). */
  codes = new Uint16Array(4096);
  word = new Uint8Array(4096);

  reserve(size: number): void {
    if (size <= this.h1.length) return;
    let capacity = this.h1.length;
    while (capacity < size) capacity *= 2;
    this.h1 = new Int32Array(capacity);
    this.h2 = new Int32Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
  }
}

export const WORD_SEED_A = 0x811c9dc5 | 0;
export const WORD_SEED_B = 0x3c6ef372 | 0;
export const CHAR_SEED_A = 0x050c5d1f | 0;
export const CHAR_SEED_B = 0x27d4eb2f | 0;
const SEED_A = [WORD_SEED_A, 0, CHAR_SEED_A];
const SEED_B = [WORD_SEED_B, 0, CHAR_SEED_B];

function fold(code: number): number {
  return code >= 48 && code <= 57 ? 48 : code;
}

/** Letters and digits; outside ASCII everything but spaces and the common punctuation blocks. */
export function isWordCode(code: number): boolean {
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90);
  if (code <= 0xbf) return code === 0xaa || code === 0xb5 || code === 0xba;
  if (code >= 0x2000 && code <= 0x206f) return false;
  if (code >= 0x3000 && code <= 0x303f) return false;
  if (code >= 0xff00 && code <= 0xff0f) return false;
  return true;
}

export function mixA(hash: number, code: number): number {
  return Math.imul(hash ^ code, 0x01000193);
}

export function mixB(hash: number, code: number): number {
  const value = Math.imul(hash ^ code, 0x5bd1e995);
  return value ^ (value >>> 15);
}

export function combineBigramA(previous: number, current: number): number {
  return Math.imul(Math.imul(previous ^ 0x9e3779b9, 0x01000193) ^ current, 0x01000193);
}

export function combineBigramB(previous: number, current: number): number {
  const value = Math.imul(Math.imul(previous ^ 0x85ebca6b, 0x5bd1e995) ^ current, 0xc2b2ae35);
  return value ^ (value >>> 13);
}

/** Scans `text` into `out` (cleared first) and returns the number of n-grams. */
export function scanNgrams(text: string, settings: NgramSettings, out: NgramBuffer): number {
  const length = text.length;
  const { charMin, charMax, bigrams } = settings;
  // Upper bound: a word and a bigram per character, and per padded position one n-gram per size.
  out.reserve(2 * length + (length * 2 + 2) * Math.max(0, charMax - charMin + 1) + 16);
  if (out.codes.length < length + 1) {
    out.codes = new Uint16Array(length * 2 + 1);
    out.word = new Uint8Array(length * 2 + 1);
  }
  const { h1, h2, kind, start: starts, end: ends, codes, word } = out;
  // One pass to read the characters; the n-gram loops below revisit each one up to five times.
  for (let index = 0; index < length; index += 1) {
    const code = text.charCodeAt(index);
    codes[index] = code >= 48 && code <= 57 ? 48 : code;
    word[index] = (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 128 && isWordCode(code)) ? 1 : 0;
  }
  let count = 0;
  let previousA = 0;
  let previousB = 0;
  let previousStart = -1;
  let at = 0;
  while (at < length) {
    while (at < length && word[at] === 0) at += 1;
    if (at >= length) break;
    const start = at;
    let wordA = WORD_SEED_A;
    let wordB = WORD_SEED_B;
    while (at < length && word[at] === 1) {
      const code = codes[at] as number;
      wordA = mixA(wordA, code);
      wordB = mixB(wordB, code);
      at += 1;
    }
    const end = at;
    h1[count] = wordA;
    h2[count] = wordB;
    kind[count] = WORD;
    starts[count] = start;
    ends[count] = end;
    count += 1;
    if (bigrams && previousStart >= 0) {
      h1[count] = combineBigramA(previousA, wordA);
      h2[count] = combineBigramB(previousB, wordB);
      kind[count] = BIGRAM;
      starts[count] = previousStart;
      ends[count] = end;
      count += 1;
    }
    previousA = wordA;
    previousB = wordB;
    previousStart = start;
    // Character n-grams of the word padded with a space each side (positions start − 1 … end).
    if (charMax > 0) {
      for (let from = start - 1; from <= end; from += 1) {
        let a = CHAR_SEED_A;
        let b = CHAR_SEED_B;
        for (let size = 1; size <= charMax; size += 1) {
          const position = from + size - 1;
          if (position > end) break;
          const code = position < start || position === end ? 32 : (codes[position] as number);
          a = mixA(a, code);
          b = mixB(b, code);
          if (size >= charMin) {
            h1[count] = a;
            h2[count] = b;
            kind[count] = CHAR;
            starts[count] = from;
            ends[count] = position + 1;
            count += 1;
          }
        }
      }
    }
  }
  out.count = count;
  return count;
}

/** The n-gram's text as stored in a model file: digits folded, char n-grams with their padding. */
export function ngramText(text: string, kind: number, start: number, end: number): string {
  let out = '';
  if (kind === BIGRAM) {
    // A bigram's span runs from the first word's start to the second's end; keep one space between.
    const words: string[] = [];
    let at = start;
    while (at < end && words.length < 2) {
      while (at < end && !isWordCode(text.charCodeAt(at))) at += 1;
      const wordStart = at;
      while (at < end && isWordCode(text.charCodeAt(at))) at += 1;
      words.push(ngramText(text, WORD, wordStart, at));
    }
    return words.join(' ');
  }
  for (let position = start; position < end; position += 1) {
    const outside = position < 0 || position >= text.length || (kind === CHAR && !isWordCode(text.charCodeAt(position)));
    out += outside ? ' ' : String.fromCharCode(fold(text.charCodeAt(position)));
  }
  return out;
}

/** The two hashes of an n-gram given as stored text; the inverse of `ngramText` for loading models. */
export function hashNgram(kind: number, term: string): [number, number] {
  if (kind === BIGRAM) {
    const space = term.indexOf(' ');
    const [firstA, firstB] = hashNgram(WORD, term.slice(0, space));
    const [secondA, secondB] = hashNgram(WORD, term.slice(space + 1));
    return [combineBigramA(firstA, secondA), combineBigramB(firstB, secondB)];
  }
  let a = SEED_A[kind] as number;
  let b = SEED_B[kind] as number;
  for (let index = 0; index < term.length; index += 1) {
    const code = term.charCodeAt(index);
    a = mixA(a, code);
    b = mixB(b, code);
  }
  return [a, b];
}
