/**
 * Batch inference: plan prompts into Bedrock batch records within the model's quotas, submit
 * them to S3 and CreateModelInvocationJob (resumable, idempotent), poll, and collect results
 * into files and the ledger at the batch price.
 * @module
 */
export * from './batch-item.js';
export * from './batch-plan-schema.js';
export * from './batch-state-schema.js';
export * from './batch-plan-files.js';
export * from './build-model-input.js';
export * from './split-batch-jobs.js';
export * from './plan-batch.js';
export * from './read-prompt-file.js';
export * from './read-retry-items.js';
export * from './convert-ledger-row-to-item.js';
export * from './convert-logged-request-to-item.js';
export * from './create-batch-clients.js';
export * from './submit-batch-plan.js';
export * from './poll-batch-jobs.js';
export * from './read-batch-output-line.js';
export * from './convert-batch-record-to-usage-row.js';
export * from './collect-batch-results.js';
export * from './write-batch-results.js';
export * from './read-suite-items.js';
