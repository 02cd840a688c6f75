import type { RouteSignals } from '../extract-route-signals.js';
import { computeSignalFeatures, standardize } from './compute-signal-features.js';
import { createTextVectorizer, type SparseScratch } from './create-text-vectorizer.js';
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

  // Reused by every decision (decisions are synchronous): signal features and the text's TF-IDF.
  const dense = new Float64Array(names.length);
  const features = (signals: RouteSignals): SparseScratch => {
    computeSignalFeatures(signals, tasks, raw);
    for (let index = 0; index < names.length; index += 1) dense[index] = standardize(raw[index] as number, mean[index] as number, std[index] as number);
    return vectorizer.vectorizePrompt(signals.text, model.ngrams.maxChars);
  };

  const logit = (head: (typeof heads)[number], text: SparseScratch): number => {
    const { weights } = head;
    const { count, indices, values } = text;
    let sum = head.bias;
    for (let at = 0; at < count; at += 1) sum += (weights[indices[at] as number] as number) * (values[at] as number);
    for (let index = 0; index < dense.length; index += 1) sum += (weights[termCount + index] as number) * (dense[index] as number);
    return sum;
  };

  return {
    model,
    score(signals) {
      const text = features(signals);
      const tierNeeds: number[] = [];
      let need = Number.POSITIVE_INFINITY;
      for (let at = 0; at < heads.length; at += 1) {
        const probability = sigmoid(logit(heads[at] as (typeof heads)[number], text));
        const tierNeed = gain ? 2 * probability - 1 : 1 - probability;
        tierNeeds.push(tierNeed);
        // Math.min's order, including −0 before +0.
        need = Math.min(need, tierNeed);
      }
      return { need, tierNeeds };
    },
    pick(score, threshold) {
      const index = score.tierNeeds.findIndex((need) => need < threshold);
      return index < 0 ? model.tiers.length - 1 : index;
    },
    explain(signals, top = 8) {
      const head = heads[0] as (typeof heads)[number];
      const text = features(signals);
      const contributions: FeatureContribution[] = [];
      for (let at = 0; at < text.count; at += 1) {
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
