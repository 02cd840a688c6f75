/** What a value that changes between requests looks like. */
export type DynamicValueKind = 'timestamp' | 'date' | 'weekday' | 'time' | 'uuid' | 'hex id' | 'numeric id' | 'email' | 'user name' | 'id field';

export interface DynamicValue {
  kind: DynamicValueKind;
  start: number;
  end: number;
  text: string;
}

const month = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|Jun(?:e)?|Jul(?:y)?|Aug(?:ust)?|Sep(?:tember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';

/** Most specific first: a timestamp is not also reported as a date and a time. */
const patterns: readonly [DynamicValueKind, RegExp][] = [
  ['timestamp', /\b\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g],
  ['uuid', /\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b/g],
  ['email', /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g],
  ['date', new RegExp(`\\b(?:\\d{4}-\\d{2}-\\d{2}|\\d{1,2}/\\d{1,2}/\\d{2,4}|${month}\\.? \\d{1,2}(?:st|nd|rd|th)?,? \\d{4}|\\d{1,2} ${month} \\d{4})\\b`, 'g')],
  ['weekday', /\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/g],
  ['time', /\b\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp][Mm])?\b/g],
  ['id field', /\b(?:request|session|trace|order|ticket|user|customer|account|conversation)[ _-]?id\s*[:=#]\s*["']?[\w-]+/gi],
  ['user name', /\b(?:user(?:name)?|customer(?: name)?|name|client|agent)\s*[:=]\s*["']?[A-Z][\w'-]+(?: [A-Z][\w'-]+)?/g],
  ['hex id', /\b[0-9a-f]{16,}\b/g],
  ['numeric id', /\b\d{6,}\b/g],
];

/**
 * Finds values in prompt text that usually change from request to request: timestamps, dates,
 * weekdays, times, UUIDs, long hex or numeric ids, emails, "user: Name" and "...id: value"
 * fields. Overlapping matches keep the first (most specific) pattern. Sorted by position.
 */
export function findDynamicValues(text: string): DynamicValue[] {
  const found: DynamicValue[] = [];
  for (const [kind, pattern] of patterns) {
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (found.some((other) => start < other.end && end > other.start)) continue;
      found.push({ kind, start, end, text: match[0] });
    }
  }
  return found.sort((left, right) => left.start - right.start);
}
