import type { Meter, Tracer } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

export interface OtlpTelemetryOptions {
  /** The collector's base URL, e.g. `http://127.0.0.1:4318`; `/v1/traces` and `/v1/metrics` are added. */
  endpoint: string;
  headers?: Record<string, string>;
  /** `service.name` of the resource. Default `frugal`. */
  serviceName?: string;
  /** How often metrics are exported. Default 60 s. */
  exportIntervalMs?: number;
}

export interface OtlpTelemetry {
  tracer: Tracer;
  meter: Meter;
  tracerProvider: TracerProvider;
  meterProvider: MeterProvider;
  /** Exports what is pending now (call before a short-lived process exits). */
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * Tracer and meter providers that export over OTLP/HTTP (JSON) to any collector — the
 * OpenTelemetry Collector, Grafana, Datadog, Honeycomb. Spans are batched; an export failure is
 * reported through OpenTelemetry's `diag` logger and never reaches a model call. The providers are
 * not registered globally: pass `tracer` and `meter` to `createClient` / `createGenAiTelemetry`,
 * or register them yourself.
 */
export function startOtlpTelemetry(options: OtlpTelemetryOptions): OtlpTelemetry {
  const base = options.endpoint.replace(/\/+$/, '');
  const resource = resourceFromAttributes({ 'service.name': options.serviceName ?? 'frugal' });
  const headers = options.headers ?? {};
  const tracerProvider = new TracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${base}/v1/traces`, headers }) })],
  });
  const meterProvider = new MeterProvider({
    resource,
    readers: [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: `${base}/v1/metrics`, headers }), exportIntervalMillis: options.exportIntervalMs ?? 60_000 })],
  });
  return {
    tracer: tracerProvider.getTracer('frugal'),
    meter: meterProvider.getMeter('frugal'),
    tracerProvider,
    meterProvider,
    async forceFlush() {
      await Promise.all([tracerProvider.forceFlush(), meterProvider.forceFlush()]);
    },
    async shutdown() {
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
    },
  };
}
