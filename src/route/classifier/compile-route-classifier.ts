import type { RouteSignals } from '../extract-route-signals.js';
import { computeSignalFeatures, standardize } from './compute-signal-features.js';
import { createTextVectorizer, type SparseVector } from './create-text-vectorizer.js';
import type { VocabularyTerm } from './fit-ngram-vocabulary.js';
import type { RouteClassifierModel } from './route-classifier-schema.js';
import { sigmoid } from './train-logistic-regression.js';
import { ngramKinds } from './scan-ngrams.js';

export interface ClassifierScore {
  /** Need for the top tier: the smallest need over the cheaper tiers. Thresholds apply to this. */
  need: number;
  /**
   * Per cheaper tier (cheapest first), the case for leaving it for the top tier: the expected
   * quality the top tier adds (label `gain`, −1..1) or 1 − P(acceptable) (label `acceptable`).
   */
  tierNeeds: number[];
}

export interface FeatureContribution {
  /** `word:refund`, `bigram:step by`, `char: ref`, or a signal such as `log_input_chars`. */
  feature: string;
  value: number;
  /** Effect on the cheapest tier's need, in log-odds: > 0 pushes toward the top tier. */
  towardTop: number;
}

export interface RouteClassifier {
  readonly model: RouteClassifierModel;
  score(signals: RouteSignals): ClassifierScore;
  /** Index into `model.tiers`: the cheapest tier whose need is below the threshold, else the top. */
  pick(score: ClassifierScore, threshold: number): number;
  /** The features that moved the cheapest tier's need most, largest first. */
  explain(signals: RouteSignals, top?: number): { contributions: FeatureContribution[]; bias: number };
}

const kindCode: Record<string, number> = { w: 0, b: 1, c: 2 };

/**
 * What the n-gram features are read from: the text lower-cased, and beyond `maxChars` only its
 * head and tail (instructions come first, the question last). Like RouteLLM's BERT router, which
 * reads 512 tokens, this bounds the cost of a decision on long prompts; length itself is still a
 * signal, measured on the whole request.
 */
export function classifierText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text.toLowerCase();
  const half = Math.floor(maxChars / 2);
  return `${text.slice(0, half)}\n${text.slice(text.length - half)}`.toLowerCase();
}

export function vocabularyTerms(model: RouteClassifierModel): VocabularyTerm[] {
  return model.vocabulary.terms.map((text, index) => ({ kind: kindCode[model.vocabulary.kinds[index] as string] as number, text, idf: model.vocabulary.idf[index] as number }));
}

/** Turns a validated model file into a fast scorer: n-gram table built once, weights in typed arrays. */
export function compileRouteClassifier(model: RouteClassifierModel): RouteClassifier {
  const vectorizer = createTextVectorizer(vocabularyTerms(model), model.ngrams);
  const termCount = vectorizer.size;
  const { tasks, mean, std, names } = model.signals;
  const raw = new Float64Array(names.length);
  const heads = model.heads.map((head) => ({ bias: head.bias, weights: Float64Array.from(head.weights) }));
  const gain = model.label === 'gain';
  // The sign that turns a head's log-odds into "toward the top tier".
  const direction = gain ? 1 : -1;

  const features = (signals: RouteSignals): { text: SparseVector; dense: Float64Array } => {
    computeSignalFeatures(signals, tasks, raw);
    const dense = new Float64Array(names.length);
    for (let index = 0; index < names.length; index += 1) dense[index] = standardize(raw[index] as number, mean[index] as number, std[index] as number);
    return { text: vectorizer.vectorize(classifierText(signals.text, model.ngrams.maxChars)), dense };
  };

  const logit = (head: (typeof heads)[number], text: SparseVector, dense: Float64Array): number => {
    let sum = head.bias;
    for (let at = 0; at < text.indices.length; at += 1) sum += (head.weights[text.indices[at] as number] as number) * (text.values[at] as number);
    for (let index = 0; index < dense.length; index += 1) sum += (head.weights[termCount + index] as number) * (dense[index] as number);
    return sum;
  };

  return {
    model,
    score(signals) {
      const { text, dense } = features(signals);
      const tierNeeds = heads.map((head) => {
        const probability = sigmoid(logit(head, text, dense));
        return gain ? 2 * probability - 1 : 1 - probability;
      });
      return { need: Math.min(...tierNeeds), tierNeeds };
    },
    pick(score, threshold) {
      const index = score.tierNeeds.findIndex((need) => need < threshold);
      return index < 0 ? model.tiers.length - 1 : index;
    },
    explain(signals, top = 8) {
      const head = heads[0] as (typeof heads)[number];
      const { text, dense } = features(signals);
      const contributions: FeatureContribution[] = [];
      for (let at = 0; at < text.indices.length; at += 1) {
        const index = text.indices[at] as number;
        const kind = ngramKinds[kindCode[model.vocabulary.kinds[index] as string] as number] as string;
        const value = text.values[at] as number;
        contributions.push({ feature: `${kind}:${model.vocabulary.terms[index] as string}`, value, towardTop: direction * (head.weights[index] as number) * value });
      }
      names.forEach((name, index) => {
        contributions.push({ feature: name, value: raw[index] as number, towardTop: direction * (head.weights[termCount + index] as number) * (dense[index] as number) });
      });
      contributions.sort((a, b) => Math.abs(b.towardTop) - Math.abs(a.towardTop));
      return { contributions: contributions.slice(0, top), bias: direction * head.bias };
    },
  };
}
