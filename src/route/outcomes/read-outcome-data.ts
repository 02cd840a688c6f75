import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ParseError } from '../../core/index.js';
import { mergeOutcomeDatasets } from './merge-outcome-datasets.js';
import type { OutcomeDataset } from './outcome-dataset.js';
import { parseOutcomesCsv } from './parse-outcomes-csv.js';
import { isBenchResults, readBenchOutcomes } from './read-bench-outcomes.js';

/**
 * Reads labelled outcomes from files or directories: wide CSVs (`.csv` or `.csv.gz`, RouteLLM's
 * format) and `frugal bench` output directories (their results.jsonl). In a directory of CSVs
 * every one is read, in name order; a `contaminated_prompts.jsonl` there (RouteLLM's list of
 * prompts that overlap its router's training data) removes those prompts, and the report says how many.
 */
export async function readOutcomeData(paths: readonly string[], cwd: string, options: { suite?: string } = {}): Promise<OutcomeDataset> {
  const datasets: OutcomeDataset[] = [];
  for (const path of paths) {
    const full = resolve(cwd, path);
    if (isBenchResults(full)) {
      datasets.push(await readBenchOutcomes(path, { cwd, ...(options.suite !== undefined && { suite: options.suite }) }));
      continue;
    }
    const info = await stat(full).catch((error: unknown) => {
      throw new ParseError(`cannot read ${path}: ${(error as Error).message}`, { file: path }, { cause: error });
    });
    if (!info.isDirectory()) {
      datasets.push(await readOne(full, path, new Set()));
      continue;
    }
    const names = (await readdir(full)).sort();
    const exclude = names.includes('contaminated_prompts.jsonl') ? await readExcluded(join(full, 'contaminated_prompts.jsonl'), join(path, 'contaminated_prompts.jsonl')) : new Set<string>();
    const files = names.filter((name) => /\.csv(\.gz)?$/i.test(name));
    if (files.length === 0) throw new ParseError(`no .csv or .csv.gz outcome files (and no bench results.jsonl) in ${path}.`, { file: path });
    for (const name of files) datasets.push(await readOne(join(full, name), relative(cwd, join(full, name)) || name, exclude));
  }
  return mergeOutcomeDatasets(datasets);
}

async function readText(full: string, label: string): Promise<string> {
  try {
    const bytes = await readFile(full);
    return (full.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (error) {
    throw new ParseError(`cannot read the file: ${(error as Error).message}`, { file: label }, { cause: error });
  }
}

async function readOne(full: string, label: string, exclude: ReadonlySet<string>): Promise<OutcomeDataset> {
  const text = await readText(full, label);
  return parseOutcomesCsv(text, { file: label, idPrefix: basename(full).replace(/\.csv(\.gz)?$/i, ''), exclude });
}

/** RouteLLM's contamination list: one JSON object per line with the evaluation prompt in `eval_prompt`. */
async function readExcluded(full: string, label: string): Promise<Set<string>> {
  const prompts = new Set<string>();
  const lines = (await readText(full, label)).split('\n');
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new ParseError(`not JSON: ${(error as Error).message}`, { file: label, line: index + 1 }, { cause: error });
    }
    const prompt = (value as { eval_prompt?: unknown }).eval_prompt;
    if (typeof prompt !== 'string') throw new ParseError('expected an "eval_prompt" string on every line.', { file: label, line: index + 1 });
    prompts.add(prompt);
  });
  return prompts;
}
