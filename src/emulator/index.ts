/**
 * `frugal emulator`: a local server that speaks Bedrock Runtime's wire protocol with simulated
 * models, prompt-caching semantics and fault injection.
 * @module
 */
export * from './count-tokens.js';
export * from './create-emulator-app.js';
export * from './create-prompt-routers.js';
export * from './create-simulation-engine.js';
export * from './emulator-api-error.js';
export * from './emulator-logger.js';
export * from './find-answer-key.js';
export * from './load-simulated-models.js';
export * from './pick-routed-model.js';
export * from './plan-cache-usage.js';
export * from './prompt-router-schema.js';
export * from './simulated-model-schema.js';
export * from './start-emulator.js';
export type { ConvertedRequest } from './convert-converse-request.js';
export type { Prompt, PromptBlock, CacheCheckpoint } from './create-prompt.js';
export type { FaultPlan } from './decide-fault.js';
export type { AnswerKey, Reply } from './generate-reply.js';
