import type { ModelRequest, StopReason } from '../../providers/index.js';

/** Why an answer failed validation; `refusal` is kept apart because it is not escalated silently. */
export const validationFailureKinds = ['empty', 'truncated', 'hedging', 'refusal', 'malformed-json', 'schema', 'missing-fields', 'pattern'] as const;
export type ValidationFailureKind = (typeof validationFailureKinds)[number];

export interface ValidationInput {
  /** The answer's text blocks, joined. */
  text: string;
  stopReason: StopReason;
  /** Arguments of tool calls in the answer (structured output through tool use). */
  toolInputs: readonly unknown[];
  request?: ModelRequest;
}

export type ValidationVerdict = { ok: true } | { ok: false; kind: ValidationFailureKind; reason: string };

/** A check on a model's answer. Pure and synchronous: it runs between two model calls. */
export interface Validator {
  name: string;
  validate(input: ValidationInput): ValidationVerdict;
}

/** Runs validators in order and returns the first failure. */
export function validateAnswer(validators: readonly Validator[], input: ValidationInput): ValidationVerdict {
  for (const validator of validators) {
    const verdict = validator.validate(input);
    if (!verdict.ok) return verdict;
  }
  return { ok: true };
}
