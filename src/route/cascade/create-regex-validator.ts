import { InvalidArgumentError } from '../../core/index.js';
import type { Validator } from './validator.js';

/** A task-specific shape the answer must have (a label from a list, `#### <number>`, an ISO date). */
export function createRegexValidator(pattern: string | RegExp, name = 'pattern'): Validator {
  let regex: RegExp;
  try {
    regex = typeof pattern === 'string' ? new RegExp(pattern, 'u') : pattern;
  } catch (error) {
    throw new InvalidArgumentError('pattern', `Not a valid regular expression: ${(error as Error).message}`);
  }
  return {
    name,
    validate({ text }) {
      return regex.test(text) ? { ok: true } : { ok: false, kind: 'pattern', reason: `the answer does not match ${regex}` };
    },
  };
}
