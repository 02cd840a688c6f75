import type { UsageRow } from '../core/index.js';

type RequestDetails = Pick<
  UsageRow,
  'routeDecision' | 'cacheHit' | 'latencyMs' | 'ttftMs' | 'maxTokens' | 'stopReason' | 'systemPromptHash' | 'promptBlocks' | 'cachePoints' | 'messageCount' | 'promptChars' | 'requestPreview' | 'responsePreview' | 'inputBodyPath' | 'outputBodyPath'
>;

/** The request and answer fields of a row whose source saw neither (a billing line; a bench result or span before what it knows is added): unknown, no prompt blocks. */
export function unknownRequestDetails(): RequestDetails {
  return {
    routeDecision: null,
    cacheHit: null,
    latencyMs: null,
    ttftMs: null,
    maxTokens: null,
    stopReason: null,
    systemPromptHash: null,
    promptBlocks: [],
    cachePoints: null,
    messageCount: null,
    promptChars: null,
    requestPreview: null,
    responsePreview: null,
    inputBodyPath: null,
    outputBodyPath: null,
  };
}
