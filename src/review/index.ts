/**
 * `frugal review`: one detector per savings lever over the ledger, priced in compounding order
 * into a savings plan whose every number points at ledger rows; Markdown and HTML reports.
 * @module
 */
export * from './review-report-schema.js';
export * from './lever-effect.js';
export * from './load-review-slices.js';
export * from './review-context.js';
export * from './assess-latency-tolerance.js';
export * from './assess-tier1-work.js';
export * from './detect-batch-candidates.js';
export * from './detect-cache-opportunities.js';
export * from './detect-routing-candidates.js';
export * from './detect-output-caps.js';
export * from './detect-provisioned-throughput.js';
export * from './detect-service-tier.js';
export * from './build-savings-plan.js';
export * from './run-review.js';
export * from './build-review-charts.js';
export * from './render-review-markdown.js';
export * from './render-review-html.js';
export * from './prepare-sample-ledger.js';
