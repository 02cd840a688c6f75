import type { S3Client } from '@aws-sdk/client-s3';
import type { PricingCatalog } from '../pricing/index.js';
import type { TaskAttributor } from './attribute-task.js';
import type { IngestBatch } from './create-ingest-batch.js';
import type { IssueCollector } from './ingest-report.js';
import type { PromptHasher } from './invocation-log/create-prompt-hasher.js';
import { asRecord, asString } from './invocation-log/json-guards.js';
import { parseInvocationLogRecord } from './invocation-log/parse-invocation-log-record.js';
import { expandLogDocument, unwrapLogLine } from './invocation-log/unwrap-log-line.js';
import { priceUsageRow } from './price-usage-row.js';
import type { BodyFetcher } from './sources/fetch-offloaded-body.js';
import type { LoadedLogText } from './sources/load-log-text.js';
import { openSourceStream } from './sources/open-source-stream.js';
import { readTextLines } from './sources/read-text-lines.js';
import type { SourceFile } from './sources/source-file.js';

export interface LogFileContext {
  pricing: PricingCatalog;
  hasher: PromptHasher;
  attribute: TaskAttributor;
  batch: IngestBatch;
  issues: IssueCollector;
  s3: () => S3Client;
  /** Set to read offloaded bodies (`inputBodyS3Path`); otherwise rows keep only the path. */
  fetchBody: BodyFetcher | undefined;
  /** Called after every record read. */
  onRecord(): void;
  counters: { read: number; skipped: number };
}

/** Pretty-printed JSON documents (a `filter-log-events` dump, say) are read whole, up to this size. */
const maxDocumentChars = 256 * 1024 * 1024;

async function fetchIfOffloaded(raw: unknown, side: 'input' | 'output', file: SourceFile, line: number, context: LogFileContext): Promise<unknown> {
  if (context.fetchBody === undefined) return undefined;
  const part = asRecord(asRecord(raw)?.[side]);
  const path = asString(part?.[side === 'input' ? 'inputBodyS3Path' : 'outputBodyS3Path']);
  if (path === undefined) return undefined;
  const fetched = await context.fetchBody(path, file);
  if (fetched.ok) return fetched.body;
  context.issues.add({ kind: 'unreadable-body', file: file.name, line, message: `${side} body not read (${fetched.message}); the row keeps its S3 path and no prompt blocks` });
  return undefined;
}

async function ingestRecord(raw: unknown, file: SourceFile, line: number, context: LogFileContext): Promise<void> {
  context.counters.read += 1;
  context.onRecord();
  const inputBody = await fetchIfOffloaded(raw, 'input', file, line, context);
  const outputBody = await fetchIfOffloaded(raw, 'output', file, line, context);
  const result = parseInvocationLogRecord(raw, {
    registry: context.pricing.registry,
    hasher: context.hasher,
    sourceFile: file.name,
    sourceLine: line,
    ...(inputBody !== undefined && { inputBody }),
    ...(outputBody !== undefined && { outputBody }),
  });
  if (!result.ok) {
    context.counters.skipped += 1;
    context.issues.add({ kind: result.kind, file: file.name, line, message: result.message });
    return;
  }
  const { row, systemText } = result.value;
  const task = context.attribute({ metadata: row.metadata, callerArn: row.callerArn, modelId: row.modelId, systemText });
  // The draft is ours alone: completing it in place saves copying 60 fields per record.
  await context.batch.add(Object.assign(row, task, priceUsageRow(row, context.pricing)));
}

function reportBreak(file: SourceFile, line: number, message: string, context: LogFileContext): void {
  const truncated = /unexpected end of file|incorrect header check|invalid (?:block type|distance)/i.test(message);
  context.issues.add({
    kind: truncated ? 'truncated-gzip' : 'unreadable-file',
    file: file.name,
    line: line + 1,
    message: truncated ? `gzip data ends or breaks after line ${line} (${message}); the ${line} lines before it were read` : message,
  });
}

/**
 * Reads one invocation-log file line by line into the batch: from `preloaded` text when the
 * caller read the file ahead, else streamed. A bad line is counted with its line number and the
 * next line is read; a broken file (truncated gzip) keeps every record before the break.
 */
export async function ingestLogFile(file: SourceFile, context: LogFileContext, preloaded?: LoadedLogText): Promise<void> {
  let line = 0;
  let document: string | undefined;
  const handle = async (text: string): Promise<void> => {
    line += 1;
    if (document !== undefined || (line === 1 && /^\s*[[{]\s*$/.test(text))) {
      document = `${document ?? ''}${text}\n`;
      if (document.length > maxDocumentChars) throw new Error(`a multi-line JSON document larger than ${maxDocumentChars} characters`);
      return;
    }
    const unwrapped = unwrapLogLine(text);
    for (const message of unwrapped.errors) {
      context.counters.read += 1;
      context.counters.skipped += 1;
      context.issues.add({ kind: 'invalid-json', file: file.name, line, message });
    }
    for (const record of unwrapped.records) await ingestRecord(record, file, line, context);
  };
  try {
    if (preloaded !== undefined) {
      for (const text of preloaded.lines) await handle(text);
      if (preloaded.failure !== undefined) {
        reportBreak(file, line, preloaded.failure.message, context);
        return;
      }
    } else {
      for await (const text of readTextLines(await openSourceStream(file.location, context.s3))) await handle(text);
    }
  } catch (error) {
    reportBreak(file, line, (error as Error).message, context);
    return;
  }
  if (document !== undefined) {
    const out = { records: [] as unknown[], errors: [] as string[] };
    try {
      expandLogDocument(JSON.parse(document) as unknown, out);
    } catch (error) {
      out.errors.push(`invalid JSON document: ${(error as Error).message}`);
    }
    for (const message of out.errors) {
      context.counters.read += 1;
      context.counters.skipped += 1;
      context.issues.add({ kind: 'invalid-json', file: file.name, line: 1, message });
    }
    // A document has no per-record lines; number records from 1 in document order.
    for (const [index, record] of out.records.entries()) await ingestRecord(record, file, index + 1, context);
  }
}
