/**
 * LLM-as-a-judge: preset metrics named like Bedrock's built-in ones and free rubrics, verdicts
 * through tool use validated with zod, judge panels and repeats with Krippendorff's alpha.
 * @module
 */
export * from './judge-metrics.js';
export * from './judge-criterion.js';
export * from './judge-verdict.js';
export * from './judge-error.js';
export * from './build-judge-request.js';
export * from './parse-judge-reply.js';
export * from './create-verdict-answer-key.js';
export * from './create-judge.js';
export * from './compute-krippendorff-alpha.js';
export * from './assert-one-judge.js';
