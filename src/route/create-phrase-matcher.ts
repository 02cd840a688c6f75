import { createRegexPhraseMatcher, isWordAt } from './create-regex-phrase-matcher.js';

/** Finds, in one pass, every listed phrase that occurs in a text as a whole word or phrase. */
export interface PhraseMatcher {
  readonly phrases: readonly string[];
  /**
   * Sets `found[id]` to 1 for every phrase id found (case-insensitive, no letter or digit right
   * before or after). With `from`/`to`, only that range is read, as if it were the whole text.
   */
  scan(text: string, found: Uint8Array, from?: number, to?: number): void;
}

/** Symbol of a text character: ASCII lower-cased; ſ and the Kelvin sign, which match `s` and `k` case-insensitively; anything else one symbol that no phrase character matches. */
const OTHER = 128;
const LONG_S = 0x17f;
const KELVIN = 0x212a;
const lower = Uint8Array.from({ length: 128 }, (_, code) => (code >= 65 && code <= 90 ? code + 32 : code));
const isAsciiWord = (code: number): boolean => (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
/** Phrases the scanner takes: printable ASCII (after lower-casing), not empty. */
const asciiPhrase = /^[\x20-\x7e]+$/;
const tripleKey = (first: number, second: number, third: number): number => Math.imul((first * 129 + second) * 129 + third, 0x9e3779b1) >>> 16;
function symbolOf(code: number): number {
  return code < 128 ? (lower[code] as number) : code === LONG_S ? 115 : code === KELVIN ? 107 : OTHER;
}
/** Characters read per block; candidate positions of a block are checked after it. */
const blockSize = 4096;
/** Below this window the skipping pass jumps too little to beat reading every character. */
const skipMin = 4;
/** Two symbols as one index into the skip table. */
const pairKey = (first: number, second: number): number => first * (OTHER + 1) + second;
/** Digits and punctuation: the same in any case, and rare enough in prose to search for. */
const isAnchorChar = (code: number): boolean => code > 0x20 && code < 0x7f && !((code >= 97 && code <= 122) || (code >= 65 && code <= 90));

/** The longest run of digits and punctuation in a (lower-cased ASCII) phrase, and where it starts. */
function findAnchor(phrase: string): { text: string; offset: number } | undefined {
  let best: { text: string; offset: number } | undefined;
  for (let start = 0; start < phrase.length; start += 1) {
    if (!isAnchorChar(phrase.charCodeAt(start)) || (start > 0 && isAnchorChar(phrase.charCodeAt(start - 1)))) continue;
    let end = start;
    while (end < phrase.length && isAnchorChar(phrase.charCodeAt(end))) end += 1;
    if (best === undefined || end - start > best.text.length) best = { text: phrase.slice(start, end), offset: start };
  }
  return best;
}

/**
 * Tables of the skipping pass, or undefined where it does not pay: `window` is the length of
 * the shortest phrase without an anchor; `shifts[pairKey(a, b)]` how far a window ending in the
 * symbols a b may move without passing the start of a phrase (0: a phrase may start at the
 * window); phrases shorter than the window are found by their anchors.
 */
function buildSkipTables(distinct: readonly string[]): SkipTables | undefined {
  const anchors = distinct.map(findAnchor);
  const window = Math.min(255, ...distinct.filter((_, index) => anchors[index] === undefined).map((phrase) => phrase.length));
  if (window < skipMin) return undefined;
  const shifts = new Uint8Array((OTHER + 1) * (OTHER + 1)).fill(window - 1);
  for (const phrase of distinct) {
    if (phrase.length < window) continue;
    for (let end = 1; end < window; end += 1) {
      const key = pairKey(phrase.charCodeAt(end - 1), phrase.charCodeAt(end));
      shifts[key] = Math.min(shifts[key] as number, window - 1 - end);
    }
  }
  const seen = new Set<string>();
  const shortAnchors: { text: string; offset: number }[] = [];
  distinct.forEach((phrase, index) => {
    const anchor = anchors[index];
    if (phrase.length >= window || anchor === undefined || seen.has(`${anchor.offset}:${anchor.text}`)) return;
    seen.add(`${anchor.offset}:${anchor.text}`);
    shortAnchors.push(anchor);
  });
  // The same shifts indexed by two raw ASCII codes: one table lookup fewer on the chain each jump waits for.
  const asciiShifts = Uint8Array.from({ length: 128 * 128 }, (_, key) => shifts[pairKey(lower[key >> 7] as number, lower[key & 127] as number)] as number);
  return { window, shifts, asciiShifts, anchors: shortAnchors };
}


/** A letter or digit at `index`, inside the range read (outside it counts as a boundary). */
function wordIn(text: string, index: number, from: number, to: number): boolean {
  return index >= from && index < to && isWordAt(text, index);
}

/** Per-character flags: may end a word boundary (not a letter or digit), may start a phrase. */
const BOUNDARY = 2;
const FIRST = 1;

/**
 * Phrase matcher for keyword rules and format hints. For ASCII phrases (nearly all keyword
 * lists) it reads the text without regular expressions, lower-casing or allocation, and only
 * compares phrases where one may start; results are exactly those of the reference alternation
 * (`createRegexPhraseMatcher`, used for other phrases): case-insensitive as Unicode regular
 * expressions are (ſ matches s and the Kelvin sign k, and, as there, a match whose text does
 * not lower-case to the phrase counts for nothing), the longest phrase at a position wins and
 * the phrases it starts with are credited from it.
 *
 * Two ways to find where a phrase may start:
 * - skipping (when every phrase of fewer than `skipMin` characters contains a digit or
 *   punctuation): a Wu-Manber pass looks at two characters per window of the shortest other
 *   phrase's length and jumps ahead by up to that length less one, so most of a prompt is never
 *   read; the short phrases ("C++", "C#", ".NET") are found by the engine's native `indexOf` on
 *   their digits and punctuation, which case does not change;
 * - otherwise (a phrase of one to three letters, such as "sql") one branch-free pass over every
 *   character notes where a word boundary is followed by a character some phrase starts with (a
 *   table lookup per character). With jumps of two, skipping was slower than this: each jump
 *   waits for the table lookup of the one before, whereas this pass pipelines.
 * On 7,600 characters of MMLU questions the bench's ten keywords take ~8 µs skipping; with "sql"
 * added, ~26 µs reading every character, about what the alternation takes.
 */
export function createPhraseMatcher(phrases: readonly string[]): PhraseMatcher {
  const lowered = phrases.map((phrase) => phrase.toLowerCase());
  if (phrases.length === 0 || !lowered.every((phrase) => asciiPhrase.test(phrase))) return createRegexPhraseMatcher(phrases);
  const ids = new Map<string, number>();
  lowered.forEach((phrase, id) => {
    if (!ids.has(phrase)) ids.set(phrase, id);
  });
  const distinct = [...ids.keys()];
  const codes = distinct.map((phrase) => Uint8Array.from(phrase, (char) => char.charCodeAt(0)));
  const idOf = distinct.map((phrase) => ids.get(phrase) as number);
  const prefixes = lowered.map((phrase) => lowered.flatMap((other, id) => (other !== phrase && phrase.startsWith(other) ? [id] : [])));
  const prefixLengths = prefixes.map((list) => Int32Array.from(list, (id) => (lowered[id] as string).length));
  const startsSome = new Uint8Array(OTHER + 1);
  for (const phrase of codes) startsSome[phrase[0] as number] = 1;

  // One flag byte per UTF-16 code unit. Outside ASCII everything may end a boundary (checked
  // exactly later) and only ſ and the Kelvin sign, letters, may start a phrase.
  const flags = new Uint8Array(65536).fill(BOUNDARY);
  for (let code = 0; code < 128; code += 1) flags[code] = (isAsciiWord(code) ? 0 : BOUNDARY) | (startsSome[lower[code] as number] === 1 ? FIRST : 0);
  flags[LONG_S] = startsSome[115] === 1 ? FIRST : 0;
  flags[KELVIN] = startsSome[107] === 1 ? FIRST : 0;
  const symbols = Uint8Array.from({ length: 65536 }, (_, code) => symbolOf(code));

  // First three characters of the phrases, hashed into a table (collisions only cost a check);
  // phrases of one or two characters are matched on what they have.
  const triples = new Uint8Array(65536);
  const short = new Uint8Array(128 * (OTHER + 1));
  for (const phrase of codes) {
    const first = phrase[0] as number;
    if (phrase.length === 1) short.fill(1, first * (OTHER + 1), (first + 1) * (OTHER + 1));
    else if (phrase.length === 2) short[first * (OTHER + 1) + (phrase[1] as number)] = 1;
    else triples[tripleKey(first, phrase[1] as number, phrase[2] as number)] = 1;
  }

  // Every phrase's characters in one array, in the order they are tried at a position: by first
  // character, longest first (the first that matches is the longest).
  const order = Int32Array.from(
    distinct.map((_, index) => index).sort((a, b) => ((codes[a] as Uint8Array)[0] as number) - ((codes[b] as Uint8Array)[0] as number) || (codes[b] as Uint8Array).length - (codes[a] as Uint8Array).length || a - b),
  );
  const flat = new Uint8Array(codes.reduce((sum, phrase) => sum + phrase.length, 0));
  const offsets = new Int32Array(order.length);
  const lengths = new Int32Array(order.length);
  const firstFrom = new Int32Array(OTHER + 1);
  const firstTo = new Int32Array(OTHER + 1);
  let written = 0;
  order.forEach((index, rank) => {
    const phrase = codes[index] as Uint8Array;
    flat.set(phrase, written);
    offsets[rank] = written;
    lengths[rank] = phrase.length;
    written += phrase.length;
    const first = phrase[0] as number;
    if (firstTo[first] === 0) firstFrom[first] = rank;
    firstTo[first] = rank + 1;
  });

  const skip = buildSkipTables(distinct);
  return new AsciiPhraseMatcher(phrases, { flags, short, triples, order, flat, offsets, lengths, firstFrom, firstTo, idOf, prefixes, prefixLengths, symbols, skip });
}

interface SkipTables {
  window: number;
  shifts: Uint8Array;
  asciiShifts: Uint8Array;
  anchors: { text: string; offset: number }[];
}

interface ScanTables {
  /** Per UTF-16 code unit: BOUNDARY | FIRST. */
  flags: Uint8Array;
  short: Uint8Array;
  triples: Uint8Array;
  order: Int32Array;
  flat: Uint8Array;
  offsets: Int32Array;
  lengths: Int32Array;
  firstFrom: Int32Array;
  firstTo: Int32Array;
  idOf: number[];
  prefixes: number[][];
  prefixLengths: Int32Array[];
  /** Per UTF-16 code unit: its symbol (`symbolOf`). */
  symbols: Uint8Array;
  skip: SkipTables | undefined;
}

/**
 * The scanner as a class rather than closures: every matcher (a router's keywords, the format
 * hints) runs the same optimised code with its tables in fields, instead of call sites that see
 * a different closure per matcher.
 */
class AsciiPhraseMatcher implements PhraseMatcher {
  private readonly positions = new Int32Array(blockSize);

  constructor(
    readonly phrases: readonly string[],
    private readonly tables: ScanTables,
  ) {}

  /** Which pass finds the candidate positions (the tests make sure both are exercised). */
  get strategy(): 'skip' | 'scan' {
    return this.tables.skip === undefined ? 'scan' : 'skip';
  }

  scan(text: string, found: Uint8Array, from = 0, to = text.length): void {
    if (this.tables.skip === undefined) this.scanEvery(text, found, from, to);
    else this.scanSkipping(text, found, from, to, this.tables.skip);
  }

  private scanSkipping(text: string, found: Uint8Array, from: number, to: number, skip: SkipTables): void {
    const { flags, symbols } = this.tables;
    const { window, shifts, asciiShifts, anchors } = skip;
    for (let start = from, last = to - window; start <= last; ) {
      const end = start + window - 1;
      const a = text.charCodeAt(end - 1);
      const b = text.charCodeAt(end);
      const shift = ((a | b) < 128 ? asciiShifts[(a << 7) | b] : shifts[pairKey(symbols[a] as number, symbols[b] as number)]) as number;
      if (shift !== 0) start += shift;
      else {
        if (start === from || ((flags[text.charCodeAt(start - 1)] as number) & BOUNDARY) !== 0) this.check(text, start, from, to, found);
        start += 1;
      }
    }
    if (anchors.length === 0) return;
    // Searching a range searches a prefix of the text (an O(1) slice), so indexOf stops at `to`.
    const haystack = to === text.length ? text : text.slice(0, to);
    for (const { text: anchor, offset } of anchors) {
      for (let at = haystack.indexOf(anchor, from + offset); at !== -1; at = haystack.indexOf(anchor, at + 1)) {
        const start = at - offset;
        if (start === from || ((flags[text.charCodeAt(start - 1)] as number) & BOUNDARY) !== 0) this.check(text, start, from, to, found);
      }
    }
  }

  private scanEvery(text: string, found: Uint8Array, from: number, to: number): void {
    const { flags, short, triples } = this.tables;
    const positions = this.positions;
    let previous = BOUNDARY; // the range start counts as a boundary
    for (let block = from; block < to; block += blockSize) {
      const end = Math.min(to, block + blockSize);
      let count = 0;
      // Branch-free: every position is written, the count moves only at candidates.
      for (let index = block; index < end; index += 1) {
        const flag = flags[text.charCodeAt(index)] as number;
        positions[count] = index;
        count += (previous & (flag << 1)) >> 1;
        previous = flag;
      }
      for (let at = 0; at < count; at += 1) {
        const start = positions[at] as number;
        const first = symbolOf(text.charCodeAt(start));
        const second = start + 1 < to ? symbolOf(text.charCodeAt(start + 1)) : OTHER;
        const third = start + 2 < to ? symbolOf(text.charCodeAt(start + 2)) : OTHER;
        if (short[first * (OTHER + 1) + second] === 1 || triples[tripleKey(first, second, third)] === 1) this.check(text, start, from, to, found);
      }
    }
  }

  /** The longest phrase at `start` (after a boundary), credited with the phrases it starts with. */
  private check(text: string, start: number, from: number, to: number, found: Uint8Array): void {
    const { firstFrom, firstTo, lengths, offsets, flat, idOf, order, prefixes, prefixLengths } = this.tables;
    // An ASCII character before `start` was already read as a boundary; others need the Unicode test.
    if (start > from && text.charCodeAt(start - 1) >= 128 && isWordAt(text, start - 1)) return;
    const firstCode = text.charCodeAt(start);
    const first = symbolOf(firstCode);
    for (let rank = firstFrom[first] as number, last = firstTo[first] as number; rank < last; rank += 1) {
      const length = lengths[rank] as number;
      if (start + length > to) continue;
      const offset = offsets[rank] as number;
      let tainted = firstCode === LONG_S;
      let at = 1;
      for (; at < length; at += 1) {
        const code = text.charCodeAt(start + at);
        if (symbolOf(code) !== flat[offset + at]) break;
        if (code === LONG_S) tainted = true;
      }
      if (at < length) continue;
      // ſ matches s, but the matched text does not lower-case to the phrase: the reference finds no phrase here.
      if (tainted) return;
      const id = idOf[order[rank] as number] as number;
      if (!wordIn(text, start + length, from, to)) found[id] = 1;
      const shorter = prefixes[id] as number[];
      const shorterLengths = prefixLengths[id] as Int32Array;
      for (let k = 0; k < shorter.length; k += 1) if (!wordIn(text, start + (shorterLengths[k] as number), from, to)) found[shorter[k] as number] = 1;
      return;
    }
  }
}
