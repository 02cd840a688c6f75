import { createJsonValidator, type JsonValidatorOptions } from './create-json-validator.js';
import { createPhraseValidator } from './create-phrase-validator.js';
import { createRegexValidator } from './create-regex-validator.js';
import { createTruncationValidator } from './create-truncation-validator.js';
import type { Validator } from './validator.js';

export interface ValidatorSpec {
  /** Empty or cut-off answers (default on). */
  truncation?: boolean;
  /** Refusal phrases (default on): reported, not escalated, unless the cascade says so. */
  refusal?: boolean;
  /** Hedging phrases (default on). */
  hedging?: boolean;
  /** Phrase languages; all by default. */
  languages?: readonly string[];
  /** The answer must be JSON (optionally matching a schema / with required fields). */
  json?: boolean | JsonValidatorOptions;
  /** A regular expression the answer must match. */
  pattern?: string;
}

/** The usual validator chain, cheapest and most certain checks first. */
export function createValidators(spec: ValidatorSpec = {}): Validator[] {
  const validators: Validator[] = [];
  const languages = spec.languages === undefined ? {} : { languages: spec.languages };
  if (spec.truncation !== false) validators.push(createTruncationValidator());
  if (spec.refusal !== false) validators.push(createPhraseValidator({ kind: 'refusal', ...languages }));
  if (spec.hedging !== false) validators.push(createPhraseValidator({ kind: 'hedging', ...languages }));
  if (spec.json !== undefined && spec.json !== false) validators.push(createJsonValidator(spec.json === true ? {} : spec.json));
  if (spec.pattern !== undefined) validators.push(createRegexValidator(spec.pattern));
  return validators;
}
