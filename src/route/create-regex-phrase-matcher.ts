import type { PhraseMatcher } from './create-phrase-matcher.js';

const wordChar = /[\p{L}\p{N}]/u;
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A letter or digit at `index` (outside the text counts as a boundary). */
export function isWordAt(text: string, index: number): boolean {
  if (index < 0 || index >= text.length) return false;
  const code = text.charCodeAt(index);
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
  return wordChar.test(text[index] as string);
}

/**
 * The reference phrase matcher: all phrases in one case-insensitive Unicode alternation,
 * longest first, tried at every position, word boundaries checked where it matches; a phrase
 * that is a prefix of a longer one matched at the same place is credited from that match.
 * `createPhraseMatcher` uses it for phrase lists its faster scanner does not take (non-ASCII
 * phrases), and its tests hold the scanner to exactly these results.
 */
export function createRegexPhraseMatcher(phrases: readonly string[]): PhraseMatcher {
  const lowered = phrases.map((phrase) => phrase.toLowerCase());
  const ids = new Map<string, number>();
  lowered.forEach((phrase, id) => {
    if (!ids.has(phrase)) ids.set(phrase, id);
  });
  // Longest first, so the alternation prefers "stack trace" to "stack" at the same position.
  const pattern = phrases.length === 0 ? undefined : new RegExp([...ids.keys()].sort((a, b) => b.length - a.length).map(escape).join('|'), 'giu');
  const prefixes = lowered.map((phrase) => lowered.flatMap((other, id) => (other !== phrase && phrase.startsWith(other) ? [id] : [])));
  return {
    phrases,
    scan(whole, found, from = 0, to = whole.length) {
      if (pattern === undefined) return;
      // A range is scanned as its own string: nothing outside it counts, boundaries included.
      const text = from === 0 && to === whole.length ? whole : whole.slice(from, to);
      pattern.lastIndex = 0;
      for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
        const start = match.index;
        const id = ids.get(match[0].toLowerCase());
        if (id !== undefined && !isWordAt(text, start - 1)) {
          if (!isWordAt(text, start + match[0].length)) found[id] = 1;
          for (const shorter of prefixes[id] as number[]) if (!isWordAt(text, start + (lowered[shorter] as string).length)) found[shorter] = 1;
        }
        pattern.lastIndex = start + 1;
      }
    },
  };
}
