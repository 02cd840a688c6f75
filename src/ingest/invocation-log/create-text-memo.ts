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
 * A map from (long) texts to values that does not hash whole texts. V8 hashes a string key
 * character by character on first use, and every text parsed from a log line is a new string, so
 * a plain `Map` lookup of a 6 KB system prompt costs more than hashing it with SHA-256. Long texts
 * are keyed by a sampled fingerprint; a hit is confirmed by comparing the whole text (a memory
 * compare). Cleared when it holds `limit` texts.
 */
export function createTextMemo<T>(limit: number): TextMemo<T> {
  const entries = new Map<string | number, { text: string; value: T }[]>();
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
