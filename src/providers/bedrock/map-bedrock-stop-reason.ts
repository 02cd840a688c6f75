import type { StopReason } from '../model-provider.js';

/**
 * Converse `stopReason` and Anthropic `stop_reason` (they share most names) to our closed set.
 * Unknown values become `other`; the caller keeps the raw value beside it.
 */
export function mapBedrockStopReason(reason: string | null | undefined): StopReason {
  switch (reason) {
    case 'end_turn':
      return 'end';
    case 'max_tokens':
      return 'length';
    case 'stop_sequence':
      return 'stop-sequence';
    case 'tool_use':
      return 'tool-use';
    case 'content_filtered':
    case 'guardrail_intervened':
    case 'refusal':
      return 'content-filter';
    case 'model_context_window_exceeded':
      return 'context-window';
    case 'malformed_model_output':
    case 'malformed_tool_use':
      return 'error';
    case null:
    case undefined:
      return 'incomplete';
    default:
      return 'other';
  }
}
