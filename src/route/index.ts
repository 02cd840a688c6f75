/**
 * Model routing: rules, a learned classifier with business-target thresholds, conversation
 * pinning, confidence cascades with validators, Bedrock prompt routers as a tier, and the
 * RouteLLM/RouterBench evaluation metrics. Decisions are pure and make no network call; the
 * cascade's model calls go through an injected provider.
 * @module
 */
export * from './route-decision.js';
export * from './extract-route-signals.js';
export * from './create-router.js';
export * from './invoke-routed.js';
export * from './read-router-config.js';
export * from './calibrate-threshold.js';
export * from './create-threshold-calibrator.js';
export * from './create-conversation-pins.js';
export * from './estimate-tier-costs.js';
export * from './rules/route-rules-schema.js';
export * from './rules/parse-route-rules.js';
export * from './rules/compile-route-rules.js';
export * from './classifier/route-classifier-schema.js';
export * from './classifier/parse-route-classifier.js';
export * from './classifier/compile-route-classifier.js';
export * from './classifier/train-route-classifier.js';
export * from './cascade/validator.js';
export * from './cascade/run-cascade.js';
export * from './cascade/create-validators.js';
export * from './cascade/create-truncation-validator.js';
export * from './cascade/create-phrase-validator.js';
export * from './cascade/create-json-validator.js';
export * from './cascade/create-regex-validator.js';
export * from './outcomes/outcome-dataset.js';
export * from './outcomes/parse-outcomes-csv.js';
export * from './outcomes/read-outcome-data.js';
export * from './eval/compute-pgr-curve.js';
export * from './eval/compute-apgr.js';
export * from './eval/compute-cpt.js';
export * from './eval/compute-percentile.js';
export * from './eval/summarize-pair-curve.js';
export * from './eval/evaluate-random-router.js';
export * from './eval/evaluate-oracle-router.js';
export * from './eval/evaluate-pair-router.js';
export * from './eval/evaluate-cascade.js';
export * from './eval/compute-cost-quality-hull.js';
export * from './eval/evaluate-multi-tier.js';
export * from './eval/evaluate-router-on-data.js';
export * from './eval/run-routellm-suite.js';
export * from './eval/build-route-chart-spec.js';
export * from './eval/describe-route-eval.js';
