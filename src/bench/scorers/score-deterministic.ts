import { Ajv, type ValidateFunction } from 'ajv';
import { countTokens } from '../../emulator/count-tokens.js';
import type { BenchExample } from '../suite/bench-example.js';
import { templateVarsOf } from '../suite/load-suite.js';
import { renderTemplate } from '../suite/render-template.js';
import type { ScorerConfig } from '../suite/suite-schema.js';
import { extractJsonObject } from './extract-json.js';
import { normalizeAnswer, normalizeText } from './normalize-answer.js';
import { failed, negateScore, passed, type ScoreResult } from './score-result.js';

export type DeterministicScorer = Exclude<ScorerConfig, { type: 'judge' }>;

const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new WeakMap<object, ValidateFunction>();

function expectedText(example: BenchExample): string {
  const { expected } = example;
  if (expected === undefined) return '';
  return typeof expected === 'string' ? expected : JSON.stringify(expected);
}

/** Scores one output with a deterministic scorer; pure apart from the cached JSON Schema validators. */
export function scoreDeterministic(scorer: DeterministicScorer, output: string, example: BenchExample): ScoreResult {
  if (scorer.onlyIf !== undefined && !(scorer.onlyIf in example.vars)) return { value: null, pass: null, reason: `not applicable (no ${scorer.onlyIf})` };
  const result = scoreOnce(scorer, output, example);
  return scorer.negate ? negateScore(result) : result;
}

function scoreOnce(scorer: DeterministicScorer, output: string, example: BenchExample): ScoreResult {
  const vars = templateVarsOf(example);
  switch (scorer.type) {
    case 'label': {
      const options = { caseSensitive: scorer.caseSensitive };
      const given = normalizeAnswer(output, options);
      const expected = normalizeAnswer(expectedText(example), options);
      if (given === expected) return passed(`label ${JSON.stringify(given)}`);
      const known = scorer.labels?.some((label) => normalizeAnswer(label, options) === given);
      return failed(`${JSON.stringify(given)}${scorer.labels !== undefined && known !== true ? ' (not a known label)' : ''} instead of ${JSON.stringify(expected)}`);
    }
    case 'exact': {
      const want = normalizeText(scorer.value === undefined ? expectedText(example) : renderTemplate(scorer.value, vars), scorer.caseSensitive);
      return normalizeText(output, scorer.caseSensitive) === want ? passed('exact match') : failed('differs from the expected output');
    }
    case 'contains': {
      const fold = (text: string): string => (scorer.caseSensitive ? text : text.toLowerCase());
      const needles = (Array.isArray(scorer.value) ? scorer.value : [scorer.value]).map((value) => renderTemplate(value, vars));
      const found = needles.filter((needle) => fold(output).includes(fold(needle)));
      const ok = scorer.mode === 'all' ? found.length === needles.length : found.length > 0;
      return ok ? passed(`contains ${found.map((needle) => JSON.stringify(needle)).join(', ')}`) : failed(`missing ${needles.filter((needle) => !found.includes(needle)).map((needle) => JSON.stringify(needle)).join(', ')}`);
    }
    case 'regex':
      return new RegExp(scorer.pattern, scorer.flags).test(output) ? passed(`matches /${scorer.pattern}/`) : failed(`does not match /${scorer.pattern}/`);
    case 'json':
      return scoreJson(scorer, output, example);
    case 'numeric': {
      const want = Number((scorer.value === undefined ? expectedText(example) : renderTemplate(scorer.value, vars)).replace(/,/g, ''));
      const match = /-?\d[\d,]*(?:\.\d+)?/.exec(output);
      if (match === null) return failed('no number in the output');
      const given = Number(match[0].replace(/,/g, ''));
      if (!Number.isFinite(want)) return failed(`the expected value is not a number`);
      const allowed = scorer.relative ? scorer.tolerance * Math.abs(want) : scorer.tolerance;
      // A hair of slack so 0.1 + 0.2 within 0.3 ± 0 still counts.
      return Math.abs(given - want) <= allowed + 1e-9 * Math.max(1, Math.abs(want)) ? passed(`${given} ≈ ${want}`) : failed(`${given} is not within ${allowed} of ${want}`);
    }
    case 'length': {
      const chars = [...output].length;
      const words = output.match(/\S+/g)?.length ?? 0;
      const tokens = countTokens(output);
      const broken = [
        scorer.minChars !== undefined && chars < scorer.minChars && `${chars} chars < ${scorer.minChars}`,
        scorer.maxChars !== undefined && chars > scorer.maxChars && `${chars} chars > ${scorer.maxChars}`,
        scorer.maxWords !== undefined && words > scorer.maxWords && `${words} words > ${scorer.maxWords}`,
        scorer.maxTokens !== undefined && tokens > scorer.maxTokens && `${tokens} tokens > ${scorer.maxTokens}`,
      ].filter((reason): reason is string => typeof reason === 'string');
      return broken.length === 0 ? passed(`${chars} chars, ${words} words, ~${tokens} tokens`) : failed(broken.join(', '));
    }
  }
}

function sameValue(given: unknown, expected: unknown): boolean {
  if (typeof expected === 'string' && typeof given === 'string') return normalizeText(given) === normalizeText(expected);
  if (typeof expected === 'number' && (typeof given === 'number' || typeof given === 'string')) return Math.abs(Number(given) - expected) < 1e-9;
  return JSON.stringify(given) === JSON.stringify(expected);
}

/** Valid JSON → schema → required fields → share of expected fields that match (the value). */
function scoreJson(scorer: Extract<DeterministicScorer, { type: 'json' }>, output: string, example: BenchExample): ScoreResult {
  const value = extractJsonObject(output);
  if (value === undefined) return failed('no JSON object in the output');
  if (scorer.schema !== undefined) {
    let validate = compiled.get(scorer.schema);
    if (validate === undefined) {
      validate = ajv.compile(scorer.schema);
      compiled.set(scorer.schema, validate);
    }
    if (!validate(value)) return failed(`schema: ${ajv.errorsText(validate.errors, { separator: '; ' })}`);
  }
  const missing = scorer.required.filter((field) => value[field] === undefined || value[field] === null || value[field] === '');
  if (missing.length > 0) return failed(`missing required ${missing.join(', ')}`);
  const expected = example.expected;
  if (!scorer.matchExpected || typeof expected !== 'object') return passed('valid JSON');
  const fields = Object.keys(expected);
  const wrong = fields.filter((field) => !sameValue(value[field], expected[field]));
  const share = fields.length === 0 ? 1 : (fields.length - wrong.length) / fields.length;
  return wrong.length === 0 ? passed(`all ${fields.length} fields match`) : failed(`wrong ${wrong.join(', ')}`, share);
}
