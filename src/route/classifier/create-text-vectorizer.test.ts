import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../core/index.js';
import { extractRouteSignals, promptRequest } from '../extract-route-signals.js';
import { readOutcomeData } from '../outcomes/read-outcome-data.js';
import { classifierText } from './classifier-text.js';
import { compileRouteClassifier } from './compile-route-classifier.js';
import { computeSignalFeatures, standardize } from './compute-signal-features.js';
import { createTextVectorizer } from './create-text-vectorizer.js';
import { fitNgramVocabulary } from './fit-ngram-vocabulary.js';
import { CHAR, hashNgram, NgramBuffer, scanNgrams } from './scan-ngrams.js';
import { sigmoid } from './train-logistic-regression.js';
import { trainRouteClassifier } from './train-route-classifier.js';
import { routellmStrong, routellmWeak } from '../eval/run-routellm-suite.js';

const fixtures = resolve(import.meta.dirname, '../../../test/fixtures/routellm');

// Characters whose lower case is not plain ASCII: Kelvin sign (→ k), İ (→ two code units),
// Σ (final or not by context), Deseret letters (astral, with a lower case), emoji (astral,
// without), lone surrogates, letters and digits outside ASCII, punctuation.
const pieces = ['A', 'b', 'Ç', 'é', 'ß', '\u212a', 'İ', 'Σ', 'ΟΔΟΣ', '𐐀', '𐐨', '😀', '\ud83d', '\ude00', '٣', '7', '42', ' ', '\n', '-', '“', 'refund', 'Refund', 'THE', 'the', 'eggs', 'naïve', 'café'];

describe('vectorizePrompt', () => {
  it('gives exactly vectorize(classifierText(text)), without the intermediate string', async () => {
    const { rows } = await readOutcomeData(['gsm8k'], fixtures);
    const prompts = rows.map((row) => row.prompt);
    const settings = { bigrams: true, charMin: 3, charMax: 5 };
    const random = createSeededRandom(11);
    const texts = [...prompts];
    // Long prompts (head and tail read apart) and Unicode edge cases, also cut at small maxChars.
    for (let index = 0; index < 50; index += 1) texts.push(prompts.slice(index * 20, index * 20 + 20).join('\n\n'));
    const odd: string[] = [];
    for (let index = 0; index < 400; index += 1) {
      odd.push(Array.from({ length: 1 + Math.floor(random() * 60) }, () => pieces[Math.floor(random() * pieces.length)] as string).join(random() < 0.5 ? '' : ' '));
    }
    texts.push(...odd);
    // The odd texts are in the vocabulary too, so their n-grams count.
    const terms = fitNgramVocabulary(
      [...prompts.slice(0, 600), ...odd].map((prompt) => classifierText(prompt, 4000)),
      settings,
      { maxWordFeatures: 3000, maxCharFeatures: 6000, minDf: 2, maxDfShare: 0.95 },
    );
    const vectorizer = createTextVectorizer(terms, settings);
    const reference = createTextVectorizer(terms, settings);
    let fellBack = 0;
    for (const text of texts) {
      for (const maxChars of [4000, 101, 10]) {
        const expected = reference.vectorize(classifierText(text, maxChars));
        const got = vectorizer.vectorizePrompt(text, maxChars);
        const label = `${JSON.stringify(text.slice(0, 80))} at maxChars ${maxChars}`;
        expect([...got.indices.subarray(0, got.count)], label).toEqual([...expected.indices]);
        // Bit for bit: the same operations in the same order.
        expect([...got.values.subarray(0, got.count)], label).toEqual([...expected.values]);
        if (/[İΣ]/u.test(text)) fellBack += 1;
      }
    }
    expect(fellBack).toBeGreaterThan(0);
    // A "word" longer than the whole character-feature cache (a pasted blob without spaces),
    // against counts taken straight from a full n-gram scan (no cache on either side).
    const blob = `start ${'refund'.repeat(250_000)} end`;
    const got = vectorizer.vectorizePrompt(blob, 2_000_000);
    const byHash = new Map(terms.map((term, index) => [hashNgram(term.kind, term.text).join(':'), index]));
    const buffer = new NgramBuffer();
    const total = scanNgrams(classifierText(blob, 2_000_000), settings, buffer);
    const counts = new Map<number, number>();
    for (let at = 0; at < total; at += 1) {
      const index = byHash.get(`${buffer.h1[at]}:${buffer.h2[at]}`);
      if (index !== undefined) counts.set(index, (counts.get(index) ?? 0) + 1);
    }
    const norms = { word: 0, char: 0 };
    const raw = new Map([...counts].map(([index, count]) => [index, (1 + Math.log(count)) * (terms[index]?.idf as number)]));
    for (const [index, value] of raw) norms[terms[index]?.kind === CHAR ? 'char' : 'word'] += value * value;
    expect(got.count).toBe(counts.size);
    for (let at = 0; at < got.count; at += 1) {
      const index = got.indices[at] as number;
      expect(got.values[at] as number).toBeCloseTo((raw.get(index) as number) / Math.sqrt(norms[terms[index]?.kind === CHAR ? 'char' : 'word']), 12);
    }
    expect(got.count).toBeGreaterThan(3);
  });

  it('scores exactly as the string-building path did', async () => {
    const { rows } = await readOutcomeData(['gsm8k'], fixtures);
    const { model } = trainRouteClassifier(rows, { tiers: [routellmWeak, routellmStrong], epochs: 2 });
    const classifier = compileRouteClassifier(model);
    const reference = createTextVectorizer(
      model.vocabulary.terms.map((text, index) => ({ kind: 'wbc'.indexOf(model.vocabulary.kinds[index] as string), text, idf: model.vocabulary.idf[index] as number })),
      model.ngrams,
    );
    const { names, tasks, mean, std } = model.signals;
    const head = model.heads[0] as (typeof model.heads)[number];
    const raw = new Float64Array(names.length);
    for (const row of rows.slice(0, 400)) {
      for (const text of [row.prompt, `${row.prompt}\n\n${'Step by step, ÉTÉ 😀 '.repeat(300)}${row.prompt}`]) {
        const signals = extractRouteSignals(promptRequest(text));
        // The previous implementation: lower-cased copy, fresh arrays, logit in the same order.
        computeSignalFeatures(signals, tasks, raw);
        const vector = reference.vectorize(classifierText(text, model.ngrams.maxChars));
        let sum = head.bias;
        vector.indices.forEach((index, at) => {
          sum += (head.weights[index] as number) * (vector.values[at] as number);
        });
        names.forEach((_, index) => {
          sum += (head.weights[model.vocabulary.terms.length + index] as number) * standardize(raw[index] as number, mean[index] as number, std[index] as number);
        });
        expect(classifier.score(signals).need).toBe(2 * sigmoid(sum) - 1);
      }
    }
  });
});
