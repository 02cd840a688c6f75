import { Ajv, type ValidateFunction } from 'ajv';
import { InvalidArgumentError } from '../../core/index.js';
import type { Validator } from './validator.js';

export interface JsonValidatorOptions {
  /** A JSON Schema the answer must satisfy. */
  schema?: Record<string, unknown>;
  /** Top-level fields that must be present and not null (checked even without a schema). */
  requiredFields?: readonly string[];
}

/** The answer's JSON: a tool call's arguments, else the text (a ```json fence is allowed). */
function answerJson(text: string, toolInputs: readonly unknown[]): { ok: true; value: unknown } | { ok: false; reason: string } {
  const tool = toolInputs[0];
  if (tool !== undefined) return typeof tool === 'string' ? { ok: false, reason: 'the tool call arguments are not valid JSON' } : { ok: true, value: tool };
  const fenced = /```(?:json)?\s*\n([\s\S]*?)\n?```/.exec(text);
  const body = (fenced?.[1] ?? text).trim();
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (error) {
    return { ok: false, reason: `the answer is not valid JSON (${(error as Error).message})` };
  }
}

/** Malformed JSON, a JSON Schema violation, or a missing required field. */
export function createJsonValidator(options: JsonValidatorOptions = {}): Validator {
  let check: ValidateFunction | undefined;
  if (options.schema !== undefined) {
    try {
      check = new Ajv({ allErrors: true, strict: false }).compile(options.schema);
    } catch (error) {
      throw new InvalidArgumentError('schema', `The JSON Schema does not compile: ${(error as Error).message}`);
    }
  }
  const required = options.requiredFields ?? [];
  return {
    name: 'json',
    validate({ text, toolInputs }) {
      const parsed = answerJson(text, toolInputs);
      if (!parsed.ok) return { ok: false, kind: 'malformed-json', reason: parsed.reason };
      const value = parsed.value;
      if (required.length > 0) {
        const record = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
        const missing = required.filter((field) => record?.[field] === undefined || record[field] === null);
        if (missing.length > 0) return { ok: false, kind: 'missing-fields', reason: `required field(s) missing: ${missing.join(', ')}` };
      }
      if (check !== undefined && !check(value)) {
        const first = check.errors?.[0];
        return { ok: false, kind: 'schema', reason: `the JSON does not match the schema: ${first?.instancePath || '(root)'} ${first?.message ?? ''}`.trim() };
      }
      return { ok: true };
    },
  };
}
