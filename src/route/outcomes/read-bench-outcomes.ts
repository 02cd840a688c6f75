import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { type BenchRow, buildTaskRequest, loadSuite, readResultsFile, resultsFileName } from '../../bench/index.js';
import { ConfigError, ParseError } from '../../core/index.js';
import type { ModelRequest } from '../../providers/index.js';
import type { OutcomeDataset, OutcomeRow } from './outcome-dataset.js';

export interface ReadBenchOutcomesOptions {
  cwd: string;
  /** The suite the run used, when its recorded path no longer resolves. */
  suite?: string;
}

/** A `frugal bench` output directory (or its results.jsonl). */
export function isBenchResults(path: string): boolean {
  return path.endsWith(resultsFileName) || existsSync(join(path, resultsFileName));
}

/**
 * Reads a `frugal bench` run as routing outcomes: one row per (task, example), each model's
 * quality averaged over repeats (an errored call counts as 0: that is what the caller got), its
 * mean generation cost, and one answer. The prompt is rebuilt from the suite exactly as the run
 * sent it (system prompt, few-shot turns, user turn), without the emulator's answer key, so the
 * router learns from what it will see in production.
 */
export async function readBenchOutcomes(path: string, options: ReadBenchOutcomesOptions): Promise<OutcomeDataset> {
  const full = resolve(options.cwd, path);
  const resultsPath = full.endsWith(resultsFileName) ? full : join(full, resultsFileName);
  const label = relative(options.cwd, resultsPath) || resultsFileName;
  const { header, rows, warnings } = readResultsFile(resultsPath);
  const suitePath = options.suite ?? header.suite.file;
  if (suitePath === null) throw new ConfigError(`${label} does not record its suite file; pass it with --suite.`, label);
  const suiteFull = isAbsolute(suitePath) ? suitePath : resolve(options.cwd, suitePath);
  if (!existsSync(suiteFull)) throw new ConfigError(`${label} was run with the suite ${suitePath}, which is not there from ${options.cwd}; pass it with --suite.`, label);
  const suite = await loadSuite(suiteFull);
  const notes = [...warnings];
  if (suite.hash !== header.suite.hash) notes.push(`${suitePath} has changed since the run (prompts or examples differ): rows are matched by example id`);

  const requests = new Map<string, { request: ModelRequest; prompt: string; task: string }>();
  const requestOf = (row: BenchRow): { request: ModelRequest; prompt: string; task: string } | undefined => {
    const key = `${row.task}\u241f${row.exampleId}`;
    const cached = requests.get(key);
    if (cached !== undefined) return cached;
    const task = suite.tasks.find((entry) => entry.name === row.task);
    const example = task?.examples.find((entry) => entry.id === row.exampleId);
    if (task === undefined || example === undefined) return undefined;
    const built = buildTaskRequest({ suite: suite.name, task, example, modelId: 'routed', caching: false, answerKeys: false });
    const user = built.request.messages[built.request.messages.length - 1]?.content[0];
    const entry = { request: built.request, prompt: user !== undefined && 'text' in user ? user.text : built.promptText, task: task.name };
    requests.set(key, entry);
    return entry;
  };

  const cells = new Map<string, { source: { request: ModelRequest; prompt: string; task: string }; models: Map<string, { scores: number[]; costs: number[]; output?: string; stopReason?: string }> }>();
  const models: string[] = [];
  let unscored = 0;
  let missing = 0;
  for (const row of rows) {
    const quality = row.status === 'error' ? 0 : row.quality;
    if (quality === null) {
      unscored += 1;
      continue;
    }
    const source = requestOf(row);
    if (source === undefined) {
      missing += 1;
      continue;
    }
    const key = `${row.task}\u241f${row.exampleId}`;
    const cell = cells.get(key) ?? { source, models: new Map() };
    cells.set(key, cell);
    if (!models.includes(row.model)) models.push(row.model);
    const entry = cell.models.get(row.model) ?? { scores: [], costs: [] };
    cell.models.set(row.model, entry);
    entry.scores.push(quality);
    if (row.cost.generation !== null) entry.costs.push(row.cost.generation);
    if (entry.output === undefined && row.status === 'ok') {
      entry.output = row.output;
      if (row.stopReason !== null) entry.stopReason = row.stopReason;
    }
  }
  const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
  const outcomes: OutcomeRow[] = [];
  let partial = 0;
  for (const [key, cell] of cells) {
    if (!models.every((model) => cell.models.has(model))) {
      partial += 1;
      continue;
    }
    const row: OutcomeRow = { id: key.replace('\u241f', '/'), prompt: cell.source.prompt, request: cell.source.request, task: cell.source.task, scores: {}, costs: {}, responses: {}, stopReasons: {} };
    for (const [model, entry] of cell.models) {
      row.scores[model] = mean(entry.scores);
      if (entry.costs.length > 0) row.costs[model] = mean(entry.costs);
      if (entry.output !== undefined) row.responses[model] = entry.output;
      if (entry.stopReason !== undefined) row.stopReasons[model] = entry.stopReason;
    }
    outcomes.push(row);
  }
  if (unscored > 0) notes.push(`${label}: ${unscored} row(s) without a quality score were left out`);
  if (missing > 0) notes.push(`${label}: ${missing} row(s) name a task or example the suite no longer has`);
  if (partial > 0) notes.push(`${label}: ${partial} example(s) not run on every model were left out`);
  if (outcomes.length === 0) throw new ParseError('no example was scored on every model; run the bench to completion (or --resume it) first.', { file: label });
  return { models, rows: outcomes, sources: [label], notes };
}
