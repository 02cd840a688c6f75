/**
 * OpenTelemetry for model calls: one CLIENT span per call following the GenAI semantic
 * conventions (cache tokens inside `gen_ai.usage.input_tokens`, as the convention says), cost
 * and routing as frugal's own attributes, the GenAI client metrics with the spec's buckets, and
 * OTLP export. Attribute names are a local copy (see gen-ai-attributes.ts).
 * @module
 */
export * from './gen-ai-attributes.js';
export * from './gen-ai-metrics.js';
export * from './gen-ai-telemetry.js';
export { diagTelemetryLogger, type TelemetryLogger } from './telemetry-logger.js';
export * from './create-gen-ai-telemetry.js';
export * from './create-async-context-manager.js';
export * from './start-otlp-telemetry.js';
