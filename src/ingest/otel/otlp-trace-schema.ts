import { z } from 'zod';

/**
 * The OTLP/HTTP JSON encoding of an `ExportTraceServiceRequest`, as collectors' file exporter
 * writes it (one request per line) and OTLP/HTTP clients send it: lowerCamelCase fields, trace
 * and span ids as hex strings, enums as integers, 64-bit integers as decimal strings (numbers are
 * accepted too). Objects stay open (the protocol adds fields); spans are checked one by one, so a
 * bad span is counted and its neighbours kept.
 * https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding
 */
export type OtlpAnyValue = {
  stringValue?: string | undefined;
  boolValue?: boolean | undefined;
  intValue?: string | number | undefined;
  doubleValue?: number | string | undefined;
  bytesValue?: string | undefined;
  arrayValue?: { values?: OtlpAnyValue[] | undefined } | undefined;
  kvlistValue?: { values?: OtlpKeyValue[] | undefined } | undefined;
};
export type OtlpKeyValue = { key: string; value?: OtlpAnyValue | undefined };

const int64 = z.union([z.string().regex(/^-?\d+$/, 'a decimal integer'), z.number().int()]);
export const otlpAnyValueSchema: z.ZodType<OtlpAnyValue> = z.lazy(() =>
  z.looseObject({
    stringValue: z.string().optional(),
    boolValue: z.boolean().optional(),
    intValue: int64.optional(),
    doubleValue: z.union([z.number(), z.string()]).optional(),
    bytesValue: z.string().optional(),
    arrayValue: z.looseObject({ values: z.array(otlpAnyValueSchema).optional() }).optional(),
    kvlistValue: z.looseObject({ values: z.array(otlpKeyValueSchema).optional() }).optional(),
  }),
);
export const otlpKeyValueSchema: z.ZodType<OtlpKeyValue> = z.lazy(() => z.looseObject({ key: z.string(), value: otlpAnyValueSchema.optional() }));
const attributes = z.array(otlpKeyValueSchema).optional();
/** Nanoseconds since the epoch: a decimal string (fixed64 in JSON), or a number. */
const unixNano = z.union([z.string().regex(/^\d+$/, 'nanoseconds since the epoch'), z.number().int().nonnegative()]);

export const otlpSpanSchema = z.looseObject({
  traceId: z.string().min(1),
  spanId: z.string().min(1),
  parentSpanId: z.string().optional(),
  name: z.string(),
  kind: z.union([z.number().int(), z.string()]).optional(),
  startTimeUnixNano: unixNano,
  endTimeUnixNano: unixNano,
  attributes,
  status: z.looseObject({ code: z.union([z.number().int(), z.string()]).optional(), message: z.string().optional() }).optional(),
});
export type OtlpSpan = z.output<typeof otlpSpanSchema>;

const scopeSpans = z.looseObject({ spans: z.array(z.unknown()).optional() });
export const otlpResourceSpansSchema = z.looseObject({
  resource: z.looseObject({ attributes }).optional(),
  scopeSpans: z.array(scopeSpans).optional(),
  /** Collectors before OTLP 0.15 wrote this name. */
  instrumentationLibrarySpans: z.array(scopeSpans).optional(),
});
export const otlpTraceExportSchema = z.looseObject({ resourceSpans: z.array(z.unknown()) });
