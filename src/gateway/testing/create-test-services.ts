import { Hono, type MiddlewareHandler } from 'hono';
import type { UsageRow } from '../../core/index.js';
import { type GatewayConfigInput, gatewayConfigSchema } from '../../config/index.js';
import { createPricingCatalog } from '../../pricing/index.js';
import { createBudgetTracker } from '../budget/create-budget-tracker.js';
import { createCostEstimator } from '../budget/create-cost-estimator.js';
import { createRateLimiter } from '../budget/create-rate-limiter.js';
import type { GatewayEnv } from '../gateway-env.js';
import { createGatewayLifecycle, type GatewayServices } from '../gateway-services.js';
import { createGatewayMetrics } from '../metrics/create-gateway-metrics.js';
import { errorMapping } from '../middleware/error-mapping.js';
import { metering } from '../middleware/metering.js';
import { requestId } from '../middleware/request-id.js';
import type { GatewayPipeline } from '../pipeline/gateway-pipeline.js';
import { compileGatewayState, type GatewayState } from '../server/compile-gateway-state.js';
import type { UsageWriter } from '../usage/create-usage-writer.js';

const catalog = createPricingCatalog();

/** A usage writer that keeps rows in an array. */
export function createMemoryWriter(): UsageWriter & { rows: UsageRow[] } {
  const rows: UsageRow[] = [];
  const stats = () => ({ queued: 0, written: rows.length, spilled: 0, replayed: 0, outage: false });
  return {
    rows,
    write: (added) => void rows.push(...added),
    flush: async () => undefined,
    replay: async () => true,
    drain: async () => stats(),
    close: async () => undefined,
    stats,
  };
}

export async function compileTestState(config: GatewayConfigInput, writer = createMemoryWriter()): Promise<GatewayState> {
  return compileGatewayState(gatewayConfigSchema.parse(config), { catalog, configDir: process.cwd(), usageSink: writer, bedrockCredentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
}

/** Services around one compiled config, for middleware tests; nothing listens. */
export async function createTestServices(config: GatewayConfigInput, overrides: Partial<GatewayServices> = {}): Promise<GatewayServices & { setState(state: GatewayState): void }> {
  const writer = createMemoryWriter();
  let state = await compileTestState(config, writer);
  const lifecycle = createGatewayLifecycle();
  const budgets = createBudgetTracker();
  const estimate = createCostEstimator(catalog);
  const unusedPipeline: GatewayPipeline = {
    invoke: () => Promise.reject(new Error('no pipeline in this test')),
    stream: () => {
      throw new Error('no pipeline in this test');
    },
  };
  return {
    state: () => state,
    setState: (next) => void (state = next),
    pipeline: unusedPipeline,
    budgets,
    rateLimiter: createRateLimiter(),
    estimateCost: (request, models, maxTokens, region) => estimate(request, models, maxTokens, region),
    metrics: createGatewayMetrics({ budgets: () => [], usage: () => writer.stats(), inFlight: () => lifecycle.inFlight }),
    usage: writer,
    ledger: undefined,
    lifecycle,
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    now: Date.now,
    ...overrides,
  };
}

/** A Hono app with the gateway's outer chain (request id, errors, metering) and `middleware` on `path`. */
export function createTestApp(services: GatewayServices, ...middleware: MiddlewareHandler<GatewayEnv>[]): Hono<GatewayEnv> {
  const app = new Hono<GatewayEnv>();
  app.onError(errorMapping());
  app.use('*', requestId(), metering(services), ...middleware);
  return app;
}

export const middlewareKeys = { alice: 'frugal_mw-test-alice-0123456789abcdef', bob: 'frugal_mw-test-bob-0123456789abcdef', admin: 'frugal_mw-test-admin-0123456789abcdef' } as const;

/** A config with keys for alice (team red) and bob, an admin key, one Bedrock upstream and two routes. */
export async function createTestConfig(edit: (config: GatewayConfigInput) => GatewayConfigInput = (config) => config): Promise<GatewayConfigInput> {
  const { hashApiKey } = await import('../auth/hash-api-key.js');
  const [alice, bob, admin] = await Promise.all([hashApiKey(middlewareKeys.alice), hashApiKey(middlewareKeys.bob), hashApiKey(middlewareKeys.admin)]);
  return edit({
    upstreams: [{ type: 'bedrock', name: 'bedrock', region: 'us-east-1', endpoint: 'http://127.0.0.1:9' }],
    routes: [
      { name: 'support', tiers: ['amazon.nova-micro-v1:0', 'anthropic.claude-3-5-haiku-20241022-v1:0'], default: 1, maxTokens: 200 },
      { name: 'fixed', model: 'anthropic.claude-3-5-haiku-20241022-v1:0', cache: 'off' },
    ],
    tasks: { triage: 'support' },
    keys: [
      { id: 'alice', hash: alice, team: 'red' },
      { id: 'bob', hash: bob, allow: ['fixed'] },
    ],
    teams: [{ name: 'red' }],
    adminKeys: [{ id: 'ops', hash: admin }],
  });
}
