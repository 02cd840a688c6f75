import { type Attributes, type Counter, type Histogram, type Meter, ValueType } from '@opentelemetry/api';
import {
  METRIC_FRUGAL_CLIENT_COST,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  OPERATION_DURATION_BUCKETS,
  TIME_TO_FIRST_CHUNK_BUCKETS,
  TOKEN_USAGE_BUCKETS,
} from './gen-ai-metrics.js';

export interface GenAiInstruments {
  tokenUsage: Histogram<Attributes>;
  operationDuration: Histogram<Attributes>;
  timeToFirstChunk: Histogram<Attributes>;
  cost: Counter<Attributes>;
}

/** The GenAI client histograms with the spec's bucket advice, and frugal's cost counter. */
export function createGenAiInstruments(meter: Meter): GenAiInstruments {
  return {
    tokenUsage: meter.createHistogram(METRIC_GEN_AI_CLIENT_TOKEN_USAGE, {
      unit: '{token}',
      description: 'Input and output tokens per model call (input includes cached tokens).',
      valueType: ValueType.INT,
      advice: { explicitBucketBoundaries: TOKEN_USAGE_BUCKETS },
    }),
    operationDuration: meter.createHistogram(METRIC_GEN_AI_CLIENT_OPERATION_DURATION, {
      unit: 's',
      description: 'Duration of a model call as the client saw it, retries included.',
      advice: { explicitBucketBoundaries: OPERATION_DURATION_BUCKETS },
    }),
    timeToFirstChunk: meter.createHistogram(METRIC_GEN_AI_CLIENT_TIME_TO_FIRST_CHUNK, {
      unit: 's',
      description: 'Time to the first chunk of a streamed answer.',
      advice: { explicitBucketBoundaries: TIME_TO_FIRST_CHUNK_BUCKETS },
    }),
    cost: meter.createCounter(METRIC_FRUGAL_CLIENT_COST, {
      unit: 'USD',
      description: 'Cost of model calls at catalog prices (calls whose cost is unknown are left out).',
    }),
  };
}
