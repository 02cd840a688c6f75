import { isRecord } from './json-guards.js';

export interface UnwrappedLine {
  /** Candidate records (still unvalidated). */
  records: unknown[];
  /** Why (part of) the line could not be read. */
  errors: string[];
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: `invalid JSON: ${(error as Error).message}` };
  }
}

/** CloudWatch wraps records: `{logEvents: [{message}]}` (subscription), `{events: [...]}` (API output), `{message}`. */
export function expandLogDocument(value: unknown, out: UnwrappedLine): void {
  if (Array.isArray(value)) {
    for (const item of value) expandLogDocument(item, out);
    return;
  }
  if (isRecord(value) && value.schemaType === undefined) {
    const events = Array.isArray(value.logEvents) ? value.logEvents : Array.isArray(value.events) ? value.events : undefined;
    if (events !== undefined) {
      for (const event of events) expandLogDocument(event, out);
      return;
    }
    if (typeof value.message === 'string') {
      const parsed = parseJson(value.message);
      if (parsed.ok) expandLogDocument(parsed.value, out);
      else out.errors.push(`CloudWatch event message: ${parsed.error}`);
      return;
    }
  }
  out.records.push(value);
}

const exportPrefix = /^\d{4}-\d{2}-\d{2}T[0-9:.]+Z?\s+(?=[{[])/;

/**
 * One line of a log file to candidate records: a record as AWS writes it to S3, a CloudWatch
 * Logs export line (`<timestamp> <message>`), or a CloudWatch wrapper object. Blank lines give
 * nothing; anything else unreadable gives an error for the caller to count.
 */
export function unwrapLogLine(line: string): UnwrappedLine {
  const out: UnwrappedLine = { records: [], errors: [] };
  let text = line.trim();
  if (text.length === 0) return out;
  const prefix = exportPrefix.exec(text);
  if (prefix !== null) text = text.slice(prefix[0].length);
  if (text[0] !== '{' && text[0] !== '[') {
    out.errors.push('not JSON (expected a ModelInvocationLog record per line)');
    return out;
  }
  const parsed = parseJson(text);
  if (!parsed.ok) out.errors.push(parsed.error);
  else expandLogDocument(parsed.value, out);
  return out;
}
