export interface TextMemo<T> {
  get(text: string): T | undefined;
  set(text: string, value: T): void;
  readonly size: number;
}

/** Texts up to this length are their own key; longer ones are keyed by length, head and tail. */
const shortText = 128;
const edge = 48;
const maxCandidates = 8;

/**
 * A map from (long) texts to values that does not hash whole texts. V8 hashes a string key
 * character by character on first use, and every text parsed from a log line is a new string, so
 * a plain `Map` lookup of a 6 KB system prompt costs more than hashing it with SHA-256. Keys here
 * are the length plus the first and last 48 characters; a hit is confirmed by comparing the whole
 * text (a memory compare). Cleared when it holds `limit` texts.
 */
export function createTextMemo<T>(limit: number): TextMemo<T> {
  const entries = new Map<string, { text: string; value: T }[]>();
  let size = 0;
  const keyOf = (text: string): string => (text.length <= shortText ? text : `${text.length}\u0000${text.slice(0, edge)}\u0000${text.slice(-edge)}`);
  return {
    get(text) {
      const candidates = entries.get(keyOf(text));
      if (candidates === undefined) return undefined;
      for (const candidate of candidates) if (candidate.text === text) return candidate.value;
      return undefined;
    },
    set(text, value) {
      if (size >= limit) {
        entries.clear();
        size = 0;
      }
      const key = keyOf(text);
      const candidates = entries.get(key);
      if (candidates === undefined) entries.set(key, [{ text, value }]);
      else {
        // Texts alike at both ends but not in the middle: keep the latest few, not a long list to compare.
        if (candidates.length >= maxCandidates) candidates.shift();
        candidates.push({ text, value });
      }
      size += 1;
    },
    get size() {
      return size;
    },
  };
}
