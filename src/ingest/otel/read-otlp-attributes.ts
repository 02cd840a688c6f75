import type { OtlpAnyValue, OtlpKeyValue } from './otlp-trace-schema.js';

export type AttributeValue = string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };
export type Attributes = ReadonlyMap<string, AttributeValue>;

/** One OTLP `AnyValue` to a plain value: 64-bit integers (decimal strings) become numbers. */
export function readAnyValue(value: OtlpAnyValue | undefined): AttributeValue {
  if (value === undefined) return null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return Number(value.doubleValue);
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(readAnyValue);
  if (value.kvlistValue !== undefined) return Object.fromEntries((value.kvlistValue.values ?? []).map((entry) => [entry.key, readAnyValue(entry.value)]));
  if (value.bytesValue !== undefined) return value.bytesValue;
  return null;
}

/** An OTLP attribute list as a map; a repeated key keeps its last value, as SDKs do. */
export function readOtlpAttributes(list: readonly OtlpKeyValue[] | undefined): Map<string, AttributeValue> {
  const out = new Map<string, AttributeValue>();
  for (const entry of list ?? []) out.set(entry.key, readAnyValue(entry.value));
  return out;
}

export const stringAttribute = (attributes: Attributes, key: string): string | undefined => {
  const value = attributes.get(key);
  return typeof value === 'string' && value !== '' ? value : undefined;
};

export const numberAttribute = (attributes: Attributes, key: string): number | undefined => {
  const value = attributes.get(key);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
};

/** A token count: undefined when absent, an error message when present but not a whole, non-negative number. */
export function countAttribute(attributes: Attributes, ...keys: string[]): { ok: true; value: number | undefined } | { ok: false; message: string } {
  for (const key of keys) {
    if (!attributes.has(key)) continue;
    const value = attributes.get(key);
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return { ok: true, value };
    return { ok: false, message: `${key} is ${JSON.stringify(value)}, not a token count` };
  }
  return { ok: true, value: undefined };
}
