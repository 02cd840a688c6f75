import { countTokens } from '../../emulator/count-tokens.js';
import { buildJudgeRequest, metricCriterion, rubricCriterion } from '../../judge/index.js';
import { type PricingCatalog, priceUsage } from '../../pricing/index.js';
import type { ModelRequest } from '../../providers/index.js';
import { nameScorers } from '../scorers/name-scorers.js';
import { referenceOf } from '../suite/bench-example.js';
import { templateVarsOf } from '../suite/load-suite.js';
import { renderTemplate } from '../suite/render-template.js';
import { buildTaskRequest } from './build-task-request.js';
import type { BenchWorkItem } from './plan-bench-run.js';

/**
 * Judge replies are a short JSON verdict; 60 output tokens is a typical `{pass, score, reason}`
 * with a one-sentence reason. The upper bound uses the judge's maxTokens.
 */
export const judgeReplyTokens = 60;

export interface EstimateLine {
  task: string;
  model: string;
  role: 'generation' | 'judge';
  calls: number;
  inputTokens: number;
  outputTokens: number;
  /** With the expected output length; null when the model has no price. */
  cost: number | null;
  /** Every call writing its full maxTokens: the most the run can cost. */
  maxCost: number | null;
}

export interface BenchCostEstimate {
  lines: EstimateLine[];
  generation: number | null;
  judge: number | null;
  total: number | null;
  maxTotal: number | null;
  calls: number;
  warnings: string[];
}

export interface EstimateInput {
  suite: string;
  items: readonly BenchWorkItem[];
  pricing: PricingCatalog;
  region: string;
  judges: readonly string[];
  judgeRepeats: number;
  judgeMaxTokens: number;
}

/** Input tokens of a request by the emulator's stated rule, block by block (no real tokenizer exists for Claude 3+ or Nova). */
export function countRequestTokens(request: ModelRequest): number {
  let tokens = 0;
  for (const block of request.system ?? []) if ('text' in block) tokens += countTokens(block.text);
  for (const message of request.messages) for (const block of message.content) if ('text' in block) tokens += countTokens(block.text);
  for (const tool of request.tools ?? []) if ('toolSpec' in tool) tokens += countTokens(JSON.stringify(tool));
  return tokens;
}

/**
 * What a run will cost before it starts: every planned call's input counted from the rendered
 * request, output estimated from the task's `estimatedOutputTokens`, else the expected output's
 * length, else half of maxOutputTokens; judge calls from the judge prompt with the reference as
 * a stand-in response and a 60-token verdict. Priced on-demand from the catalog, without cache
 * discounts. A token estimate, not a quote: the emulator's rule is within a few percent of real
 * tokenizers on English prose, and models differ in verbosity.
 */
export function estimateBenchCost(input: EstimateInput): BenchCostEstimate {
  const lines = new Map<string, EstimateLine & { maxOutputTokens: number }>();
  const warnings = new Set<string>();
  const add = (task: string, model: string, role: EstimateLine['role'], inputTokens: number, outputTokens: number, maxOutputTokens: number, calls = 1): void => {
    const key = `${task}\n${model}\n${role}`;
    const line = lines.get(key) ?? { task, model, role, calls: 0, inputTokens: 0, outputTokens: 0, cost: null, maxCost: null, maxOutputTokens: 0 };
    line.calls += calls;
    line.inputTokens += inputTokens * calls;
    line.outputTokens += outputTokens * calls;
    line.maxOutputTokens += maxOutputTokens * calls;
    lines.set(key, line);
  };
  for (const item of input.items) {
    const { task, example } = item;
    const { request, promptText } = buildTaskRequest({ suite: input.suite, task, example, modelId: item.model, caching: false, answerKeys: false });
    const reference = referenceOf(example);
    const expectedOutput = Math.min(task.maxOutputTokens, task.estimatedOutputTokens ?? (reference === undefined ? Math.ceil(task.maxOutputTokens / 2) : Math.max(1, countTokens(reference))));
    add(task.name, item.model, 'generation', countRequestTokens(request), expectedOutput, task.maxOutputTokens);
    const names = nameScorers(task.scorers);
    task.scorers.forEach((scorer, index) => {
      if (scorer.type !== 'judge' || (scorer.onlyIf !== undefined && !(scorer.onlyIf in example.vars))) return;
      const rubric = scorer.rubric === undefined ? '' : renderTemplate(scorer.rubric, templateVarsOf(example));
      const criterion = scorer.metric !== undefined ? metricCriterion(scorer.metric, scorer.threshold, names[index]) : rubricCriterion(names[index] as string, rubric, scorer.threshold);
      const response = reference ?? 'word '.repeat(Math.ceil(expectedOutput * 0.75));
      for (const judge of input.judges) {
        const judgeRequest = buildJudgeRequest({ judgeModel: judge, criterion, prompt: promptText, response, ...(reference !== undefined && { reference }), maxTokens: input.judgeMaxTokens });
        add(task.name, judge, 'judge', countRequestTokens(judgeRequest), judgeReplyTokens, input.judgeMaxTokens, input.judgeRepeats);
      }
    });
  }
  const price = (model: string, inputTokens: number, outputTokens: number): number | null => {
    const cost = priceUsage({ model, region: input.region, inputTokens, outputTokens }, input.pricing);
    for (const warning of cost.warnings) warnings.add(warning);
    return cost.total;
  };
  const result: EstimateLine[] = [...lines.values()].map(({ maxOutputTokens, ...line }) => ({
    ...line,
    cost: price(line.model, line.inputTokens, line.outputTokens),
    maxCost: price(line.model, line.inputTokens, maxOutputTokens),
  }));
  const sum = (role: EstimateLine['role'] | undefined, pick: (line: EstimateLine) => number | null): number | null => {
    let total = 0;
    for (const line of result) {
      if (role !== undefined && line.role !== role) continue;
      const value = pick(line);
      if (value === null) return null;
      total += value;
    }
    return Math.round(total * 1e12) / 1e12;
  };
  return {
    lines: result,
    generation: sum('generation', (line) => line.cost),
    judge: sum('judge', (line) => line.cost),
    total: sum(undefined, (line) => line.cost),
    maxTotal: sum(undefined, (line) => line.maxCost),
    calls: result.reduce((total, line) => total + line.calls, 0),
    warnings: [...warnings],
  };
}
