import { usageSources } from '../../core/index.js';
import { isRecord } from '../invocation-log/json-guards.js';

/** What a JSON-lines file holds, told from its content (names lie: everything is `.json`). */
export const textFormats = ['invocation-log', 'bench-results', 'otlp-traces', 'usage-rows'] as const;
export type TextFormat = (typeof textFormats)[number];

export type LineVerdict =
  | { kind: 'format'; format: TextFormat }
  /** JSON we recognise but do not read (OTLP metrics or logs, say); `message` says what to do. */
  | { kind: 'unsupported'; message: string }
  | { kind: 'json-other' }
  | { kind: 'not-json' }
  | { kind: 'blank' };

export const unknownFormatMessage =
  'no format frugal reads: expected Bedrock invocation-log records (schemaType ModelInvocationLog, or CloudWatch exports of them), ' +
  'a frugal bench results.jsonl (header line {"kind":"header","format":"frugal-bench-results"}), an OTLP JSON trace export ({"resourceSpans":[...]}) ' +
  'or usage rows as the gateway spills them (objects with source, requestId, rawModelId, ...)';

const exportPrefix = /^\d{4}-\d{2}-\d{2}T[0-9:.]+Z?\s+[{[]/;
const ownSources = new Set<unknown>(usageSources);

/** The format a parsed JSON value (a line, or a whole document) belongs to, if any. */
export function detectValueFormat(value: unknown): LineVerdict {
  if (Array.isArray(value)) return { kind: 'format', format: 'invocation-log' };
  if (!isRecord(value)) return { kind: 'json-other' };
  if (value.schemaType !== undefined || Array.isArray(value.logEvents) || Array.isArray(value.events) || typeof value.message === 'string') {
    return { kind: 'format', format: 'invocation-log' };
  }
  if (Array.isArray(value.resourceSpans)) return { kind: 'format', format: 'otlp-traces' };
  if (value.resourceMetrics !== undefined || value.resourceLogs !== undefined) {
    return { kind: 'unsupported', message: `an OTLP ${value.resourceMetrics !== undefined ? 'metrics' : 'logs'} export; frugal reads OTLP traces (resourceSpans): point the collector's file exporter for traces at it` };
  }
  if (value.format === 'frugal-bench-results' || ((value.kind === 'row' || value.kind === 'resume') && typeof value.key === 'string')) return { kind: 'format', format: 'bench-results' };
  if (ownSources.has(value.source) && typeof value.requestId === 'string' && typeof value.rawModelId === 'string') return { kind: 'format', format: 'usage-rows' };
  return { kind: 'json-other' };
}

/** A bench run's summary.json: it repeats results.jsonl, whose rows are the ones to ingest. */
export function isBenchSummary(value: unknown): boolean {
  return isRecord(value) && isRecord(value.header) && value.header.format === 'frugal-bench-results';
}

/**
 * Classifies one line of a text file. A line cut short still names its format when it says
 * `"schemaType": "ModelInvocationLog"`, as the first line of a log cut by a crash does.
 */
export function detectLineFormat(line: string): LineVerdict {
  const text = line.trim();
  if (text.length === 0) return { kind: 'blank' };
  if (exportPrefix.test(text)) return { kind: 'format', format: 'invocation-log' };
  if (text[0] !== '{' && text[0] !== '[') return { kind: 'not-json' };
  // How AWS writes every record: no need to parse a 7 KB line to see it.
  if (text.startsWith('{"schemaType":"ModelInvocationLog"')) return { kind: 'format', format: 'invocation-log' };
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    return /"schemaType"\s*:\s*"ModelInvocationLog"/.test(text.slice(0, 4096)) ? { kind: 'format', format: 'invocation-log' } : { kind: 'not-json' };
  }
  return detectValueFormat(value);
}
