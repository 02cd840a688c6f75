/**
 * frugal as a library: model ids, exact costs, the price catalog with your overrides, workload
 * estimates and the Provisioned Throughput crossover.
 * @module
 */
export * from './core/index.js';
export * from './pricing/index.js';
export { configSchema, type FrugalConfig, loadConfig, loadPricingCatalog, parseConfigText } from './config/index.js';
export * from './providers/index.js';
// Prompt-cache placement (placeCachePoints, anchors), planning and linting; shared with createClient and the gateway.
export * from './cache/index.js';
// Model routing: createRouter, runCascade, invokeRouted, validators, training and the RouteLLM/RouterBench metrics; shared with createClient and the gateway.
export * from './route/index.js';
// The ledger createClient writes usage rows to (createClient({ ledger: await openLedger('frugal.duckdb') })).
export { openLedger, type Ledger } from './ledger/index.js';
// The run-time pipeline and the Converse-compatible client (createClient, createPipeline, usage sinks); shared with the gateway.
export * from './client/index.js';
// OpenTelemetry GenAI spans and metrics with cost (createGenAiTelemetry, startOtlpTelemetry, attribute names).
export * from './telemetry/index.js';
