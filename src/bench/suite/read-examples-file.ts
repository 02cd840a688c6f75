import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { ParseError } from '../../core/index.js';
import { formatSchemaIssues } from '../../pricing/index.js';
import type { BenchExample } from './bench-example.js';
import { inlineExampleSchema } from './suite-schema.js';

export interface ExamplesFileOptions {
  path: string;
  format?: 'csv' | 'jsonl' | 'bedrock-eval' | undefined;
  idField: string;
  expectedField: string;
  referenceField: string;
  categoryField: string;
}

/** A Bedrock model-evaluation dataset line (modelResponses, when present, are ignored here). */
const bedrockEvalLineSchema = z.object({
  prompt: z.string().min(1),
  referenceResponse: z.string().optional(),
  category: z.string().optional(),
});

/**
 * Examples from CSV (header row; one column per variable), JSONL (one object per line, either
 * `{id, vars, expected, reference}` or flat like a CSV row) or a Bedrock evaluation dataset
 * (`prompt` becomes the variable `prompt`, `referenceResponse` the expected output). Every bad
 * line is a ParseError naming the file and line.
 */
export async function readExamplesFile(options: ExamplesFileOptions): Promise<BenchExample[]> {
  let text: string;
  try {
    text = await readFile(options.path, 'utf8');
  } catch (error) {
    throw new ParseError(`cannot read the examples file: ${(error as Error).message}`, { file: options.path }, { cause: error });
  }
  const format = options.format ?? (extname(options.path).toLowerCase() === '.csv' ? 'csv' : 'jsonl');
  const examples = format === 'csv' ? readCsv(text, options) : readJsonLines(text, options, format === 'bedrock-eval');
  if (examples.length === 0) throw new ParseError('the examples file has no examples.', { file: options.path });
  return examples;
}

function fromFlatRecord(record: Record<string, unknown>, options: ExamplesFileOptions, fallbackId: string, source: string): BenchExample {
  const { [options.idField]: id, [options.expectedField]: expected, [options.referenceField]: reference, [options.categoryField]: category, ...vars } = record;
  const present = (value: unknown): boolean => value !== undefined && value !== null && value !== '';
  return {
    id: present(id) ? String(id) : fallbackId,
    vars,
    ...(present(expected) && { expected: expected as BenchExample['expected'] }),
    ...(present(reference) && { reference: String(reference) }),
    ...(present(category) && { category: String(category) }),
    source,
  };
}

function readCsv(text: string, options: ExamplesFileOptions): BenchExample[] {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parseCsv(text, { columns: true, skip_empty_lines: true, bom: true, info: true, trim: false }) as typeof rows;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new ParseError(`not valid CSV: ${(error as Error).message}`, { file: options.path, ...(line !== undefined && { line }) }, { cause: error });
  }
  return rows.map(({ record, info }, index) => fromFlatRecord(record, options, String(index + 1), `${options.path} line ${info.lines}`));
}

function readJsonLines(text: string, options: ExamplesFileOptions, bedrock: boolean): BenchExample[] {
  const examples: BenchExample[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw) as unknown;
    } catch (error) {
      throw new ParseError(`not valid JSON: ${(error as Error).message}`, { file: options.path, line }, { cause: error });
    }
    const source = `${options.path} line ${line}`;
    const fallbackId = String(examples.length + 1);
    if (bedrock) {
      const parsed = bedrockEvalLineSchema.safeParse(value);
      if (!parsed.success) throw new ParseError(`not a Bedrock evaluation dataset line: ${formatSchemaIssues(parsed.error).join('; ')}`, { file: options.path, line });
      const { prompt, referenceResponse, category } = parsed.data;
      examples.push({ id: fallbackId, vars: { prompt }, ...(referenceResponse !== undefined && { expected: referenceResponse, reference: referenceResponse }), ...(category !== undefined && { category }), source });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ParseError('each line must be a JSON object.', { file: options.path, line });
    if ('vars' in value) {
      const parsed = inlineExampleSchema.safeParse(value);
      if (!parsed.success) throw new ParseError(`invalid example: ${formatSchemaIssues(parsed.error).join('; ')}`, { file: options.path, line });
      const { id, ...rest } = parsed.data;
      examples.push({ id: id ?? fallbackId, ...rest, source });
      return;
    }
    examples.push(fromFlatRecord(value as Record<string, unknown>, options, fallbackId, source));
  });
  return examples;
}
