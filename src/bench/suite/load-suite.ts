import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError, FrugalError } from '../../core/index.js';
import { type BenchExample } from './bench-example.js';
import { readExamplesFile } from './read-examples-file.js';
import { findUnsupportedTemplateSyntax, listTemplateVariables } from './render-template.js';
import { type JudgeConfig, type ScorerConfig, type SuiteConfig, suiteSchema, type TaskConfig } from './suite-schema.js';

export interface BenchTask extends Omit<TaskConfig, 'examples' | 'maxOutputTokens'> {
  examples: BenchExample[];
  maxOutputTokens: number;
}

/** A suite ready to run: examples read, templates checked against every example. */
export interface BenchSuite {
  name: string;
  description?: string;
  region?: string;
  models: { current: string; candidates: string[] };
  judge?: JudgeConfig;
  tasks: BenchTask[];
  /** The suite file, when read from one. */
  file?: string;
  /** Hash of the tasks (prompts, scorers, examples): a resumed run must not mix suite versions silently. */
  hash: string;
}

export const defaultMaxOutputTokens = 512;

/** Reads and validates a suite YAML file, then its example files (relative to it). */
export async function loadSuite(path: string): Promise<BenchSuite> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read suite file ${path}: ${(error as Error).message}`, path, [], { cause: error });
  }
  return resolveSuite(parseSuiteText(text, path), { baseDir: dirname(resolve(path)), file: path });
}

export function parseSuiteText(text: string, file = 'suite.yaml'): SuiteConfig {
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) throw new ConfigError(`${file} is not valid YAML:`, file, document.errors.map((error) => error.message));
  const raw = document.toJS() as unknown;
  return validateSuite(raw, file);
}

export function validateSuite(raw: unknown, file: string): SuiteConfig {
  const result = suiteSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(`${file} is not a valid suite:`, file, formatSuiteIssues(result.error, raw));
  return result.data;
}

/** `tasks[classify].scorers.1.threshold: ...`: tasks are named, not numbered, so the user can find them. */
export function formatSuiteIssues(error: z.ZodError, root: unknown): string[] {
  return error.issues.slice(0, 20).map((issue) => {
    const parts = issue.path.map((part, index) => {
      if (index === 1 && issue.path[0] === 'tasks' && typeof part === 'number') {
        const tasks = (root as { tasks?: unknown } | null)?.tasks;
        const name = Array.isArray(tasks) ? (tasks[part] as { name?: unknown } | undefined)?.name : undefined;
        return typeof name === 'string' ? `[${name}]` : `[${part}]`;
      }
      return typeof part === 'number' ? `[${part}]` : `.${String(part)}`;
    });
    const path = parts.join('').replace(/^\./, '');
    return `${path.length > 0 ? path : '(root)'}: ${issue.message}`;
  });
}

/** Reads example files and checks every template variable against every example. */
export async function resolveSuite(config: SuiteConfig, options: { baseDir: string; file?: string }): Promise<BenchSuite> {
  const file = options.file ?? 'suite';
  const problems: string[] = [];
  const tasks: BenchTask[] = [];
  for (const task of config.tasks) {
    let examples: BenchExample[];
    if (Array.isArray(task.examples)) {
      examples = task.examples.map((example, index) => ({ ...example, id: example.id ?? String(index + 1), source: `${file} tasks[${task.name}].examples[${index}]` }));
    } else {
      const source = task.examples;
      try {
        examples = await readExamplesFile({ ...source, path: resolve(options.baseDir, source.file) });
      } catch (error) {
        if (FrugalError.isInstance(error)) throw new ConfigError(`${file}: tasks[${task.name}].examples: ${error.message}`, file, [], { cause: error });
        throw error;
      }
    }
    const { examples: _examples, ...rest } = task;
    if (task.scorers.some((scorer) => scorer.type === 'json' && scorer.matchExpected)) examples = examples.map(parseExpectedObject);
    const resolved: BenchTask = { ...rest, examples, maxOutputTokens: task.maxOutputTokens ?? config.defaults.maxOutputTokens ?? defaultMaxOutputTokens };
    const temperature = task.temperature ?? config.defaults.temperature;
    if (temperature !== undefined) resolved.temperature = temperature;
    problems.push(...checkTask(resolved));
    tasks.push(resolved);
  }
  if (problems.length > 0) throw new ConfigError(`${file} does not fit its examples:`, file, problems.slice(0, 20));
  const hash = createHash('sha256').update(JSON.stringify({ tasks })).digest('hex').slice(0, 16);
  return {
    name: config.name,
    ...(config.description !== undefined && { description: config.description }),
    ...(config.region !== undefined && { region: config.region }),
    models: config.models,
    ...(config.judge !== undefined && { judge: config.judge }),
    tasks,
    ...(options.file !== undefined && { file: options.file }),
    hash,
  };
}

/** CSV cells are text: an expected object written as JSON is parsed, so the json scorer can compare fields. */
function parseExpectedObject(example: BenchExample): BenchExample {
  if (typeof example.expected !== 'string' || !example.expected.trim().startsWith('{')) return example;
  try {
    const parsed = JSON.parse(example.expected) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? { ...example, expected: parsed as Record<string, unknown> } : example;
  } catch {
    return example;
  }
}

function templatesOf(task: BenchTask, example?: BenchExample): { where: string; text: string }[] {
  const where = `tasks[${task.name}]`;
  const templates = [
    ...(task.prompt.system === undefined ? [] : [{ where: `${where}.prompt.system`, text: task.prompt.system }]),
    { where: `${where}.prompt.user`, text: task.prompt.user },
    ...task.prompt.fewShot.flatMap((turn, index) => [
      { where: `${where}.prompt.fewShot[${index}].user`, text: turn.user },
      { where: `${where}.prompt.fewShot[${index}].assistant`, text: turn.assistant },
    ]),
  ];
  task.scorers.forEach((scorer, index) => {
    // A scorer limited to examples with a variable is not checked against the others.
    if (example !== undefined && scorer.onlyIf !== undefined && !(scorer.onlyIf in example.vars)) return;
    if (scorer.type === 'judge' && scorer.rubric !== undefined) templates.push({ where: `${where}.scorers[${index}].rubric`, text: scorer.rubric });
    const value = 'value' in scorer ? scorer.value : undefined;
    if (typeof value === 'string') templates.push({ where: `${where}.scorers[${index}].value`, text: value });
    if (Array.isArray(value)) value.forEach((item, at) => templates.push({ where: `${where}.scorers[${index}].value[${at}]`, text: item }));
  });
  if (task.answerKey !== undefined && task.answerKey !== false && task.answerKey.expected !== undefined) templates.push({ where: `${where}.answerKey.expected`, text: task.answerKey.expected });
  return templates;
}

/** Variables every template may use besides the example's own. */
export function templateVarsOf(example: BenchExample): Record<string, unknown> {
  return { ...example.vars, id: example.id, ...(example.expected !== undefined && { expected: example.expected }), ...(example.reference !== undefined && { reference: example.reference }) };
}

function checkTask(task: BenchTask): string[] {
  const problems: string[] = [];
  for (const template of templatesOf(task)) {
    const unsupported = findUnsupportedTemplateSyntax(template.text);
    if (unsupported !== undefined) problems.push(`${template.where}: ${unsupported} is not supported (only {{ name }} and {{ a.b }} placeholders)`);
  }
  const ids = new Set<string>();
  for (const example of task.examples) {
    if (ids.has(example.id)) problems.push(`${example.source}: example id "${example.id}" is used twice in task ${task.name}`);
    ids.add(example.id);
    const vars = templateVarsOf(example);
    for (const template of templatesOf(task, example)) {
      for (const name of listTemplateVariables(template.text)) {
        if (!(name in vars)) problems.push(`${example.source}: ${template.where} uses {{ ${name} }}, which example "${example.id}" does not define`);
      }
    }
    problems.push(...checkScorers(task.scorers, example));
    if (problems.length >= 20) break;
  }
  return problems;
}

function checkScorers(scorers: readonly ScorerConfig[], example: BenchExample): string[] {
  const problems: string[] = [];
  for (const scorer of scorers) {
    if (scorer.onlyIf !== undefined && !(scorer.onlyIf in example.vars)) continue;
    const needsExpected = (scorer.type === 'label' || (scorer.type === 'exact' && scorer.value === undefined) || (scorer.type === 'numeric' && scorer.value === undefined));
    if (needsExpected && example.expected === undefined) problems.push(`${example.source}: the ${scorer.type} scorer needs an expected output, and example "${example.id}" has none`);
    if (scorer.type === 'label' && scorer.labels !== undefined && typeof example.expected === 'string') {
      const labels = scorer.labels.map((label) => label.toLowerCase());
      if (!labels.includes(example.expected.trim().toLowerCase())) problems.push(`${example.source}: expected label "${example.expected}" is not among the scorer's labels (${scorer.labels.join(', ')})`);
    }
    if (scorer.type === 'json' && scorer.matchExpected && example.expected !== undefined && typeof example.expected !== 'object') {
      problems.push(`${example.source}: the json scorer compares fields, so the expected output of example "${example.id}" must be a JSON object`);
    }
  }
  return problems;
}
