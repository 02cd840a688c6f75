import { z } from 'zod';
import type { Prompt } from './create-prompt.js';
import { validationError } from './emulator-api-error.js';
import type { AnswerKey } from './generate-reply.js';

/**
 * Where a suite puts the answer it expects, so the emulator can answer right or wrong at the
 * declared accuracy:
 * 1. Converse `requestMetadata` (InvokeModel: the `X-Amzn-Bedrock-Request-Metadata` JSON header):
 *    `frugal_expected`, optional `frugal_task` (default `default`) and `frugal_choices`
 *    (alternatives separated by `|`). Real Bedrock only logs request metadata, so the same
 *    request works against a real endpoint.
 * 2. A line anywhere in the prompt text: `frugal_answer_key: {"expected": "...", "task": "...", "choices": [...]}`
 *    (for bodies without metadata, e.g. batch records and Llama/Mistral prompts).
 */
export const answerKeyMarker = 'frugal_answer_key:';
const markerPattern = /^[ \t]*frugal_answer_key:[ \t]*(\{.*\})[ \t]*$/m;
const markerSchema = z.strictObject({ expected: z.string().min(1), task: z.string().min(1).optional(), choices: z.array(z.string()).optional() });

export function findAnswerKey(prompt: Prompt, metadata: Readonly<Record<string, string>>): AnswerKey | undefined {
  const expected = metadata['frugal_expected'];
  if (expected !== undefined) {
    const choices = metadata['frugal_choices']?.split('|').map((choice) => choice.trim()).filter((choice) => choice.length > 0);
    return { expected, task: metadata['frugal_task'] ?? 'default', ...(choices !== undefined && choices.length > 0 && { choices }) };
  }
  for (const block of prompt.blocks) {
    const match = markerPattern.exec(block.text);
    if (match === null) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(match[1] as string) as unknown;
    } catch {
      throw validationError(`The ${answerKeyMarker} line is not valid JSON: ${match[1]}`);
    }
    const parsed = markerSchema.safeParse(raw);
    if (!parsed.success) throw validationError(`The ${answerKeyMarker} line needs {"expected": string, "task"?: string, "choices"?: string[]}: ${parsed.error.issues[0]?.message ?? ''}`);
    return { expected: parsed.data.expected, task: parsed.data.task ?? 'default', ...(parsed.data.choices !== undefined && { choices: parsed.data.choices }) };
  }
  return undefined;
}

/** InvokeModel carries request metadata as a JSON object in a header; anything else is ignored. */
export function parseMetadataHeader(value: string | undefined): Record<string, string> {
  if (value === undefined || value.trim() === '') return {};
  try {
    const parsed = z.record(z.string(), z.string()).safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}
