import { type InvocationLogRecord, invocationLogRecordSchema } from './invocation-log-record-schema.js';
import { type JsonRecord, isRecord } from './json-guards.js';

/** The schema's own timestamp pattern (`z.iso.datetime({ offset: true })`), not a copy of it. */
const timestampPattern = invocationLogRecordSchema.shape.timestamp.def.pattern as RegExp;

/**
 * A JSON object as the schema reads one: a plain object (what `JSON.parse` makes) without an own
 * `__proto__` key, which zod would copy into its output's prototype instead of a key.
 */
function isPlainRecord(value: unknown): value is JsonRecord {
  if (!isRecord(value) || Object.hasOwn(value, '__proto__')) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const isOptionalText = (value: unknown): boolean => value === undefined || isText(value);
const isOptionalString = (value: unknown): boolean => value === undefined || typeof value === 'string';
const isCount = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 0;
const isOptionalCount = (value: unknown): boolean => value === undefined || isCount(value);

function isMetadata(value: unknown): boolean {
  if (value === undefined) return true;
  if (!isPlainRecord(value)) return false;
  for (const key in value) {
    const item = value[key];
    if (typeof item !== 'string' && typeof item !== 'boolean' && !(typeof item === 'number' && Number.isFinite(item))) return false;
  }
  return true;
}

/**
 * True when `invocationLogRecordSchema` accepts `value` as it is (its output is then a copy of
 * the input): the common case, told in ~0.2 µs where zod's per-field bookkeeping took ~2.5 µs a
 * record (4% of an ingest's CPU). False does not mean invalid: the caller then parses with the
 * schema, which also says what is wrong. `is-invocation-log-record.test.ts` checks this never
 * accepts what the schema refuses.
 */
export function isInvocationLogRecord(value: unknown): value is InvocationLogRecord {
  if (!isPlainRecord(value) || value.schemaType !== 'ModelInvocationLog' || typeof value.schemaVersion !== 'string') return false;
  if (typeof value.timestamp !== 'string' || !timestampPattern.test(value.timestamp)) return false;
  if (!isText(value.accountId) || !isText(value.region) || !isText(value.requestId) || !isText(value.operation) || !isText(value.modelId) || !isOptionalText(value.inferenceRegion)) return false;
  const { identity, input, output } = value;
  if (identity !== undefined && !(isPlainRecord(identity) && isOptionalText(identity.arn))) return false;
  if (!isMetadata(value.requestMetadata)) return false;
  if (!isPlainRecord(input) || !isCount(input.inputTokenCount) || !isOptionalCount(input.cacheReadInputTokenCount) || !isOptionalCount(input.cacheWriteInputTokenCount)) return false;
  if (!isOptionalString(input.inputContentType) || !isOptionalText(input.inputBodyS3Path)) return false;
  if (output === undefined) return true;
  return isPlainRecord(output) && isOptionalCount(output.outputTokenCount) && isOptionalString(output.outputContentType) && isOptionalText(output.outputBodyS3Path);
}
