/**
 * Metric names and bucket boundaries from the GenAI metrics conventions (v1.41.1,
 * https://github.com/open-telemetry/semantic-conventions/blob/v1.41.1/docs/gen-ai/gen-ai-metrics.md).
 * All are histograms; the boundaries are the spec's explicit bucket advice.
 */
export const METRIC_GEN_AI_CLIENT_TOKEN_USAGE = 'gen_ai.client.token.usage';
export const METRIC_GEN_AI_CLIENT_OPERATION_DURATION = 'gen_ai.client.operation.duration';
export const METRIC_GEN_AI_CLIENT_TIME_TO_FIRST_CHUNK = 'gen_ai.client.operation.time_to_first_chunk';
/** frugal's own: USD per call at catalog prices, a counter so it sums across instances. */
export const METRIC_FRUGAL_CLIENT_COST = 'frugal.client.cost';

/** `{token}`: powers of 4 from 1 to 67,108,864. */
export const TOKEN_USAGE_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

/** Seconds: doubling from 0.01 to 81.92. */
export const OPERATION_DURATION_BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

/** Seconds; the conventions' advice for time-to-first-chunk/token histograms. */
export const TIME_TO_FIRST_CHUNK_BUCKETS = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0];
