import { parse } from 'csv-parse/sync';
import { ParseError } from '../../core/index.js';
import type { OutcomeDataset, OutcomeRow } from './outcome-dataset.js';

/**
 * Reads a wide outcomes CSV, the format RouteLLM ships its evaluation data in (and RouterBench
 * uses, with `|` suffixes): one row per prompt, a `prompt` column, and one column per model with
 * its correctness (`True`/`False`, `1`/`0`) or a 0..1 score. Optional columns: `id`, `task`,
 * `<model>_response` or `<model>|model_response` (the answer), `<model>|cost` or `<model>_cost`
 * (USD per call), `<model>|stop_reason`. Pure: takes text, returns rows.
 */
const promptColumns = ['prompt', 'input', 'question'];
const suffixes: { pattern: RegExp; kind: 'response' | 'cost' | 'stopReason' }[] = [
  { pattern: /^(.+?)(?:\|model_response|\|response|_response)$/, kind: 'response' },
  { pattern: /^(.+?)(?:\|total_cost|\|cost|_cost)$/, kind: 'cost' },
  { pattern: /^(.+?)(?:\|stop_reason|_stop_reason)$/, kind: 'stopReason' },
];
const reserved = new Set(['id', 'sample_id', 'task', 'eval_name', 'oracle_model_to_route_to', ...promptColumns]);

export function parseScore(value: string): number | undefined {
  const text = value.trim().toLowerCase();
  if (text === 'true') return 1;
  if (text === 'false') return 0;
  if (text === '') return undefined;
  const number = Number(text);
  return Number.isFinite(number) && number >= 0 && number <= 1 ? number : Number.NaN;
}

export interface ParseOutcomesOptions {
  file: string;
  /** Prefix for generated row ids (the file name keeps ids unique across files). */
  idPrefix?: string;
  /** Prompts to leave out (RouteLLM's contaminated prompts), matched exactly as RouteLLM does. */
  exclude?: ReadonlySet<string>;
}

export function parseOutcomesCsv(text: string, options: ParseOutcomesOptions): OutcomeDataset {
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: false, skip_empty_lines: true, bom: true }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new ParseError(`not a readable CSV: ${(error as Error).message}`, { file: options.file, ...(line !== undefined && { line }) }, { cause: error });
  }
  const header = records[0];
  if (header === undefined) throw new ParseError('the file is empty; expected a header with a prompt column and one column per model.', { file: options.file });
  const promptAt = header.findIndex((name) => promptColumns.includes(name.trim().toLowerCase()));
  if (promptAt < 0) throw new ParseError(`no prompt column; expected one of ${promptColumns.join(', ')} in the header (${header.join(', ')}).`, { file: options.file, line: 1 });
  const lower = header.map((name) => name.trim().toLowerCase());
  const idAt = lower.findIndex((name) => name === 'id' || name === 'sample_id');
  const taskAt = lower.findIndex((name) => name === 'task' || name === 'eval_name');

  const extras: { index: number; model: string; kind: 'response' | 'cost' | 'stopReason' }[] = [];
  const modelColumns: { index: number; model: string }[] = [];
  header.forEach((name, index) => {
    if (reserved.has(lower[index] as string)) return;
    for (const { pattern, kind } of suffixes) {
      const match = pattern.exec(name.trim());
      if (match !== null) {
        extras.push({ index, model: match[1] as string, kind });
        return;
      }
    }
    modelColumns.push({ index, model: name.trim() });
  });
  if (modelColumns.length === 0) throw new ParseError('no model columns: after the prompt, id and task columns, each column should hold one model\'s correctness.', { file: options.file, line: 1 });

  const rows: OutcomeRow[] = [];
  let excluded = 0;
  let incomplete = 0;
  for (let at = 1; at < records.length; at += 1) {
    const record = records[at] as string[];
    const prompt = record[promptAt] as string;
    if (options.exclude?.has(prompt) === true) {
      excluded += 1;
      continue;
    }
    const scores: Record<string, number> = {};
    let missing = false;
    for (const { index, model } of modelColumns) {
      const score = parseScore(record[index] ?? '');
      if (score === undefined) {
        missing = true;
        continue;
      }
      if (Number.isNaN(score)) {
        throw new ParseError(`column "${model}" holds "${record[index]}"; a model column must be True/False, 1/0 or a score from 0 to 1.`, { file: options.file, line: at + 1 });
      }
      scores[model] = score;
    }
    if (missing) {
      incomplete += 1;
      continue;
    }
    const row: OutcomeRow = {
      id: idAt >= 0 && (record[idAt] ?? '') !== '' ? (record[idAt] as string) : `${options.idPrefix ?? options.file}#${at}`,
      prompt,
      scores,
      costs: {},
      responses: {},
      stopReasons: {},
    };
    if (taskAt >= 0 && (record[taskAt] ?? '') !== '') row.task = record[taskAt] as string;
    for (const { index, model, kind } of extras) {
      const value = record[index] ?? '';
      if (value === '') continue;
      if (kind === 'response') row.responses[model] = value;
      else if (kind === 'stopReason') row.stopReasons[model] = value;
      else {
        const cost = Number(value);
        if (!Number.isFinite(cost) || cost < 0) throw new ParseError(`column "${header[index]}" holds "${value}"; a cost must be a number of USD ≥ 0.`, { file: options.file, line: at + 1 });
        row.costs[model] = cost;
      }
    }
    rows.push(row);
  }
  const notes: string[] = [];
  if (excluded > 0) notes.push(`${options.file}: left out ${excluded} excluded (contaminated) prompt(s)`);
  if (incomplete > 0) notes.push(`${options.file}: left out ${incomplete} row(s) without a score for every model`);
  return { models: modelColumns.map((column) => column.model), rows, sources: [options.file], notes };
}
