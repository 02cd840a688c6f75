/** Guards for vendor JSON whose shape varies by model and API: read what is there, never assume. */
export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asRecord(value: unknown): JsonRecord | undefined {
  return isRecord(value) ? value : undefined;
}

export function asArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A whole, non-negative number (a token count, a latency in ms). */
export function asCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** Whitespace other than single spaces: what `previewText` collapses (NULs it drops too). */
const untidy = /[^\S ]| {2}/;

/** Collapsed whitespace, at most `max` characters: enough to recognise a request in a list. */
export function previewText(text: string | undefined, max = 160): string | null {
  if (text === undefined) return null;
  // Only the start is shown, so only the start is cleaned (documents can be long); most starts
  // need no cleaning, and testing is cheaper than replacing (two previews per ingested record).
  const head = text.slice(0, max * 2);
  const collapsed = untidy.test(head) || head.includes('\u0000') ? head.replace(/\s+/g, ' ').trim().replaceAll('\u0000', '') : head.trim();
  if (collapsed.length === 0) return null;
  return collapsed.length <= max ? collapsed : `${collapsed.slice(0, max - 1)}…`;
}
