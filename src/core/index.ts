export * from './errors.js';
export * from './model-ref.js';
export * from './parse-model-id.js';
export * from './model-registry.js';
export * from './normalize-model-id.js';
export * from './money.js';
export * from './usage.js';
export * from './cost.js';
