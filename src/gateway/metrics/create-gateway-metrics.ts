import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BudgetStanding } from '../budget/create-budget-tracker.js';
import type { UsageWriterStats } from '../usage/create-usage-writer.js';

export interface GatewayMetricsSources {
  budgets(): BudgetStanding[];
  usage(): UsageWriterStats;
  inFlight(): number;
}

export interface GatewayMetrics {
  readonly registry: Registry;
  request(labels: { endpoint: string; status: number }, seconds: number): void;
  error(code: string): void;
  tokens(model: string, bucket: string, count: number): void;
  cost(model: string, team: string, usd: number): void;
  /** Prometheus text format. */
  render(): Promise<string>;
}

/**
 * Prometheus metrics in a registry of the gateway's own (not prom-client's global one, so several
 * gateways in one process — tests — do not collide). Labels stay low-cardinality: endpoint,
 * status, error code, model, team; key ids appear only on budget gauges, which the config bounds.
 * Gauges read their sources at scrape time.
 */
export function createGatewayMetrics(sources: GatewayMetricsSources): GatewayMetrics {
  const registry = new Registry();
  const requests = new Counter({ name: 'frugal_gateway_requests_total', help: 'Requests answered, by endpoint and HTTP status.', labelNames: ['endpoint', 'status'], registers: [registry] });
  const errors = new Counter({ name: 'frugal_gateway_errors_total', help: 'Requests that ended in an error, by error code.', labelNames: ['code'], registers: [registry] });
  const duration = new Histogram({
    name: 'frugal_gateway_request_duration_seconds',
    help: 'Time to the response head (streams: to the first byte), by endpoint.',
    labelNames: ['endpoint'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const tokens = new Counter({ name: 'frugal_gateway_tokens_total', help: 'Tokens billed by upstreams, by model and bucket (input excludes cache reads and writes).', labelNames: ['model', 'bucket'], registers: [registry] });
  const cost = new Counter({ name: 'frugal_gateway_cost_usd_total', help: 'Catalog cost of billed upstream calls in USD, by model and team (calls whose cost is unknown add nothing).', labelNames: ['model', 'team'], registers: [registry] });
  new Gauge({
    name: 'frugal_gateway_budget_remaining_usd',
    help: 'Budget left in the current UTC day or month, by key or team.',
    labelNames: ['scope', 'name', 'period'],
    registers: [registry],
    collect() {
      this.reset();
      for (const standing of sources.budgets()) this.set({ scope: standing.kind, name: standing.name, period: standing.period }, standing.remainingUsd);
    },
  });
  new Gauge({
    name: 'frugal_gateway_usage_buffer_rows',
    help: 'Usage rows waiting in memory for the ledger.',
    registers: [registry],
    collect() {
      this.set(sources.usage().queued);
    },
  });
  new Gauge({
    name: 'frugal_gateway_usage_spilled_rows',
    help: 'Usage rows written to the spill file and not yet replayed into the ledger.',
    registers: [registry],
    collect() {
      const stats = sources.usage();
      this.set(Math.max(0, stats.spilled - stats.replayed));
    },
  });
  new Gauge({
    name: 'frugal_gateway_in_flight_requests',
    help: 'Requests being served now.',
    registers: [registry],
    collect() {
      this.set(sources.inFlight());
    },
  });

  return {
    registry,
    request(labels, seconds) {
      requests.inc({ endpoint: labels.endpoint, status: String(labels.status) });
      duration.observe({ endpoint: labels.endpoint }, seconds);
    },
    error: (code) => errors.inc({ code }),
    tokens(model, bucket, count) {
      if (count > 0) tokens.inc({ model, bucket }, count);
    },
    cost(model, team, usd) {
      if (usd > 0) cost.inc({ model, team }, usd);
    },
    render: () => registry.metrics(),
  };
}
