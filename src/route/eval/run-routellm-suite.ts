import { compileRouteClassifier } from '../classifier/compile-route-classifier.js';
import { promptUnit, signalsOfRow, trainRouteClassifier, type TrainRouteClassifierOptions } from '../classifier/train-route-classifier.js';
import { createValidators } from '../cascade/create-validators.js';
import type { OutcomeDataset, OutcomeRow } from '../outcomes/outcome-dataset.js';
import { computePgrCurve, meanQuality, type PairOutcome } from './compute-pgr-curve.js';
import { type CascadeEvaluation, evaluateCascade } from './evaluate-cascade.js';
import { evaluateOracleRouter } from './evaluate-oracle-router.js';
import { evaluateRandomRouter } from './evaluate-random-router.js';
import { type PairRouterSummary, summarizePairCurve } from './summarize-pair-curve.js';

/** RouteLLM's evaluation pair (lm-sys/RouteLLM `routellm/evals`). */
export const routellmWeak = 'mistralai/Mixtral-8x7B-Instruct-v0.1';
export const routellmStrong = 'gpt-4-1106-preview';
/** GSM8K answers end with `#### <number>`: a task-specific check a cascade can run on the cheap answer. */
export const gsm8kAnswerPattern = '####\\s*\\$?-?[\\d,]+(?:\\.\\d+)?\\s*$';

export interface BenchmarkBaselines {
  name: string;
  prompts: number;
  weakQuality: number;
  strongQuality: number;
  random: PairRouterSummary;
  oracle: PairRouterSummary;
  length: PairRouterSummary;
}

export interface LearnedEvaluation {
  name: string;
  /** How train and test are kept apart. */
  protocol: string;
  trainPrompts: number;
  testPrompts: number;
  trainSeconds: number;
  ours: PairRouterSummary;
  /** Baselines on the same test prompts. */
  random: PairRouterSummary;
  length: PairRouterSummary;
  beatsRandom: boolean;
  beatsLength: boolean;
}

export interface RoutellmSuiteReport {
  benchmarks: BenchmarkBaselines[];
  learned: LearnedEvaluation[];
  /** A two-tier cascade replayed on GSM8K's recorded weak answers with measured validator errors. */
  cascade: CascadeEvaluation & { validators: string[] };
  /** Plain statements of where the learned router wins and where it does not. */
  findings: string[];
}

export interface RoutellmSuiteOptions {
  folds?: number;
  /** 5-fold cross-validation on the full MMLU too (five trainings on ~11,000 prompts; slow for CI). */
  includeMmluFolds?: boolean;
  train?: Partial<TrainRouteClassifierOptions>;
}

const pair = (rows: readonly OutcomeRow[]): PairOutcome[] => rows.map((row) => ({ weak: row.scores[routellmWeak] as number, strong: row.scores[routellmStrong] as number }));
const lengthRule = (rows: readonly OutcomeRow[], outcomes: PairOutcome[]): PairRouterSummary =>
  summarizePairCurve('length rule', computePgrCurve(rows.map((row) => row.prompt.length), outcomes), 'longer prompt → strong model');

function baselines(name: string, data: OutcomeDataset): BenchmarkBaselines {
  const outcomes = pair(data.rows);
  const { weakQuality, strongQuality } = meanQuality(outcomes);
  return { name, prompts: data.rows.length, weakQuality, strongQuality, random: evaluateRandomRouter(outcomes), oracle: evaluateOracleRouter(outcomes), length: lengthRule(data.rows, outcomes) };
}

function train(rows: readonly OutcomeRow[], options: RoutellmSuiteOptions): { score: (row: OutcomeRow) => number; seconds: number } {
  const { model, report } = trainRouteClassifier(rows, { tiers: [routellmWeak, routellmStrong], holdoutShare: 0, ...options.train });
  const classifier = compileRouteClassifier(model);
  return { score: (row) => classifier.score(signalsOfRow(row)).need, seconds: report.seconds };
}

function judge(name: string, protocol: string, trainRows: number, test: readonly OutcomeRow[], scores: number[], seconds: number): LearnedEvaluation {
  const outcomes = pair(test);
  const ours = summarizePairCurve('classifier', computePgrCurve(scores, outcomes));
  const random = evaluateRandomRouter(outcomes);
  const length = lengthRule(test, outcomes);
  return { name, protocol, trainPrompts: trainRows, testPrompts: test.length, trainSeconds: seconds, ours, random, length, beatsRandom: ours.apgr > random.apgr, beatsLength: ours.apgr > length.apgr };
}

function crossValidate(name: string, data: OutcomeDataset, folds: number, options: RoutellmSuiteOptions): LearnedEvaluation {
  // Folds by a hash of the prompt text: a prompt that appears twice never sits on both sides.
  const fold = data.rows.map((row) => Math.min(folds - 1, Math.floor(promptUnit(`${row.prompt}\u241ffold`) * folds)));
  const scores = new Array<number>(data.rows.length).fill(0);
  let seconds = 0;
  for (let k = 0; k < folds; k += 1) {
    const trained = train(data.rows.filter((_, index) => fold[index] !== k), options);
    seconds += trained.seconds;
    data.rows.forEach((row, index) => {
      if (fold[index] === k) scores[index] = trained.score(row);
    });
  }
  return judge(`${name} ${folds}-fold`, `in-domain: ${folds}-fold cross-validation, folds by prompt hash; every prompt scored by a model that never saw it`, Math.round((data.rows.length * (folds - 1)) / folds), data.rows, scores, seconds);
}

function subjectOf(row: OutcomeRow): string {
  return row.id.split('#')[0] ?? row.id;
}

/**
 * The offline regression suite on RouteLLM's public GSM8K and MMLU outcomes (contaminated
 * prompts removed by the reader): the reference routers (random, prompt length, oracle) on each
 * benchmark, then the learned router under protocols that never let a test prompt into training —
 * in-domain cross-validation, held-out MMLU subjects, and one benchmark to the other.
 */
export function runRoutellmSuite(gsm8k: OutcomeDataset, mmlu: OutcomeDataset, options: RoutellmSuiteOptions = {}): RoutellmSuiteReport {
  const folds = options.folds ?? 5;
  const benchmarks = [baselines('GSM8K', gsm8k), baselines('MMLU', mmlu)];
  const learned: LearnedEvaluation[] = [crossValidate('GSM8K', gsm8k, folds, options)];
  if (options.includeMmluFolds === true) learned.push(crossValidate('MMLU', mmlu, folds, options));

  const subjects = [...new Set(mmlu.rows.map(subjectOf))].sort();
  const trainSubjects = new Set(subjects.filter((_, index) => index % 2 === 0));
  const subjectTrain = mmlu.rows.filter((row) => trainSubjects.has(subjectOf(row)));
  const subjectTest = mmlu.rows.filter((row) => !trainSubjects.has(subjectOf(row)));
  const bySubject = train(subjectTrain, options);
  learned.push(
    judge('MMLU held-out subjects', `train on ${trainSubjects.size} MMLU subjects, test on the other ${subjects.length - trainSubjects.size}`, subjectTrain.length, subjectTest, subjectTest.map(bySubject.score), bySubject.seconds),
  );
  const fromMmlu = train(mmlu.rows, options);
  learned.push(judge('MMLU → GSM8K', 'train on all of MMLU, test on GSM8K (another benchmark)', mmlu.rows.length, gsm8k.rows, gsm8k.rows.map(fromMmlu.score), fromMmlu.seconds));
  const fromGsm8k = train(gsm8k.rows, options);
  learned.push(judge('GSM8K → MMLU', 'train on all of GSM8K, test on MMLU (another benchmark)', gsm8k.rows.length, mmlu.rows, mmlu.rows.map(fromGsm8k.score), fromGsm8k.seconds));

  const validators = createValidators({ pattern: gsm8kAnswerPattern });
  const cascade = {
    ...evaluateCascade(
      gsm8k.rows.map((row) => ({ weak: row.scores[routellmWeak] as number, strong: row.scores[routellmStrong] as number, weakResponse: row.responses[routellmWeak] ?? '' })),
      validators,
    ),
    validators: validators.map((validator) => validator.name),
  };

  const findings = learned.map((entry) => {
    const versus = (other: PairRouterSummary): string => `${entry.ours.apgr.toFixed(3)} vs ${other.apgr.toFixed(3)}`;
    if (!entry.beatsRandom) return `${entry.name}: the classifier does NOT beat the random router (APGR ${versus(entry.random)}).`;
    if (!entry.beatsLength) return `${entry.name}: beats random (APGR ${versus(entry.random)}) but NOT the prompt-length rule (${versus(entry.length)}).`;
    return `${entry.name}: beats random (APGR ${versus(entry.random)}) and the prompt-length rule (${versus(entry.length)}).`;
  });
  return { benchmarks, learned, cascade, findings };
}
