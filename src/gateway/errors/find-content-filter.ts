import { type ContentFilteredError, FrugalError } from '../../core/index.js';

/**
 * The content-filter error at the root of a pipeline failure (the cascade and the pipeline wrap
 * it, keeping its code), if that is what it was: it carries the billed usage and the text.
 */
export function findContentFilter(error: unknown): ContentFilteredError | undefined {
  for (let current = error, depth = 0; FrugalError.isInstance(current) && depth < 5; current = current.cause, depth += 1) {
    if (current.code !== 'CONTENT_FILTERED') return undefined;
    if (current.name === 'ContentFilteredError') return current as ContentFilteredError;
  }
  return undefined;
}
