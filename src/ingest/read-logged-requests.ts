import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { forEachConcurrently } from '../core/index.js';
import { invocationLogRecordSchema } from './invocation-log/invocation-log-record-schema.js';
import { isRecord } from './invocation-log/json-guards.js';
import { unwrapLogLine } from './invocation-log/unwrap-log-line.js';
import { type S3Settings, createLazyS3Client } from './sources/create-s3-client.js';
import { createBodyFetcher } from './sources/fetch-offloaded-body.js';
import { loadLogText } from './sources/load-log-text.js';
import { type SourceLocation, parseS3Url } from './sources/source-file.js';

/** Log files read at once. */
const filesAtOnce = 8;

/** A ledger row's call, by where ingest read it: its invocation-log file and line. */
export interface LoggedRequestRef {
  requestId: string;
  sourceFile: string;
  sourceLine: number | null;
}

/** The request body as the call sent it (inline in the log, or offloaded to S3), or why it cannot be had. */
export type LoggedRequest = { ok: true; body: Record<string, unknown> } | { ok: false; reason: string };

/**
 * Rows name a file as the ingest was given it: an s3:// URL, an absolute path, or a path relative
 * to where the ingest ran, which is looked for under each of `roots` in turn.
 */
function locateLogFile(name: string, roots: readonly string[]): SourceLocation | string {
  if (name.startsWith('s3://')) {
    const url = parseS3Url(name);
    return url === undefined || url.prefix === '' ? `"${name}" is not an S3 object URL` : { kind: 's3', bucket: url.bucket, key: url.prefix };
  }
  const paths = [...new Set(roots.map((root) => resolve(root, name)))];
  const path = paths.find((candidate) => existsSync(candidate));
  return path !== undefined ? { kind: 'local', path } : `the log file is no longer at ${paths.join(' or ')}`;
}

const isMissingObject = (error: unknown): boolean => (error as { name?: unknown }).name === 'NoSuchKey' || (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata?.httpStatusCode === 404;

/** The call's record among those on its line (a CloudWatch line can hold several), validated. */
function findRecord(line: string, requestId: string): { ok: true; input: { inputBodyJson?: unknown; inputBodyS3Path?: string | undefined } } | { ok: false; reason: string } {
  for (const candidate of unwrapLogLine(line).records) {
    if (!isRecord(candidate) || candidate.requestId !== requestId) continue;
    const parsed = invocationLogRecordSchema.safeParse(candidate);
    return parsed.success ? { ok: true, input: parsed.data.input } : { ok: false, reason: 'its log record no longer reads as one' };
  }
  return { ok: false, reason: 'the log line no longer holds this request (was the file rewritten?)' };
}

/**
 * Reads logged calls' request bodies back from the invocation-log files the ledger rows came from
 * (`source_file`, `source_line`): the exact requests, which the ledger keeps only in part (full
 * text of system prompts and tools, a preview of the last user message). Each file is read once;
 * a local file must still be at its path (a relative one under one of `roots`: where the ingest
 * may have run, such as the working folder and the ledger's), an `s3://` one readable with `s3`.
 * Every ref gets an answer: the body, or the reason it could not be read.
 */
export async function readLoggedRequests(refs: readonly LoggedRequestRef[], options: { roots: readonly string[]; s3?: S3Settings }): Promise<Map<string, LoggedRequest>> {
  const answers = new Map<string, LoggedRequest>();
  const byFile = new Map<string, Map<number, LoggedRequestRef[]>>();
  for (const ref of refs) {
    if (ref.sourceLine === null) {
      answers.set(ref.requestId, { ok: false, reason: 'the ledger row has no log line' });
      continue;
    }
    const lines = byFile.get(ref.sourceFile) ?? new Map<number, LoggedRequestRef[]>();
    byFile.set(ref.sourceFile, lines);
    lines.set(ref.sourceLine, [...(lines.get(ref.sourceLine) ?? []), ref]);
  }
  const s3 = createLazyS3Client(options.s3);
  const fetchBody = createBodyFetcher(s3.get);
  let s3Failure: string | undefined;
  const readFile = async ([name, wanted]: [string, Map<number, LoggedRequestRef[]>]): Promise<void> => {
    const fail = (reason: string): void => {
      for (const group of wanted.values()) for (const ref of group) answers.set(ref.requestId, { ok: false, reason });
    };
    const location = locateLogFile(name, options.roots);
    if (typeof location === 'string') return fail(location);
    const file = { location };
    if (location.kind === 's3' && s3Failure !== undefined) return fail(`cannot read ${name}: ${s3Failure} (as an earlier file in S3)`);
    let text: Awaited<ReturnType<typeof loadLogText>>;
    try {
      text = await loadLogText(file, s3.get);
    } catch (error) {
      const message = (error as Error).message;
      // A missing object is this file's problem; anything else (credentials, endpoint, access) is
      // the bucket's, and every file would wait out the SDK's retries to say so again.
      if (location.kind === 's3' && !isMissingObject(error)) s3Failure ??= message;
      return fail(`cannot read ${name}: ${message}`);
    }
    if (text === undefined) return fail(`${name} is too large to read back whole`);
    let number = 0;
    for (const line of text.lines) {
      number += 1;
      const group = wanted.get(number);
      if (group === undefined) continue;
      wanted.delete(number);
      for (const ref of group) {
        const found = findRecord(line, ref.requestId);
        if (!found.ok) {
          answers.set(ref.requestId, found);
          continue;
        }
        const { inputBodyJson, inputBodyS3Path } = found.input;
        if (isRecord(inputBodyJson)) answers.set(ref.requestId, { ok: true, body: inputBodyJson });
        else if (inputBodyS3Path !== undefined) {
          const fetched = await fetchBody(inputBodyS3Path, file);
          answers.set(ref.requestId, !fetched.ok ? { ok: false, reason: fetched.message } : isRecord(fetched.body) ? { ok: true, body: fetched.body } : { ok: false, reason: `${inputBodyS3Path} is not a JSON object` });
        } else answers.set(ref.requestId, { ok: false, reason: 'the log record has no request body (text logging off?)' });
      }
      if (wanted.size === 0) break;
    }
    fail(`${name} has fewer lines than the ledger says${text.failure === undefined ? '' : ` (${text.failure.message})`}`);
  };
  try {
    // Files side by side: in S3 each is a request's latency.
    await forEachConcurrently([...byFile], filesAtOnce, readFile);
  } finally {
    s3.destroy();
  }
  return answers;
}
