import { type Judge, type JudgeCriterion, type JudgeOutcome, metricCriterion, rubricCriterion } from '../../judge/index.js';
import type { ScoreEntry } from '../run/bench-row.js';
import { type BenchExample, referenceOf } from '../suite/bench-example.js';
import type { BenchTask } from '../suite/load-suite.js';
import { templateVarsOf } from '../suite/load-suite.js';
import { renderTemplate } from '../suite/render-template.js';
import { nameScorers } from './name-scorers.js';
import { normalizeAnswer } from './normalize-answer.js';
import { type DeterministicScorer, scoreDeterministic } from './score-deterministic.js';

export interface ScoredResponse {
  scores: Record<string, ScoreEntry>;
  quality: number | null;
  pass: boolean | null;
  judge: JudgeOutcome | null;
}

export interface ScoreResponseInput {
  task: BenchTask;
  example: BenchExample;
  output: string;
  promptText: string;
  judge?: Judge | undefined;
  /**
   * Emulator only: give the simulated judge the verdict a perfect judge would reach, taken from
   * whether the reply's first line matches the reference. Real judges never get it.
   */
  simulateJudgeTruth: boolean;
}

/**
 * Runs every scorer of the task on one output; judge scorers share one judge evaluation. The row's
 * quality is the mean of the applicable scorer values and its pass needs every applicable scorer
 * to pass; a judge error leaves both null (an unknown, not a fail).
 */
export async function scoreResponse(input: ScoreResponseInput): Promise<ScoredResponse> {
  const { task, example, output } = input;
  const names = nameScorers(task.scorers);
  const scores: Record<string, ScoreEntry> = {};
  const criteria: { name: string; criterion: JudgeCriterion }[] = [];
  task.scorers.forEach((scorer, index) => {
    const name = names[index] as string;
    if (scorer.type === 'judge') {
      if (scorer.onlyIf !== undefined && !(scorer.onlyIf in example.vars)) {
        scores[name] = { value: null, pass: null, reason: `not applicable (no ${scorer.onlyIf})` };
        return;
      }
      const rubric = scorer.rubric === undefined ? undefined : renderTemplate(scorer.rubric, templateVarsOf(example));
      const criterion = scorer.metric !== undefined ? metricCriterion(scorer.metric, scorer.threshold, name) : rubricCriterion(name, rubric as string, scorer.threshold);
      criteria.push({ name, criterion });
      return;
    }
    scores[name] = scoreDeterministic(scorer as DeterministicScorer, output, example);
  });

  let judged: JudgeOutcome | null = null;
  if (criteria.length > 0) {
    if (input.judge === undefined) {
      for (const { name } of criteria) scores[name] = { value: null, pass: null, reason: '', error: 'no judge model: set judge in the suite or pass --judge' };
    } else {
      const reference = referenceOf(example);
      const truth = input.simulateJudgeTruth && reference !== undefined ? normalizeAnswer(output) === normalizeAnswer(reference) : undefined;
      judged = await input.judge.evaluate({
        criteria: criteria.map(({ criterion }) => criterion),
        prompt: input.promptText,
        response: output,
        ...(reference !== undefined && { reference }),
        ...(truth !== undefined && { truth: () => truth }),
      });
      for (const result of judged.results) {
        scores[result.criterion] = {
          value: result.quality,
          pass: result.pass,
          reason: result.reason,
          ...(result.error !== null && { error: result.error }),
          votes: result.votes.map((vote) => ({
            judge: vote.judge,
            repeat: vote.repeat,
            score: vote.verdict?.score ?? null,
            quality: vote.verdict?.quality ?? null,
            pass: vote.verdict?.pass ?? null,
            error: vote.error,
          })),
        };
      }
    }
  }

  const ordered = Object.fromEntries(names.map((name) => [name, scores[name] as ScoreEntry]));
  const entries = Object.values(ordered);
  if (entries.some((entry) => entry.error !== undefined)) return { scores: ordered, quality: null, pass: null, judge: judged };
  const applicable = entries.filter((entry) => entry.value !== null);
  if (applicable.length === 0) return { scores: ordered, quality: null, pass: null, judge: judged };
  const quality = applicable.reduce((sum, entry) => sum + (entry.value as number), 0) / applicable.length;
  const pass = applicable.every((entry) => entry.pass === true);
  return { scores: ordered, quality, pass, judge: judged };
}
