import type { Validator } from './validator.js';

/**
 * Empty answers and answers cut off at the output cap (stop reason `length`, Bedrock's
 * `max_tokens`): a truncated JSON object or explanation is not an answer, whatever its content.
 */
export function createTruncationValidator(): Validator {
  return {
    name: 'truncation',
    validate({ text, stopReason, toolInputs }) {
      if (stopReason === 'length') return { ok: false, kind: 'truncated', reason: 'the answer was cut off at the output-token limit (stop reason max_tokens)' };
      if (text.trim() === '' && toolInputs.length === 0) return { ok: false, kind: 'empty', reason: 'the answer is empty' };
      return { ok: true };
    },
  };
}
