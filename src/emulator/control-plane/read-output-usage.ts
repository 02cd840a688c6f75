export interface RecordTokens {
  inputTokens: number;
  outputTokens: number;
}

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0);

/**
 * Token counts of one successful record, for the manifest's inputTokenCount/outputTokenCount,
 * read from the response body in whichever format the model answered: Converse and Nova
 * (`usage.inputTokens`), Anthropic (`usage.input_tokens`), Llama (`prompt_token_count`).
 * A format that reports no counts adds nothing.
 */
export function readOutputUsage(modelOutput: unknown): RecordTokens {
  if (typeof modelOutput !== 'object' || modelOutput === null) return { inputTokens: 0, outputTokens: 0 };
  const body = modelOutput as Record<string, unknown>;
  const usage = typeof body['usage'] === 'object' && body['usage'] !== null ? (body['usage'] as Record<string, unknown>) : {};
  if ('inputTokens' in usage || 'outputTokens' in usage) return { inputTokens: count(usage['inputTokens']), outputTokens: count(usage['outputTokens']) };
  if ('input_tokens' in usage || 'output_tokens' in usage) return { inputTokens: count(usage['input_tokens']), outputTokens: count(usage['output_tokens']) };
  return { inputTokens: count(body['prompt_token_count']), outputTokens: count(body['generation_token_count']) };
}
