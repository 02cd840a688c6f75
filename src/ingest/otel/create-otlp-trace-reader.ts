import type { z } from 'zod';
import { formatSchemaIssues } from '../../pricing/index.js';
import type { FileContext, FormatReader } from '../file-context.js';
import { skipRecord } from '../file-context.js';
import type { SourceFile } from '../sources/source-file.js';
import { convertGenAiSpan } from './convert-gen-ai-span.js';
import { otlpResourceSpansSchema, otlpSpanSchema, otlpTraceExportSchema } from './otlp-trace-schema.js';
import { readOtlpAttributes } from './read-otlp-attributes.js';

const describe = (error: z.ZodError): string => formatSchemaIssues(error).slice(0, 3).join('; ');

/**
 * OTLP JSON trace exports (`{"resourceSpans":[{"resource":…,"scopeSpans":[{"spans":[…]}]}]}`),
 * one export request per line as the collector's file exporter writes them, or one pretty-printed
 * request. GenAI model-call spans become rows (see `convertGenAiSpan`); other spans are counted
 * and left out. A bad span is counted with the line of the request that carried it.
 */
export function createOtlpTraceReader(file: SourceFile, context: FileContext): FormatReader {
  const { otel } = context.tally;
  const readRequest = async (value: unknown, line: number): Promise<void> => {
    const request = otlpTraceExportSchema.safeParse(value);
    if (!request.success) {
      skipRecord(context, { kind: 'invalid-record', file: file.name, line, message: `not an OTLP trace export: ${describe(request.error)}` });
      return;
    }
    for (const [resourceIndex, entry] of request.data.resourceSpans.entries()) {
      const resourceSpans = otlpResourceSpansSchema.safeParse(entry);
      if (!resourceSpans.success) {
        skipRecord(context, { kind: 'invalid-record', file: file.name, line, message: `resourceSpans[${resourceIndex}]: ${describe(resourceSpans.error)}` });
        continue;
      }
      const resource = readOtlpAttributes(resourceSpans.data.resource?.attributes);
      for (const scope of [...(resourceSpans.data.scopeSpans ?? []), ...(resourceSpans.data.instrumentationLibrarySpans ?? [])]) {
        for (const candidate of scope.spans ?? []) {
          otel.spans += 1;
          const span = otlpSpanSchema.safeParse(candidate);
          if (!span.success) {
            skipRecord(context, { kind: 'invalid-record', file: file.name, line, message: `span ${otel.spans}: ${describe(span.error)}` });
            continue;
          }
          const result = convertGenAiSpan(span.data, { pricing: context.pricing, attribute: context.attribute, resource, sourceFile: file.name, sourceLine: line });
          if (result.kind === 'not-gen-ai') otel.nonGenAiSpans += 1;
          else if (result.kind === 'other-gen-ai') otel.otherGenAiSpans += 1;
          else if (result.kind === 'failed-without-usage') otel.failedWithoutUsage += 1;
          else if (result.kind === 'skip') skipRecord(context, { kind: result.issue, file: file.name, line, message: `span "${span.data.name}" (${span.data.spanId}): ${result.message}` });
          else {
            context.tally.read += 1;
            otel.calls += 1;
            await context.addRow(result.row);
          }
        }
      }
    }
  };
  return {
    async line(text, line) {
      if (text.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(text) as unknown;
      } catch (error) {
        skipRecord(context, { kind: 'invalid-json', file: file.name, line, message: `invalid JSON: ${(error as Error).message}` });
        return;
      }
      await readRequest(value, line);
    },
    document: (value) => readRequest(value, 1),
  };
}
