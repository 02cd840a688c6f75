import { countTokens } from '../../emulator/count-tokens.js';
import { buildJudgeRequest, metricCriterion, rubricCriterion } from '../../judge/index.js';
import { normalizeModelId } from '../../core/index.js';
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
  /** All input tokens, cached or not. */
  inputTokens: number;
  /** Of which read from / written to the prompt cache (the task's cache points, where the model caches). */
  cacheReadTokens: number;
  cacheWriteTokens: number;
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
  /** Calls in flight per model: that many first calls miss a cache nobody has written yet. */
  concurrency?: number;
}

/** Tokens before the request's last cache point (tools, system, messages in Bedrock's cache order); 0 without one. */
export function countCachedPrefixTokens(request: ModelRequest): number {
  let tokens = 0;
  let prefix = 0;
  const blocks = [...(request.system ?? []), ...request.messages.flatMap((message) => message.content)];
  for (const block of blocks) {
    if ('text' in block) tokens += countTokens(block.text);
    else if ('cachePoint' in block) prefix = tokens;
  }
  return prefix;
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
 * a stand-in response and a 60-token verdict. Priced on-demand from the catalog; where a task has
 * cache points and the model caches a prefix that long, the first `concurrency` calls write it
 * and the rest read it. A token estimate, not a quote: the emulator's rule approximates real
 * tokenizers, and models differ in verbosity.
 */
export function estimateBenchCost(input: EstimateInput): BenchCostEstimate {
  const lines = new Map<string, EstimateLine & { maxOutputTokens: number }>();
  const warnings = new Set<string>();
  const add = (task: string, model: string, role: EstimateLine['role'], inputTokens: number, outputTokens: number, maxOutputTokens: number, calls = 1, prefixTokens = 0): void => {
    const key = `${task}\n${model}\n${role}`;
    const line = lines.get(key) ?? { task, model, role, calls: 0, inputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 0, cost: null, maxCost: null, maxOutputTokens: 0 };
    // The first calls in flight all miss and write the prefix; later ones read it (5-minute TTL, refreshed by every hit).
    if (prefixTokens > 0) {
      if (line.calls < (input.concurrency ?? 1)) line.cacheWriteTokens += prefixTokens * calls;
      else line.cacheReadTokens += prefixTokens * calls;
    }
    line.calls += calls;
    line.inputTokens += inputTokens * calls;
    line.outputTokens += outputTokens * calls;
    line.maxOutputTokens += maxOutputTokens * calls;
    lines.set(key, line);
  };
  const cacheMinimum = new Map<string, number | null>();
  const cachingMinimum = (model: string): number | null => {
    if (!cacheMinimum.has(model)) {
      const resolved = normalizeModelId(model, input.pricing.registry);
      const rules = resolved.ok ? input.pricing.model(resolved.model.id)?.entry.caching : undefined;
      cacheMinimum.set(model, rules?.supported === true ? rules.minTokensPerCheckpoint : null);
    }
    return cacheMinimum.get(model) ?? null;
  };
  for (const item of input.items) {
    const { task, example } = item;
    const minimum = cachingMinimum(item.model);
    const { request, promptText } = buildTaskRequest({ suite: input.suite, task, example, modelId: item.model, caching: minimum !== null, answerKeys: false });
    const reference = referenceOf(example);
    const expectedOutput = Math.min(task.maxOutputTokens, task.estimatedOutputTokens ?? (reference === undefined ? Math.ceil(task.maxOutputTokens / 2) : Math.max(1, countTokens(reference))));
    // Below the model's minimum per checkpoint Bedrock caches nothing (and says nothing).
    const prefix = minimum === null ? 0 : countCachedPrefixTokens(request);
    add(task.name, item.model, 'generation', countRequestTokens(request), expectedOutput, task.maxOutputTokens, 1, prefix >= (minimum ?? Infinity) ? prefix : 0);
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
  const price = (line: EstimateLine, outputTokens: number): number | null => {
    const uncached = line.inputTokens - line.cacheReadTokens - line.cacheWriteTokens;
    const cost = priceUsage({ model: line.model, region: input.region, inputTokens: uncached, cacheReadTokens: line.cacheReadTokens, cacheWrite5mTokens: line.cacheWriteTokens, outputTokens }, input.pricing);
    for (const warning of cost.warnings) warnings.add(warning);
    return cost.total;
  };
  const result: EstimateLine[] = [...lines.values()].map(({ maxOutputTokens, ...line }) => ({
    ...line,
    cost: price(line, line.outputTokens),
    maxCost: price(line, maxOutputTokens),
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
