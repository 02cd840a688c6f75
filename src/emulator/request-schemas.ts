import { z } from 'zod';
import { validationError } from './emulator-api-error.js';

/** Shared pieces of the request schemas, and how a schema failure becomes a ValidationException. */
export const cacheTtlSchema = z.enum(['5m', '1h']);
export const cachePointSchema = z.strictObject({ type: z.literal('default'), ttl: cacheTtlSchema.optional() });
export const positiveInt = z.number().int().positive();

/** A content block of any kind Bedrock accepts, kept as sent (key order matters for the prefix hash). */
export const looseBlockSchema = z.record(z.string(), z.unknown());

/** Parses `value` or throws Bedrock's "Malformed input request" ValidationException naming the field. */
export function parseRequest<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 5).map((issue) => `#/${issue.path.join('/')}: ${issue.message}`);
  throw validationError(`Malformed input request (${what}): ${issues.join('; ')}, please reformat your input and try again.`);
}

/** The request body as JSON, or a ValidationException. */
export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw validationError('Malformed input request: the body is not valid JSON, please reformat your input and try again.');
  }
}
