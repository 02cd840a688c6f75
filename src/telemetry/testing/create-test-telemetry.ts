import type { Meter, Tracer } from '@opentelemetry/api';
import { type DataPoint, type Histogram, MeterProvider, MetricReader, type MetricData } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor, type SpanExporter, TracerProvider } from '@opentelemetry/sdk-trace';

/** A reader the test pulls from; nothing is exported on a timer. */
class PullMetricReader extends MetricReader {
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

export interface TestTelemetry {
  tracerProvider: TracerProvider;
  meterProvider: MeterProvider;
  tracer: Tracer;
  meter: Meter;
  exporter: InMemorySpanExporter;
  spans(): ReadableSpan[];
  /** Every metric collected so far, by name. */
  metrics(): Promise<Map<string, MetricData>>;
  /** Histogram points of one metric. */
  histogram(name: string): Promise<DataPoint<Histogram>[]>;
  shutdown(): Promise<void>;
}

/** In-memory spans and pull metrics for tests; `exporters` adds more span exporters (a failing one, say). */
export function createTestTelemetry(exporters: readonly SpanExporter[] = []): TestTelemetry {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({ spanProcessors: [exporter, ...exporters].map((each) => new SimpleSpanProcessor({ exporter: each })) });
  const reader = new PullMetricReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const metrics = async (): Promise<Map<string, MetricData>> => {
    const { resourceMetrics } = await reader.collect();
    const byName = new Map<string, MetricData>();
    for (const scope of resourceMetrics.scopeMetrics) for (const metric of scope.metrics) byName.set(metric.descriptor.name, metric);
    return byName;
  };
  return {
    tracerProvider,
    meterProvider,
    tracer: tracerProvider.getTracer('frugal-test'),
    meter: meterProvider.getMeter('frugal-test'),
    exporter,
    spans: () => exporter.getFinishedSpans(),
    metrics,
    async histogram(name) {
      const metric = (await metrics()).get(name);
      return (metric?.dataPoints ?? []) as DataPoint<Histogram>[];
    },
    async shutdown() {
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
    },
  };
}
