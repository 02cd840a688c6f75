/**
 * Prompt caching: where cache points go (shared by `frugal cache`, `createClient()` and the
 * gateway), a planner that simulates Bedrock's cache on real request times, and a linter for
 * what breaks exact-prefix matching.
 * @module
 */
export * from './cache-anchor.js';
export * from './estimate-tokens.js';
export * from './read-prompt-layout.js';
export * from './select-cache-positions.js';
export * from './place-cache-points.js';
export * from './convert-request-body.js';
export * from './read-request-log.js';
export * from './create-trace-request.js';
export * from './simulate-prompt-cache.js';
export * from './find-candidate-anchors.js';
export * from './plan-cache-points.js';
export * from './plan-cache-for-traffic.js';
export * from './read-cache-prices.js';
export * from './read-ledger-requests.js';
export * from './convert-ledger-row-to-layout.js';
export * from './find-dynamic-values.js';
export * from './lint-cache-prefixes.js';
export * from './convert-ledger-row-to-lint-request.js';
