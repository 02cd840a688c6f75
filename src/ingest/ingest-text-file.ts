import { createBenchResultsReader } from './bench-results/create-bench-results-reader.js';
import type { FileContext, FormatReader } from './file-context.js';
import { createInvocationLogReader } from './invocation-log/create-invocation-log-reader.js';
import { createOtlpTraceReader } from './otel/create-otlp-trace-reader.js';
import { type LineVerdict, type TextFormat, detectLineFormat, detectValueFormat, isBenchSummary, unknownFormatMessage } from './sources/detect-text-format.js';
import type { LoadedLogText } from './sources/load-log-text.js';
import { openSourceStream } from './sources/open-source-stream.js';
import { readTextLines } from './sources/read-text-lines.js';
import type { SourceFile } from './sources/source-file.js';
import { createUsageRowReader } from './usage-rows/create-usage-row-reader.js';

/** Pretty-printed JSON documents (a `filter-log-events` dump, an OTLP payload) are read whole, up to this size. */
const maxDocumentChars = 256 * 1024 * 1024;
/** Lines looked at to tell a file's format before giving up on it. */
const maxProbeLines = 20;

function createReader(format: TextFormat, file: SourceFile, context: FileContext): FormatReader {
  switch (format) {
    case 'invocation-log':
      return createInvocationLogReader(file, context);
    case 'bench-results':
      return createBenchResultsReader(file, context);
    case 'otlp-traces':
      return createOtlpTraceReader(file, context);
    case 'usage-rows':
      return createUsageRowReader(file, context);
  }
}

function reportBreak(file: SourceFile, line: number, message: string, context: FileContext): void {
  const truncated = /unexpected end of file|incorrect header check|invalid (?:block type|distance)/i.test(message);
  if (!truncated) context.tally.unreadable = true;
  context.addIssue({
    kind: truncated ? 'truncated-gzip' : 'unreadable-file',
    file: file.name,
    line: line + 1,
    message: truncated ? `gzip data ends or breaks after line ${line} (${message}); the ${line} lines before it were read` : message,
  });
}

/**
 * Reads one text file (gzipped or not) into the context, whatever it holds: its format is told
 * from its first lines (see `detectLineFormat`), and lines read before the verdict are replayed
 * to the chosen reader, so a bad first line is counted like any other. A file of JSON no reader
 * knows is reported once (`unknown-format`) and left alone; a file of lines that are not JSON at
 * all goes to the invocation-log reader, which counts each. A broken file (truncated gzip) keeps
 * every record before the break.
 */
export async function ingestTextFile(file: SourceFile, context: FileContext, preloaded?: LoadedLogText): Promise<void> {
  let line = 0;
  let document: string | undefined;
  let reader: FormatReader | undefined;
  let probed: { text: string; line: number }[] = [];
  let firstJsonLine: number | undefined;
  let unsupported: string | undefined;

  const choose = async (format: TextFormat): Promise<void> => {
    context.tally.format = format;
    reader = createReader(format, file, context);
    for (const held of probed) await reader.line(held.text, held.line);
    probed = [];
  };
  /** False once the file is known to be unreadable: stop reading it. Synchronous once the reader reads so (see `FileContext.addRow`). */
  const handle = (text: string): Promise<boolean> | boolean => {
    line += 1;
    if (reader !== undefined) {
      const pending = reader.line(text, line);
      return pending === undefined ? true : pending.then(() => true);
    }
    return probe(text);
  };
  const probe = async (text: string): Promise<boolean> => {
    if (document !== undefined || (probed.length === 0 && /^\s*[[{]\s*$/.test(text))) {
      document = `${document ?? ''}${text}\n`;
      if (document.length > maxDocumentChars) throw new Error(`a multi-line JSON document larger than ${maxDocumentChars} characters`);
      return true;
    }
    probed.push({ text, line });
    const verdict: LineVerdict = detectLineFormat(text);
    if (verdict.kind === 'format') await choose(verdict.format);
    else if (verdict.kind === 'unsupported') unsupported ??= verdict.message;
    else if (verdict.kind === 'json-other') firstJsonLine ??= line;
    if (reader === undefined && (unsupported !== undefined || probed.filter((held) => held.text.trim() !== '').length >= maxProbeLines)) return settleProbe();
    return true;
  };
  const settleProbe = async (): Promise<boolean> => {
    if (unsupported === undefined && firstJsonLine === undefined) {
      // Nothing but non-JSON lines: the log reader counts each, as it always has.
      if (probed.length > 0) await choose('invocation-log');
      return true;
    }
    const at = firstJsonLine ?? probed[0]?.line ?? 1;
    context.tally.format = 'unknown';
    context.addIssue({ kind: 'unknown-format', file: file.name, line: at, message: unsupported ?? `${unknownFormatMessage}; line ${at} is JSON of none of these shapes` });
    probed = [];
    return false;
  };

  try {
    if (preloaded !== undefined) {
      for (const text of preloaded.lines) {
        const going = handle(text);
        if (!(typeof going === 'boolean' ? going : await going)) return;
      }
      if (preloaded.failure !== undefined) {
        if (reader === undefined && document === undefined) await settleProbe();
        reportBreak(file, line, preloaded.failure.message, context);
        return;
      }
    } else {
      for await (const text of readTextLines(await openSourceStream(file.location, context.s3))) if (!(await handle(text))) return;
    }
  } catch (error) {
    if (reader === undefined && document === undefined) await settleProbe();
    reportBreak(file, line, (error as Error).message, context);
    return;
  }
  if (document !== undefined) await readDocument(document, file, context);
  else if (reader === undefined) await settleProbe();
}

async function readDocument(text: string, file: SourceFile, context: FileContext): Promise<void> {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    context.tally.format = 'invocation-log';
    context.tally.read += 1;
    context.tally.skipped += 1;
    context.addIssue({ kind: 'invalid-json', file: file.name, line: 1, message: `invalid JSON document: ${(error as Error).message}` });
    return;
  }
  if (isBenchSummary(value)) {
    context.tally.format = 'ignored';
    return;
  }
  const verdict = detectValueFormat(value);
  if (verdict.kind === 'unsupported' || (verdict.kind === 'format' && verdict.format !== 'invocation-log' && verdict.format !== 'otlp-traces')) {
    context.tally.format = 'unknown';
    context.addIssue({ kind: 'unknown-format', file: file.name, line: 1, message: verdict.kind === 'unsupported' ? verdict.message : `a pretty-printed ${verdict.format} document; write one JSON object per line` });
    return;
  }
  const format: TextFormat = verdict.kind === 'format' ? verdict.format : 'invocation-log';
  context.tally.format = format;
  await createReader(format, file, context).document(value);
}
