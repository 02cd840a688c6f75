import { z } from 'zod';
import { FrugalError, ParseError } from '../core/index.js';
import { formatSchemaIssues } from '../pricing/index.js';
import type { ModelRequest } from '../providers/index.js';
import { convertRequestBody } from './convert-request-body.js';

/**
 * One line of a REQUESTS file for `frugal cache plan` and `frugal cache lint`:
 *
 *   {"timestamp": "2026-08-01T09:00:00Z", "modelId": "anthropic.claude-3-7-sonnet-20250219-v1:0", "body": {...}}
 *
 * `timestamp` is ISO 8601 or epoch milliseconds (required for planning, optional for lint);
 * `modelId` is optional when `--model` is given; `body` is a Converse body or an InvokeModel body
 * (Anthropic, Nova, Llama, Mistral), see `convertRequestBody`.
 */
export const requestLogLineSchema = z.object({
  timestamp: z.union([z.iso.datetime({ offset: true }), z.number().int().nonnegative()]).optional(),
  modelId: z.string().min(1).optional(),
  body: z.record(z.string(), z.unknown()),
});

export interface LoggedRequest {
  /** 1-based line in the file. */
  line: number;
  /** Epoch milliseconds; undefined when the line has none (lint only). */
  time: number | undefined;
  modelId: string;
  request: ModelRequest;
}

export interface ReadRequestLogOptions {
  file?: string;
  /** Model for lines without `modelId`. */
  modelId?: string;
  requireTimestamp?: boolean;
  /** Collect bad lines in `problems` instead of stopping at the first. */
  skipInvalid?: boolean;
}

export interface RequestLog {
  requests: LoggedRequest[];
  problems: { line: number; message: string }[];
}

function parseJson(text: string, file: string | undefined, line: number): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ParseError(`not valid JSON (${error instanceof Error ? error.message : String(error)}); each line is {"timestamp", "modelId"?, "body"}`, { ...(file !== undefined && { file }), line });
  }
}

function readLine(text: string, line: number, options: ReadRequestLogOptions): LoggedRequest {
  const where = { ...(options.file !== undefined && { file: options.file }), line };
  const parsed = requestLogLineSchema.safeParse(parseJson(text, options.file, line));
  if (!parsed.success) throw new ParseError(`expected {"timestamp", "modelId"?, "body"}: ${formatSchemaIssues(parsed.error).join('; ')}`, where);
  const { timestamp, body } = parsed.data;
  const modelId = parsed.data.modelId ?? options.modelId;
  if (modelId === undefined) throw new ParseError('no modelId on the line and no --model given', where);
  if (timestamp === undefined && options.requireTimestamp === true) throw new ParseError('no timestamp: the cache simulation needs the time of every request', where);
  try {
    const { request } = convertRequestBody(body, modelId);
    return { line, time: typeof timestamp === 'string' ? Date.parse(timestamp) : timestamp, modelId, request };
  } catch (error) {
    if (FrugalError.isInstance(error)) throw new ParseError(error.message, where);
    throw error;
  }
}

/** Reads a JSONL file of logged requests; blank lines are skipped. */
export function readRequestLog(text: string, options: ReadRequestLogOptions = {}): RequestLog {
  const requests: LoggedRequest[] = [];
  const problems: { line: number; message: string }[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') return;
    try {
      requests.push(readLine(line, index + 1, options));
    } catch (error) {
      if (!options.skipInvalid || !FrugalError.isInstance(error)) throw error;
      problems.push({ line: index + 1, message: error.message });
    }
  });
  return { requests, problems };
}
