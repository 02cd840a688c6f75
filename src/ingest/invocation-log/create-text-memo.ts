export interface TextMemo<T> {
  get(text: string): T | undefined;
  set(text: string, value: T): void;
  readonly size: number;
}

/** Texts up to this length are their own key; longer ones are keyed by a number (see `fingerprint`). */
const shortText = 128;
const maxCandidates = 8;

/**
 * A cheap number for a long text: its length, its first 64 characters (where a timestamp or a
 * name tends to change) and 32 more spread over the rest. Equal texts get equal numbers; unequal
 * ones usually differ, and when they do not, the whole-text comparison tells them apart.
 */
function fingerprint(text: string): number {
  let hash = text.length;
  for (let at = 0; at < 64; at += 1) hash = (Math.imul(hash, 31) + text.charCodeAt(at)) | 0;
  const step = Math.max(1, Math.floor((text.length - 64) / 32));
  for (let at = 64; at < text.length; at += step) hash = (Math.imul(hash, 31) + text.charCodeAt(at)) | 0;
  return (Math.imul(hash, 31) + text.charCodeAt(text.length - 1)) | 0;
}

/**
 * A text in a string of its own. A paragraph split from a prompt is a slice of the prompt's string
 * in V8, and keeping the slice keeps the whole prompt (a 6 KB string for a 100-character paragraph).
 * V8 copies a concatenation into one new string before slicing it, so the slice is cut from that
 * copy: 20-30x quicker than a JSON round trip (the memo's test checks nothing else is retained).
 */
const ownCopy = (text: string): string => ` ${text}`.slice(1);

/**
 * A map from (long) texts to values that does not hash whole texts. V8 hashes a string key
 * character by character on first use, and every text parsed from a log line is a new string, so
 * a plain `Map` lookup of a 6 KB system prompt costs more than hashing it with SHA-256. Long texts
 * are keyed by a sampled fingerprint; a hit is confirmed by comparing the whole text (a memory
 * compare). Cleared when it holds `limit` texts.
 *
 * Values are a function of their text (its hash, say), so a value set before stands for its text:
 * a text is kept only when its value is set a second time, and kept as a copy of its own (see
 * `ownCopy`). A prompt with a timestamp in it is new on every request; keeping each, and the
 * prompts the paragraphs kept were cut from, grew an ingest worker's heap to 80 MB the collector
 * kept marking.
 */
export function createTextMemo<T>(limit: number): TextMemo<T> {
  const entries = new Map<string | number, { text: string; value: T }[]>();
  const seenOnce = new Set<T>();
  let size = 0;
  const keyOf = (text: string): string | number => (text.length <= shortText ? text : fingerprint(text));
  return {
    get(text) {
      const candidates = entries.get(keyOf(text));
      if (candidates === undefined) return undefined;
      for (const candidate of candidates) if (candidate.text === text) return candidate.value;
      return undefined;
    },
    set(text, value) {
      if (!seenOnce.has(value)) {
        if (seenOnce.size >= limit * 4) seenOnce.clear();
        seenOnce.add(value);
        return;
      }
      if (size >= limit) {
        entries.clear();
        size = 0;
      }
      // A short text is its own key: the key must be the copy too.
      const kept = ownCopy(text);
      const key = keyOf(kept);
      const entry = { text: kept, value };
      const candidates = entries.get(key);
      if (candidates === undefined) entries.set(key, [entry]);
      else {
        // Texts alike at both ends but not in the middle: keep the latest few, not a long list to compare.
        if (candidates.length >= maxCandidates) candidates.shift();
        candidates.push(entry);
      }
      size += 1;
    },
    get size() {
      return size;
    },
  };
}
