import type { FileContext, FormatReader } from '../file-context.js';
import { eachInOrder, skipRecord } from '../file-context.js';
import { priceUsageRow } from '../price-usage-row.js';
import type { SourceFile } from '../sources/source-file.js';
import { asRecord, asString } from './json-guards.js';
import { parseInvocationLogRecord } from './parse-invocation-log-record.js';
import { type UnwrappedLine, expandLogDocument, unwrapLogLine } from './unwrap-log-line.js';

async function fetchIfOffloaded(raw: unknown, side: 'input' | 'output', file: SourceFile, line: number, context: FileContext): Promise<unknown> {
  if (context.fetchBody === undefined) return undefined;
  const part = asRecord(asRecord(raw)?.[side]);
  const path = asString(part?.[side === 'input' ? 'inputBodyS3Path' : 'outputBodyS3Path']);
  if (path === undefined) return undefined;
  const fetched = await context.fetchBody(path, file);
  if (fetched.ok) return fetched.body;
  context.addIssue({ kind: 'unreadable-body', file: file.name, line, message: `${side} body not read (${fetched.message}); the row keeps its S3 path and no prompt blocks` });
  return undefined;
}

function ingestRecord(raw: unknown, file: SourceFile, line: number, context: FileContext): Promise<void> | void {
  context.tally.read += 1;
  // Synchronous unless bodies are fetched (see `FileContext.addRow`).
  if (context.fetchBody === undefined) return ingestParsed(raw, file, line, context);
  return (async () => {
    const inputBody = await fetchIfOffloaded(raw, 'input', file, line, context);
    const outputBody = await fetchIfOffloaded(raw, 'output', file, line, context);
    await ingestParsed(raw, file, line, context, inputBody, outputBody);
  })();
}

function ingestParsed(raw: unknown, file: SourceFile, line: number, context: FileContext, inputBody?: unknown, outputBody?: unknown): Promise<void> | void {
  const result = parseInvocationLogRecord(raw, {
    registry: context.pricing.registry,
    hasher: context.hasher,
    sourceFile: file.name,
    sourceLine: line,
    ...(inputBody !== undefined && { inputBody }),
    ...(outputBody !== undefined && { outputBody }),
  });
  if (!result.ok) {
    context.tally.skipped += 1;
    context.addIssue({ kind: result.kind, file: file.name, line, message: result.message });
    return;
  }
  const { row, systemText } = result.value;
  const task = context.attribute({ metadata: row.metadata, callerArn: row.callerArn, modelId: row.modelId, systemText });
  // The draft is ours alone: completing it in place saves copying 60 fields per record.
  return context.addRow(Object.assign(row, task, priceUsageRow(row, context.pricing)));
}

function ingestUnwrapped(unwrapped: UnwrappedLine, file: SourceFile, line: number, context: FileContext, numberRecords: boolean): Promise<void> | void {
  for (const message of unwrapped.errors) skipRecord(context, { kind: 'invalid-json', file: file.name, line, message });
  // A document has no per-record lines; its records are numbered from 1 in document order.
  const { records } = unwrapped;
  return eachInOrder(records.length, (index) => ingestRecord(records[index], file, numberRecords ? index + 1 : line, context));
}

/**
 * Bedrock model invocation logs: a record per line as AWS writes them to S3, CloudWatch Logs
 * export lines (`<timestamp> <message>`) and subscription batches, or one pretty-printed document
 * (a `filter-log-events` dump). A bad line is counted with its line number; the next is read.
 */
export function createInvocationLogReader(file: SourceFile, context: FileContext): FormatReader {
  return {
    line: (text, line) => ingestUnwrapped(unwrapLogLine(text), file, line, context, false),
    document(value) {
      const out: UnwrappedLine = { records: [], errors: [] };
      expandLogDocument(value, out);
      return ingestUnwrapped(out, file, 1, context, true);
    },
  };
}
