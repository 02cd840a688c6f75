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
