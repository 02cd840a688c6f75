/**
 * The run-time pipeline (route → cache points → output cap → call → validate/escalate → usage and
 * telemetry) shared by `createClient` and `frugal gateway`.
 * @module
 */
export * from './pipeline-context.js';
export * from './pipeline-options.js';
export * from './pipeline-result.js';
export * from './pipeline-error.js';
export * from './pipeline-logger.js';
export * from './usage-sink.js';
export * from './create-pipeline.js';
export * from './create-client.js';
export * from './create-ledger-usage-sink.js';
export * from './convert-converse-input.js';
export * from './convert-to-converse-output.js';
export * from './convert-to-converse-stream.js';
export * from './create-client-from-config.js';
