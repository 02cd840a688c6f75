import { InvalidArgumentError } from '../../core/index.js';
import type { ModelRequest } from '../../providers/index.js';
import { calibrateThreshold } from '../calibrate-threshold.js';
import { computePgrCurve, type PairOutcome } from '../eval/compute-pgr-curve.js';
import { evaluateRandomRouter } from '../eval/evaluate-random-router.js';
import { type PairRouterSummary, summarizePairCurve } from '../eval/summarize-pair-curve.js';
import { extractRouteSignals, promptRequest, type RouteSignals } from '../extract-route-signals.js';
import { classifierText } from './classifier-text.js';
import { compileRouteClassifier } from './compile-route-classifier.js';
import { computeSignalFeatures, continuousSignalCount, signalFeatureNames, standardize } from './compute-signal-features.js';
import { createTextVectorizer } from './create-text-vectorizer.js';
import { fitNgramVocabulary } from './fit-ngram-vocabulary.js';
import { hashNgram } from './scan-ngrams.js';
import { type RouteClassifierModel, routeClassifierFormat, routeClassifierSchema, routeClassifierVersion } from './route-classifier-schema.js';
import { predictRow, type SparseRows, trainLogisticRegression } from './train-logistic-regression.js';

export interface TrainingRow {
  prompt: string;
  /** The full request, when known; otherwise the prompt stands for a one-turn request. */
  request?: ModelRequest | undefined;
  task?: string | undefined;
  /** Quality per model id, 0..1. */
  scores: Readonly<Record<string, number>>;
}

export interface TrainRouteClassifierOptions {
  /** Model ids, cheapest first; at least two. */
  tiers: readonly string[];
  /**
   * `gain` (default): each head predicts how much better the top tier's answer is than this
   * tier's, (top − tier + 1) / 2 as a soft label, so prompts that every tier fails do not crowd
   * the top tier. `acceptable`: each head predicts whether this tier's answer is acceptable.
   */
  label?: RouteClassifierModel['label'];
  /** Tier numbers (1..3) of the models, when known from the catalog. */
  tierNumbers?: readonly (number | undefined)[];
  sources?: readonly string[];
  maxWordFeatures?: number;
  maxCharFeatures?: number;
  minDf?: number;
  maxDfShare?: number;
  bigrams?: boolean;
  charMin?: number;
  charMax?: number;
  /** Longest text the n-grams are read from (head and tail beyond it). */
  maxChars?: number;
  l2?: number;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  seed?: number;
  /** Share of prompts kept out of training to calibrate thresholds and report honest figures. */
  holdoutShare?: number;
  /** Default target share of top-tier traffic stored in the file (the router can override it). */
  targetStrongShare?: number;
  now?: () => Date;
}

export interface TrainingReport {
  trainRows: number;
  holdoutRows: number;
  seconds: number;
  features: { words: number; chars: number; signals: number };
  /** Figures on the held-out prompts (cheapest vs top tier), beside random and the length rule. */
  holdout?: { ours: PairRouterSummary; random: PairRouterSummary; length: PairRouterSummary };
}

const defaults = {
  maxWordFeatures: 4000,
  maxCharFeatures: 6000,
  minDf: 2,
  maxDfShare: 0.95,
  bigrams: true,
  charMin: 3,
  charMax: 5,
  maxChars: 4000,
  l2: 3e-3,
  epochs: 6,
  batchSize: 128,
  learningRate: 0.003,
  seed: 1,
  holdoutShare: 0.2,
  targetStrongShare: 0.5,
  label: 'gain' as RouteClassifierModel['label'],
};

const round = (value: number): number => Number(value.toPrecision(6));

/** A stable pseudo-random unit per prompt: identical prompts always land on the same side of the split. */
export function promptUnit(prompt: string): number {
  const [hash] = hashNgram(0, prompt);
  return (hash >>> 0) / 4294967296;
}

/** The signals of a data-set row, read the same way as a live request's. */
export function signalsOfRow(row: TrainingRow): RouteSignals {
  return extractRouteSignals(row.request ?? promptRequest(row.prompt), row.task === undefined ? {} : { task: row.task });
}

/**
 * Trains the learned router: TF-IDF of word and character n-grams plus the rule signals, one
 * logistic-regression head per tier below the top predicting whether that tier's answer is
 * acceptable. Prompts are split by a hash of their text (duplicates never straddle the split);
 * the held-out part calibrates the default threshold and gives the figures in the report.
 */
export function trainRouteClassifier(rows: readonly TrainingRow[], options: TrainRouteClassifierOptions): { model: RouteClassifierModel; report: TrainingReport } {
  const settings = { ...defaults, ...Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) } as typeof defaults & TrainRouteClassifierOptions;
  const started = performance.now();
  if (options.tiers.length < 2) throw new InvalidArgumentError('tiers', 'Training needs at least two models: a cheap tier and a top tier.');
  for (const [index, row] of rows.entries()) {
    for (const model of options.tiers) {
      const score = row.scores[model];
      if (score === undefined || !(score >= 0 && score <= 1)) throw new InvalidArgumentError('data', `Row ${index + 1} has no 0..1 score for ${model}.`);
    }
  }
  const useHoldout = settings.holdoutShare > 0 && rows.length >= 20;
  const train: TrainingRow[] = [];
  const holdout: TrainingRow[] = [];
  for (const row of rows) (useHoldout && promptUnit(row.prompt) < settings.holdoutShare ? holdout : train).push(row);
  if (train.length < 2) throw new InvalidArgumentError('data', `Only ${train.length} training prompt(s); a router needs labelled outcomes for many prompts (hundreds at least).`);

  const ngrams = { bigrams: settings.bigrams, charMin: settings.charMin, charMax: settings.charMax, maxChars: settings.maxChars };
  const trainSignals = train.map(signalsOfRow);
  const texts = trainSignals.map((signals) => classifierText(signals.text, settings.maxChars));
  const terms = fitNgramVocabulary(texts, ngrams, settings);
  const vectorizer = createTextVectorizer(terms, ngrams);
  const tasks = [...new Set(train.map((row) => row.task).filter((task): task is string => task !== undefined))].sort().slice(0, 64);
  const names = signalFeatureNames(tasks);
  const size = terms.length + names.length;

  // Raw signals first, to standardise them with the training mean and deviation.
  const raw = train.map((_, index) => {
    const out = new Float64Array(names.length);
    computeSignalFeatures(trainSignals[index] as RouteSignals, tasks, out);
    return out;
  });
  // Indicators stay 0/1: standardising a flag that is almost always set (every MMLU prompt is
  // multiple choice) turns its rare opposite into a value of −100 on other traffic.
  const mean = names.map((_, column) => (column < continuousSignalCount ? raw.reduce((sum, values) => sum + (values[column] as number), 0) / raw.length : 0));
  const std = names.map((_, column) => {
    if (column >= continuousSignalCount) return 1;
    const variance = raw.reduce((sum, values) => sum + ((values[column] as number) - (mean[column] as number)) ** 2, 0) / raw.length;
    return variance > 1e-12 ? Math.sqrt(variance) : 1;
  });

  const vectors = texts.map((text) => vectorizer.vectorize(text));
  const nonZero = vectors.reduce((sum, vector) => sum + vector.indices.length, 0) + names.length * train.length;
  const matrix: SparseRows = { offsets: new Int32Array(train.length + 1), indices: new Int32Array(nonZero), values: new Float64Array(nonZero), size };
  let at = 0;
  vectors.forEach((vector, row) => {
    matrix.indices.set(vector.indices, at);
    matrix.values.set(vector.values, at);
    at += vector.indices.length;
    for (let column = 0; column < names.length; column += 1) {
      matrix.indices[at] = terms.length + column;
      matrix.values[at] = standardize((raw[row] as Float64Array)[column] as number, mean[column] as number, std[column] as number);
      at += 1;
    }
    matrix.offsets[row + 1] = at;
  });

  const top = options.tiers[options.tiers.length - 1] as string;
  const fits = options.tiers.slice(0, -1).map((modelId) => {
    const labels = Float64Array.from(train, (row) =>
      settings.label === 'gain' ? ((row.scores[top] as number) - (row.scores[modelId] as number) + 1) / 2 : (row.scores[modelId] as number),
    );
    return { modelId, fitted: trainLogisticRegression(matrix, labels, settings) };
  });
  const heads = fits.map(({ modelId, fitted }) => ({ modelId, bias: round(fitted.bias), weights: Array.from(fitted.weights, round) }));
  /** Need for the top tier of training row `row`, straight from the matrix (no second featurisation). */
  const trainNeed = (row: number): number =>
    Math.min(...fits.map(({ fitted }) => {
      const probability = predictRow(fitted, matrix, row);
      return settings.label === 'gain' ? 2 * probability - 1 : 1 - probability;
    }));

  const draft: RouteClassifierModel = {
    format: routeClassifierFormat,
    version: routeClassifierVersion,
    createdAt: (options.now?.() ?? new Date()).toISOString(),
    tiers: options.tiers.map((modelId, index) => ({ modelId, ...(options.tierNumbers?.[index] !== undefined && { tier: options.tierNumbers[index] }) })),
    label: settings.label,
    ngrams,
    vocabulary: { kinds: terms.map((term) => 'wbc'[term.kind]).join(''), terms: terms.map((term) => term.text), idf: terms.map((term) => round(term.idf)) },
    signals: { names, tasks, mean: mean.map(round), std: std.map(round) },
    heads,
    calibration: { referenceScores: [0], referenceSource: '', targetStrongShare: settings.targetStrongShare, threshold: 0 },
    training: {
      sources: [...(options.sources ?? [])],
      rows: rows.length,
      trainRows: train.length,
      holdoutRows: holdout.length,
      options: { ...ngrams, maxWordFeatures: settings.maxWordFeatures, maxCharFeatures: settings.maxCharFeatures, minDf: settings.minDf, l2: settings.l2, epochs: settings.epochs, batchSize: settings.batchSize, learningRate: settings.learningRate, seed: settings.seed, holdoutShare: useHoldout ? settings.holdoutShare : 0 },
    },
  };

  // Calibrate on what the model has not seen when there is a holdout; otherwise say so.
  const classifier = compileRouteClassifier(draft);
  const reference = useHoldout && holdout.length > 0 ? holdout : train;
  const referenceScores = reference === holdout ? holdout.map((row) => classifier.score(signalsOfRow(row)).need) : train.map((_, row) => trainNeed(row));
  const sorted = [...referenceScores].sort((a, b) => a - b);
  const step = Math.max(1, sorted.length / 2000);
  const sample: number[] = [];
  for (let position = 0; position < sorted.length; position += step) sample.push(round(sorted[Math.floor(position)] as number));
  draft.calibration = {
    referenceScores: sample,
    referenceSource: reference === holdout ? `${holdout.length} held-out training prompts` : `${train.length} training prompts (in-sample: recalibrate on your traffic)`,
    targetStrongShare: settings.targetStrongShare,
    threshold: round(calibrateThreshold(referenceScores, settings.targetStrongShare)),
  };
  const model = routeClassifierSchema.parse(draft);

  const report: TrainingReport = {
    trainRows: train.length,
    holdoutRows: holdout.length,
    seconds: (performance.now() - started) / 1000,
    features: { words: terms.filter((term) => term.kind !== 2).length, chars: terms.filter((term) => term.kind === 2).length, signals: names.length },
  };
  if (useHoldout && holdout.length >= 10) {
    const weak = options.tiers[0] as string;
    const strong = options.tiers[options.tiers.length - 1] as string;
    const outcomes: PairOutcome[] = holdout.map((row) => ({ weak: row.scores[weak] as number, strong: row.scores[strong] as number }));
    report.holdout = {
      ours: summarizePairCurve('classifier', computePgrCurve(referenceScores, outcomes)),
      random: evaluateRandomRouter(outcomes),
      length: summarizePairCurve('length rule', computePgrCurve(holdout.map((row) => row.prompt.length), outcomes)),
    };
  }
  return { model, report };
}
