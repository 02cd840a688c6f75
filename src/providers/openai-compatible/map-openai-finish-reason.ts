import type { StopReason } from '../model-provider.js';

/** Chat-completions `finish_reason` to our closed set; the raw value is kept beside it. */
export function mapOpenAIFinishReason(reason: string | null | undefined): StopReason {
  switch (reason) {
    case 'stop':
      return 'end';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool-use';
    case 'content_filter':
      return 'content-filter';
    case null:
    case undefined:
      return 'incomplete';
    default:
      return 'other';
  }
}
