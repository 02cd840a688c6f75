import { z } from 'zod';
import { ParseError } from '../../core/index.js';
import { formatSchemaIssues } from '../../pricing/index.js';
import { assertOneJudge, findMetricByBedrockName } from '../../judge/index.js';
import type { BenchRow, ScoreEntry } from '../run/bench-row.js';
import { buildTaskRequest } from '../run/build-task-request.js';
import type { BenchSuite } from '../suite/load-suite.js';

const modelResponseSchema = z.object({ response: z.string(), modelIdentifier: z.string().min(1) });
const recordSchema = z.object({
  prompt: z.string(),
  referenceResponse: z.string().optional(),
  category: z.string().optional(),
  modelResponses: z.array(modelResponseSchema).optional(),
});

/** One line of a Bedrock evaluation job's `_output.jsonl`. `result` null means "not applicable". */
export const bedrockEvalOutputLineSchema = z.object({
  automatedEvaluationResult: z.object({
    scores: z.array(
      z.object({
        metricName: z.string().min(1),
        result: z.number().nullable().optional(),
        evaluatorDetails: z.array(z.object({ modelIdentifier: z.string().min(1), explanation: z.string().optional() })).optional(),
      }),
    ),
  }),
  inputRecord: recordSchema,
  modelResponses: z.array(modelResponseSchema).optional(),
});

export interface ImportedEvaluation {
  model: string;
  category: string | undefined;
  prompt: string;
  /** Bedrock metric name → result (null: not applicable). */
  scores: Record<string, number | null>;
  explanations: Record<string, string>;
  evaluators: string[];
  source: string;
}

/** Reads a job output file; every bad line is an error with its line number. */
export function parseBedrockEvalOutput(text: string, file: string): ImportedEvaluation[] {
  const evaluations: ImportedEvaluation[] = [];
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw) as unknown;
    } catch (error) {
      throw new ParseError(`not valid JSON: ${(error as Error).message}`, { file, line: index + 1 }, { cause: error });
    }
    const parsed = bedrockEvalOutputLineSchema.safeParse(value);
    if (!parsed.success) {
      throw new ParseError(`not a Bedrock evaluation output line: ${formatSchemaIssues(parsed.error).slice(0, 3).join('; ')}`, { file, line: index + 1 });
    }
    const line = parsed.data;
    const responses = line.modelResponses ?? line.inputRecord.modelResponses ?? [];
    if (responses.length !== 1) throw new ParseError(`expected exactly one model response (Bedrock judges one model per job), got ${responses.length}.`, { file, line: index + 1 });
    const scores: Record<string, number | null> = {};
    const explanations: Record<string, string> = {};
    const evaluators = new Set<string>();
    for (const score of line.automatedEvaluationResult.scores) {
      scores[score.metricName] = score.result ?? null;
      for (const detail of score.evaluatorDetails ?? []) {
        evaluators.add(detail.modelIdentifier);
        if (detail.explanation !== undefined) explanations[score.metricName] = detail.explanation;
      }
    }
    evaluations.push({
      model: (responses[0] as z.output<typeof modelResponseSchema>).modelIdentifier,
      category: line.inputRecord.category,
      prompt: line.inputRecord.prompt,
      scores,
      explanations,
      evaluators: [...evaluators],
      source: `${file} line ${index + 1}`,
    });
  });
  return evaluations;
}

export interface MergeResult {
  /** Rows with the imported scores added (only the rows that changed). */
  updated: BenchRow[];
  unmatched: ImportedEvaluation[];
  evaluators: string[];
  warnings: string[];
}

/** `Builtin.Correctness` → `bedrock-correctness`; custom metrics keep their name. */
export function importedScoreName(metricName: string): string {
  const preset = findMetricByBedrockName(metricName);
  return `bedrock-${preset?.name ?? metricName.replace(/^Builtin\./, '').replace(/[^A-Za-z0-9._-]+/g, '-').toLowerCase()}`;
}

/**
 * Adds Bedrock's judge scores to our rows (repeat 0, matched on model, task = category, and the
 * prompt text), as `bedrock-<metric>` scores that count toward quality like any scorer. Refuses
 * outputs judged by different evaluator models: one judge per comparison.
 */
export function mergeBedrockEvaluations(rows: readonly BenchRow[], evaluations: readonly ImportedEvaluation[], suite: BenchSuite): MergeResult {
  const byModel = new Map<string, Set<string>>();
  for (const evaluation of evaluations) {
    const set = byModel.get(evaluation.model) ?? new Set<string>();
    for (const evaluator of evaluation.evaluators) set.add(evaluator);
    byModel.set(evaluation.model, set);
  }
  assertOneJudge([...byModel].map(([model, judges]) => ({ source: `the Bedrock evaluation of ${model}`, judges: [...judges] })));
  const tasks = new Map(suite.tasks.map((task) => [task.name, task]));
  const index = new Map<string, BenchRow>();
  for (const row of rows) {
    if (row.repeat !== 0 || row.status !== 'ok') continue;
    const task = tasks.get(row.task);
    const example = task?.examples.find((candidate) => candidate.id === row.exampleId);
    if (task === undefined || example === undefined) continue;
    const { promptText } = buildTaskRequest({ suite: suite.name, task, example, modelId: row.model, caching: false, answerKeys: false });
    index.set(`${row.model}\n${row.task}\n${promptText}`, row);
  }
  const updated: BenchRow[] = [];
  const unmatched: ImportedEvaluation[] = [];
  for (const evaluation of evaluations) {
    const row = index.get(`${evaluation.model}\n${evaluation.category ?? ''}\n${evaluation.prompt}`);
    if (row === undefined) {
      unmatched.push(evaluation);
      continue;
    }
    const scores: Record<string, ScoreEntry> = { ...row.scores };
    for (const [metricName, result] of Object.entries(evaluation.scores)) {
      const preset = findMetricByBedrockName(metricName);
      const quality = result === null ? null : preset?.higherIsBetter === false ? 1 - result : result;
      scores[importedScoreName(metricName)] = { value: quality, pass: quality === null ? null : quality >= 0.5, reason: evaluation.explanations[metricName] ?? `Bedrock ${metricName}` };
    }
    const applicable = Object.values(scores).filter((entry) => entry.value !== null);
    const failed = Object.values(scores).some((entry) => entry.error !== undefined);
    updated.push({
      ...row,
      scores,
      quality: failed || applicable.length === 0 ? null : applicable.reduce((sum, entry) => sum + (entry.value as number), 0) / applicable.length,
      pass: failed || applicable.length === 0 ? null : applicable.every((entry) => entry.pass === true),
    });
  }
  // Quality must mean the same for every candidate: a model without Bedrock scores is not comparable.
  const scored = new Set(updated.map((row) => row.model));
  const warnings = [...new Set(rows.filter((row) => row.repeat === 0 && row.status === 'ok').map((row) => row.model))]
    .filter((model) => !scored.has(model))
    .map((model) => `${model} has no Bedrock evaluation scores, so its quality is not comparable with the models that do; import its job output too.`);
  return { updated, unmatched, evaluators: [...new Set([...byModel.values()].flatMap((set) => [...set]))], warnings };
}
