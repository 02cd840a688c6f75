import { describe, expect, it } from 'vitest';
import type { BenchExample } from '../suite/bench-example.js';
import { scorerSchema } from '../suite/suite-schema.js';
import { normalizeAnswer } from './normalize-answer.js';
import { type DeterministicScorer, scoreDeterministic } from './score-deterministic.js';

const scorer = (input: Record<string, unknown>): DeterministicScorer => scorerSchema.parse(input) as DeterministicScorer;
const example = (expected?: BenchExample['expected'], vars: Record<string, unknown> = {}): BenchExample => ({ id: 'e', vars, ...(expected !== undefined && { expected }), source: 'test' });
const score = (config: Record<string, unknown>, output: string, expected?: BenchExample['expected'], vars?: Record<string, unknown>) => scoreDeterministic(scorer(config), output, example(expected, vars));

describe('deterministic scorers', () => {
  it('label: first line, normalised (case, quotes, emphasis, "Label:", trailing punctuation)', () => {
    for (const output of ['billing', 'Billing.', '**billing**', '"billing"', 'Label: billing\nbecause the card was charged twice', '\n  `billing`  \n']) {
      expect(score({ type: 'label' }, output, 'billing')).toMatchObject({ value: 1, pass: true });
    }
    expect(score({ type: 'label' }, 'billing issue', 'billing')).toMatchObject({ value: 0, pass: false });
    expect(score({ type: 'label', labels: ['billing', 'technical'] }, 'shipping', 'billing').reason).toMatch(/not a known label/);
    expect(score({ type: 'label', caseSensitive: true }, 'Billing', 'billing').pass).toBe(false);
    expect(normalizeAnswer('Answer: Feature-Request!')).toBe('feature-request');
  });

  it('exact, contains (all / any, case), regex, with templated values', () => {
    expect(score({ type: 'exact' }, '  Paris \n', 'paris').pass).toBe(true);
    expect(score({ type: 'exact', value: 'Hello {{ name }}', caseSensitive: true }, 'Hello Ana', undefined, { name: 'Ana' }).pass).toBe(true);
    expect(score({ type: 'contains', value: ['refund', 'days'] }, 'Your REFUND arrives in 5 days', undefined).pass).toBe(true);
    expect(score({ type: 'contains', value: ['refund', 'weeks'] }, 'Your refund arrives in 5 days').reason).toMatch(/missing "weeks"/);
    expect(score({ type: 'contains', value: ['refund', 'weeks'], mode: 'any' }, 'Your refund').pass).toBe(true);
    expect(score({ type: 'contains', value: 'Refund', caseSensitive: true }, 'refund').pass).toBe(false);
    expect(score({ type: 'regex', pattern: '^INV-\\d{4}$', flags: 'm' }, 'see\nINV-2024').pass).toBe(true);
    expect(score({ type: 'contains', value: 'sorry', negate: true }, 'I am sorry')).toMatchObject({ value: 0, pass: false });
  });

  it('json: finds the object, checks the schema and required fields, and scores the share of expected fields', () => {
    const expected = { invoice_number: 'INV-1', total: 1234.5, currency: 'EUR' };
    const config = { type: 'json', required: ['invoice_number', 'total'], schema: { type: 'object', properties: { total: { type: 'number' } } } };
    expect(score(config, '{"invoice_number":"INV-1","total":1234.5,"currency":"EUR"}\n\nextra prose', expected)).toMatchObject({ value: 1, pass: true });
    expect(score(config, 'Here you go:\n```json\n{"invoice_number": "inv-1", "total": "1234.50", "currency": "EUR"}\n```', expected).reason).toMatch(/schema: .*total must be number/);
    expect(score(config, '{"invoice_number":"INV-1","total":1234.5,"currency":"USD"}', expected)).toMatchObject({ pass: false, reason: 'wrong currency' });
    expect(score(config, '{"invoice_number":"INV-1","total":1234.5,"currency":"USD"}', expected).value).toBeCloseTo(2 / 3, 12);
    expect(score(config, '{"total": 3}', expected).reason).toBe('missing required invoice_number');
    expect(score(config, 'not {"invoice_number":"INV-1"}', expected).reason).toBe('no JSON object in the output');
    expect(score({ type: 'json', matchExpected: false }, '{"a":1}', expected).pass).toBe(true);
  });

  it('numeric: first number, thousands separators, absolute or relative tolerance', () => {
    expect(score({ type: 'numeric' }, 'The total is 1,234.50 EUR', '1234.5').pass).toBe(true);
    expect(score({ type: 'numeric', tolerance: 0.01 }, '0.3', '0.31').pass).toBe(true);
    expect(score({ type: 'numeric', tolerance: 0.05, relative: true }, '104', '100').pass).toBe(true);
    expect(score({ type: 'numeric', tolerance: 0.05, relative: true }, '106', '100').pass).toBe(false);
    expect(score({ type: 'numeric' }, 'no idea', '4').reason).toBe('no number in the output');
  });

  it('length: characters, words and tokens (emulator rule)', () => {
    expect(score({ type: 'length', maxWords: 3 }, 'one two three').pass).toBe(true);
    expect(score({ type: 'length', maxWords: 3, minChars: 20 }, 'one two three four').reason).toBe('18 chars < 20, 4 words > 3');
    expect(score({ type: 'length', maxTokens: 5 }, 'word '.repeat(10)).pass).toBe(false);
  });

  it('onlyIf: not applicable to examples without the variable', () => {
    expect(score({ type: 'contains', value: '{{ x }}', onlyIf: 'x' }, 'abc')).toMatchObject({ value: null, pass: null });
    expect(score({ type: 'contains', value: '{{ x }}', onlyIf: 'x' }, 'abc', undefined, { x: 'b' }).pass).toBe(true);
  });
});
