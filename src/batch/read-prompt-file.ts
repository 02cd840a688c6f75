import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { FrugalError, ParseError } from '../core/index.js';
import { formatSchemaIssues } from '../pricing/index.js';
import type { ModelRequest } from '../providers/index.js';
import { convertRequestBody } from '../cache/index.js';
import type { BatchItem } from './batch-item.js';

/**
 * A line of a prompts JSONL file, either a plain prompt:
 *   {"id": "t-1", "prompt": "Summarise ...", "system": "You are ...", "maxTokens": 300, "task": "summaries"}
 * or a whole request body in any form `convertRequestBody` reads (Converse, Anthropic, Nova, ...):
 *   {"id": "t-2", "request": {"system": [...], "messages": [...]}}
 */
const promptLineSchema = z.strictObject({
  id: z.union([z.string().min(1), z.number()]).optional(),
  prompt: z.string().min(1),
  system: z.string().optional(),
  maxTokens: z.number().int().positive().optional(),
  temperature: z.number().min(0).optional(),
  task: z.string().min(1).optional(),
});
const requestLineSchema = z.strictObject({
  id: z.union([z.string().min(1), z.number()]).optional(),
  request: z.record(z.string(), z.unknown()),
  task: z.string().min(1).optional(),
});

/** CSV: a header row with a `prompt` column; optional `id`, `system`, `max_tokens` (or `maxTokens`), `temperature`, `task`. */
const csvRowSchema = z.object({
  prompt: z.string().min(1, 'the prompt is empty'),
  id: z.string().optional(),
  system: z.string().optional(),
  max_tokens: z.string().regex(/^\d+$/, 'must be a whole number').optional(),
  maxTokens: z.string().regex(/^\d+$/, 'must be a whole number').optional(),
  temperature: z.string().regex(/^\d+(\.\d+)?$/, 'must be a number').optional(),
  task: z.string().optional(),
});

function promptRequest(prompt: string, system: string | undefined, maxTokens: number | undefined, temperature: number | undefined): ModelRequest {
  const inferenceConfig = { ...(maxTokens !== undefined && { maxTokens }), ...(temperature !== undefined && { temperature }) };
  return {
    modelId: 'unset',
    ...(system !== undefined && system !== '' && { system: [{ text: system }] }),
    messages: [{ role: 'user', content: [{ text: prompt }] }],
    ...(Object.keys(inferenceConfig).length > 0 && { inferenceConfig }),
  };
}

function readJsonlLine(text: string, file: string, line: number): BatchItem {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    throw new ParseError(`not valid JSON (${error instanceof Error ? error.message : String(error)})`, { file, line });
  }
  const where = `${file}:${line}`;
  if (typeof value === 'object' && value !== null && 'request' in value) {
    const parsed = requestLineSchema.safeParse(value);
    if (!parsed.success) throw new ParseError(`expected {"id"?, "request": {...}, "task"?}: ${formatSchemaIssues(parsed.error).join('; ')}`, { file, line });
    try {
      const { request } = convertRequestBody(parsed.data.request, 'unset');
      return { id: parsed.data.id === undefined ? `line-${line}` : String(parsed.data.id), request, source: where, task: parsed.data.task ?? null };
    } catch (error) {
      if (FrugalError.isInstance(error)) throw new ParseError(error.message, { file, line });
      throw error;
    }
  }
  const parsed = promptLineSchema.safeParse(value);
  if (!parsed.success) throw new ParseError(`expected {"id"?, "prompt", "system"?, "maxTokens"?, "temperature"?, "task"?} or {"id"?, "request"}: ${formatSchemaIssues(parsed.error).join('; ')}`, { file, line });
  const { id, prompt, system, maxTokens, temperature, task } = parsed.data;
  return { id: id === undefined ? `line-${line}` : String(id), request: promptRequest(prompt, system, maxTokens, temperature), source: where, task: task ?? null };
}

function readCsv(text: string, file: string): BatchItem[] {
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(text, { columns: true, skip_empty_lines: true, trim: false, bom: true }) as Record<string, string>[];
  } catch (error) {
    throw new ParseError(`not valid CSV: ${error instanceof Error ? error.message : String(error)}`, { file });
  }
  const header = Object.keys(rows[0] ?? {});
  if (rows.length > 0 && !header.includes('prompt')) throw new ParseError(`the header has no "prompt" column (it has ${header.join(', ')})`, { file, line: 1 });
  return rows.map((row, index) => {
    const line = index + 2;
    const parsed = csvRowSchema.safeParse(Object.fromEntries(Object.entries(row).filter(([, value]) => value !== '')));
    if (!parsed.success) throw new ParseError(formatSchemaIssues(parsed.error).join('; '), { file, line });
    const { prompt, id, system, task, temperature } = parsed.data;
    const maxTokens = parsed.data.max_tokens ?? parsed.data.maxTokens;
    return {
      id: id ?? `line-${line}`,
      request: promptRequest(prompt, system, maxTokens === undefined ? undefined : Number(maxTokens), temperature === undefined ? undefined : Number(temperature)),
      source: `${file}:${line}`,
      task: task ?? null,
    };
  });
}

/**
 * Reads the prompts to run in batch from a `.jsonl` or `.csv` file. Ids must be unique (results
 * are joined back by them); a missing id is `line-<n>`. Errors name the file and line.
 */
export function readPromptFile(text: string, file: string): BatchItem[] {
  const items = /\.csv$/i.test(file)
    ? readCsv(text, file)
    : text.split('\n').flatMap((raw, index) => (raw.trim() === '' ? [] : [readJsonlLine(raw.replace(/\r$/, ''), file, index + 1)]));
  const seen = new Map<string, string | null>();
  for (const item of items) {
    const earlier = seen.get(item.id);
    if (earlier !== undefined) throw new ParseError(`id "${item.id}" appears twice (also at ${earlier}); ids must be unique so results can be joined back`, { file });
    seen.set(item.id, item.source);
  }
  if (items.length === 0) throw new ParseError('no prompts in the file', { file });
  return items;
}
