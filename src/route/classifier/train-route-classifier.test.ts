import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/index.js';
import { extractRouteSignals, promptRequest } from '../extract-route-signals.js';
import { compileRouteClassifier } from './compile-route-classifier.js';
import { createTextVectorizer } from './create-text-vectorizer.js';
import { fitNgramVocabulary } from './fit-ngram-vocabulary.js';
import { parseRouteClassifier } from './parse-route-classifier.js';
import { BIGRAM, CHAR, hashNgram, NgramBuffer, ngramText, scanNgrams, WORD } from './scan-ngrams.js';
import { syntheticOutcomes } from '../../../test/helpers/synthetic-route-outcomes.js';
import { trainRouteClassifier } from './train-route-classifier.js';

describe('n-grams', () => {
  it('hashes an n-gram the same from a scan and from its stored text (model files round-trip)', () => {
    const text = 'refund 42 eggs, naïve café!';
    const buffer = new NgramBuffer();
    const count = scanNgrams(text, { bigrams: true, charMin: 3, charMax: 5 }, buffer);
    const kinds = new Set<number>();
    for (let at = 0; at < count; at += 1) {
      const kind = buffer.kind[at] as number;
      kinds.add(kind);
      const term = ngramText(text, kind, buffer.start[at] as number, buffer.end[at] as number);
      expect(hashNgram(kind, term), `${kind}:${JSON.stringify(term)}`).toEqual([buffer.h1[at], buffer.h2[at]]);
    }
    expect([...kinds].sort()).toEqual([WORD, BIGRAM, CHAR]);
    // Digits fold to 0, char n-grams carry their word-boundary padding.
    expect(ngramText(text, WORD, 7, 9)).toBe('00');
    expect(ngramText(text, CHAR, -1, 3)).toBe(' ref');
    expect(ngramText(text, BIGRAM, 0, 9)).toBe('refund 00');
  });

  it('builds L2-normalised TF-IDF per block from a fitted vocabulary', () => {
    const texts = ['the refund was late', 'the refund was quick', 'prove the bound'];
    const settings = { bigrams: true, charMin: 3, charMax: 4 };
    const terms = fitNgramVocabulary(texts, settings, { maxWordFeatures: 50, maxCharFeatures: 50, minDf: 2, maxDfShare: 1 });
    expect(terms.some((term) => term.kind === WORD && term.text === 'refund')).toBe(true);
    expect(terms.every((term) => term.kind !== WORD || term.text !== 'prove')).toBe(true); // df 1 < minDf
    const vector = createTextVectorizer(terms, settings).vectorize('the refund was late');
    const norms = [0, 0];
    vector.indices.forEach((index, at) => {
      const block = terms[index]?.kind === CHAR ? 1 : 0;
      norms[block] = (norms[block] as number) + (vector.values[at] as number) ** 2;
    });
    expect(norms[0]).toBeCloseTo(1, 12);
    expect(norms[1]).toBeCloseTo(1, 12);
  });
});

describe('trainRouteClassifier', () => {
  const rows = syntheticOutcomes(600);
  const fixedClock = () => new Date('2026-07-30T00:00:00Z');

  it('learns which prompts need the top tier, and says so on held-out prompts', () => {
    const { model, report } = trainRouteClassifier(rows, { tiers: ['cheap', 'top'], now: fixedClock, epochs: 10 });
    expect(report.trainRows + report.holdoutRows).toBe(600);
    expect(report.holdoutRows).toBeGreaterThan(80);
    expect(report.holdout?.ours.apgr).toBeGreaterThan((report.holdout?.random.apgr ?? 1) + 0.15);
    const classifier = compileRouteClassifier(model);
    const need = (prompt: string) => classifier.score(extractRouteSignals(promptRequest(prompt))).need;
    expect(need('please prove the integral converges and justify every step')).toBeGreaterThan(need('please cancel my order'));
  });

  it('is deterministic and round-trips through its JSON file', () => {
    const first = trainRouteClassifier(rows, { tiers: ['cheap', 'top'], now: fixedClock });
    const second = trainRouteClassifier(rows, { tiers: ['cheap', 'top'], now: fixedClock });
    const text = JSON.stringify(first.model);
    expect(JSON.stringify(second.model)).toBe(text);
    const loaded = parseRouteClassifier(text, 'router.json');
    const original = compileRouteClassifier(first.model);
    const reloaded = compileRouteClassifier(loaded);
    for (const row of rows.slice(0, 50)) {
      const signals = extractRouteSignals(promptRequest(row.prompt));
      expect(reloaded.score(signals)).toEqual(original.score(signals));
    }
    expect(text.length).toBeLessThan(200_000);
  });

  it('calibrates the stored threshold to the target share on held-out prompts', () => {
    const { model } = trainRouteClassifier(rows, { tiers: ['cheap', 'top'], targetStrongShare: 0.3, now: fixedClock });
    const { referenceScores, threshold } = model.calibration;
    const share = referenceScores.filter((score) => score >= threshold).length / referenceScores.length;
    expect(Math.abs(share - 0.3)).toBeLessThan(0.05);
    expect(model.calibration.referenceSource).toMatch(/held-out/);
  });

  it('trains one head per tier below the top for a longer ladder', () => {
    const three = rows.map((row) => ({ ...row, scores: { ...row.scores, mid: row.scores['top'] as number } }));
    const { model } = trainRouteClassifier(three, { tiers: ['cheap', 'mid', 'top'], now: fixedClock });
    expect(model.heads.map((head) => head.modelId)).toEqual(['cheap', 'mid']);
    const classifier = compileRouteClassifier(model);
    const score = classifier.score(extractRouteSignals(promptRequest('please prove the integral converges and justify every step of the argument')));
    expect(score.tierNeeds).toHaveLength(2);
    expect(classifier.pick(score, Number.POSITIVE_INFINITY)).toBe(0);
    expect(classifier.pick(score, Number.NEGATIVE_INFINITY)).toBe(2);
  });

  it('rejects data without scores for the ladder and too little data', () => {
    expect(() => trainRouteClassifier([{ prompt: 'x', scores: { cheap: 1 } }], { tiers: ['cheap', 'top'] })).toThrow(/no 0..1 score for top/);
    expect(() => trainRouteClassifier([{ prompt: 'x', scores: { cheap: 1, top: 1 } }], { tiers: ['cheap', 'top'] })).toThrow(/Only 1 training prompt/);
  });
});

describe('parseRouteClassifier', () => {
  const { model } = trainRouteClassifier(syntheticOutcomes(200), { tiers: ['cheap', 'top'], holdoutShare: 0 });

  it('refuses files that are not, or no longer, router files', () => {
    expect(() => parseRouteClassifier('{', 'r.json')).toThrow(ConfigError);
    expect(() => parseRouteClassifier('{"format":"other"}', 'r.json')).toThrow(/not a frugal router file/);
    expect(() => parseRouteClassifier(JSON.stringify({ ...model, version: 2 }), 'r.json')).toThrow(/version 2; this frugal reads version 1/);
  });

  it('refuses a damaged file with the field that is wrong', () => {
    const head = model.heads[0] as (typeof model.heads)[number];
    const truncated = { ...model, heads: [{ ...head, weights: head.weights.slice(1) }] };
    expect(() => parseRouteClassifier(JSON.stringify(truncated), 'r.json')).toThrow(/heads.0.weights.*expected \d+ weights/s);
    expect(() => parseRouteClassifier(JSON.stringify({ ...model, label: 'maybe' }), 'r.json')).toThrow(/label/);
  });
});
