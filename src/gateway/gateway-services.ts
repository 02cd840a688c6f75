import type { Ledger } from '../ledger/index.js';
import type { DashboardMount } from './dashboard/create-dashboard-mount.js';
import type { BudgetTracker } from './budget/create-budget-tracker.js';
import type { CostEstimate } from './budget/create-cost-estimator.js';
import type { RateLimiter } from './budget/create-rate-limiter.js';
import type { GatewayMetrics } from './metrics/create-gateway-metrics.js';
import type { GatewayPipeline } from './pipeline/gateway-pipeline.js';
import type { GatewayState } from './server/compile-gateway-state.js';
import type { UsageWriter } from './usage/create-usage-writer.js';
import type { ModelRequest } from '../providers/index.js';

export interface GatewayLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Whether new requests are taken, and how many are being served. */
export interface GatewayLifecycle {
  accepting: boolean;
  inFlight: number;
  /** Resolves when `inFlight` next reaches 0. */
  idle(): Promise<void>;
  enter(): void;
  leave(): void;
}

/** The long-lived parts every middleware and handler shares; `state()` is the config in force now. */
export interface GatewayServices {
  state(): GatewayState;
  pipeline: GatewayPipeline;
  budgets: BudgetTracker;
  rateLimiter: RateLimiter;
  estimateCost(request: ModelRequest, models: readonly string[], maxTokens: number | undefined, region: string | undefined, state: GatewayState): CostEstimate;
  metrics: GatewayMetrics;
  usage: UsageWriter;
  /** For the admin API's usage queries. */
  ledger: { query: Pick<Ledger['query'], 'aggregate' | 'summary' | 'listRequests'> } | undefined;
  lifecycle: GatewayLifecycle;
  logger: GatewayLogger;
  now(): number;
  /** `frugal dashboard` mounted in the gateway (`gateway.dashboard` in frugal.yaml). */
  dashboard?: DashboardMount;
}

export function createGatewayLifecycle(): GatewayLifecycle {
  let waiters: (() => void)[] = [];
  const lifecycle: GatewayLifecycle = {
    accepting: true,
    inFlight: 0,
    idle() {
      if (lifecycle.inFlight === 0) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    enter() {
      lifecycle.inFlight += 1;
    },
    leave() {
      lifecycle.inFlight -= 1;
      if (lifecycle.inFlight === 0) {
        const done = waiters;
        waiters = [];
        for (const resolve of done) resolve();
      }
    },
  };
  return lifecycle;
}
