import { findJsonCandidates } from '../../judge/index.js';

/**
 * The JSON object in a model's output: the whole reply, a fenced block, or the first line that
 * starts with `{` (the same places the judge parser looks). Undefined when none parses.
 */
export function extractJsonObject(text: string): Record<string, unknown> | undefined {
  for (const candidate of findJsonCandidates(text)) {
    try {
      const value = JSON.parse(candidate) as unknown;
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // try the next place
    }
  }
  return undefined;
}
