import { resolve } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import { configSchema } from '../config/index.js';
import { ConfigError, type UsageRow } from '../core/index.js';
import { listenHttp1AndHttp2 } from '../emulator/listen-http1-and-http2.js';
import { isPostgresUrl, openLedger } from '../ledger/index.js';
import { createPricingCatalog } from '../pricing/index.js';
import { createGenAiTelemetry, type GenAiTelemetry, type OtlpTelemetry, startOtlpTelemetry } from '../telemetry/index.js';
import { keyCaller } from './admin/admin-routes.js';
import { createBudgetTracker } from './budget/create-budget-tracker.js';
import { createCostEstimator } from './budget/create-cost-estimator.js';
import { createRateLimiter } from './budget/create-rate-limiter.js';
import { seedBudgets } from './budget/seed-budgets.js';
import { createGatewayApp } from './create-gateway-app.js';
import { createDashboardMount } from './dashboard/create-dashboard-mount.js';
import { redactSecrets } from './errors/redact-secrets.js';
import type { GatewayEnv } from './gateway-env.js';
import { createGatewayLifecycle, type GatewayLogger, type GatewayServices } from './gateway-services.js';
import { createGatewayMetrics } from './metrics/create-gateway-metrics.js';
import { createGatewayPipeline, type GatewayPipeline } from './pipeline/gateway-pipeline.js';
import { compileGatewayState, type GatewayState } from './server/compile-gateway-state.js';
import type { UpstreamProviderOptions } from './server/create-upstream-provider.js';
import { type GatewayConfigSource, loadGatewayConfig } from './server/load-gateway-config.js';
import { createLazyLedger, type LazyLedger } from './usage/create-lazy-ledger.js';
import { createSpillFile } from './usage/create-spill-file.js';
import { createUsageWriter, type UsageWriterStats } from './usage/create-usage-writer.js';

export interface StartGatewayOptions extends UpstreamProviderOptions {
  source: GatewayConfigSource;
  /** Over the config's `host` / `port`; port 0 picks a free one. */
  host?: string;
  port?: number;
  /** A ledger to use instead of the config's (tests); the gateway closes it on shutdown. */
  ledger?: LazyLedger;
  /** Spans and GenAI metrics per model call; by default from frugal.yaml's `telemetry.otlp`, else none. */
  telemetry?: GenAiTelemetry;
  logger?: GatewayLogger;
  /** Replaces the pipeline seam (tests). */
  pipeline?: GatewayPipeline;
  /** How often spilled usage is retried while the ledger is down. */
  replayIntervalMs?: number;
  now?: () => number;
  /** Tests: the dashboard page's folder when `gateway.dashboard` is set (default the package's build). */
  dashboardPageDirectory?: string | null;
}

export interface ShutdownReport {
  /** Requests that were still running when the grace period ended (they were cut off). */
  cutOff: number;
  usage: UsageWriterStats;
}

export interface RunningGateway {
  url: string;
  host: string;
  port: number;
  app: Hono<GatewayEnv>;
  services: GatewayServices;
  /** Re-reads the config (SIGHUP): new requests use it; requests in flight finish on the old one. */
  reload(): Promise<void>;
  /** Stops taking requests, lets those in flight finish (up to `graceMs`), flushes usage, closes the ledger. */
  shutdown(options?: { graceMs?: number }): Promise<ShutdownReport>;
}

export const silentGatewayLogger: GatewayLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

const isLoopbackHost = (host: string): boolean => host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms).unref());

/**
 * Starts `frugal gateway`: loads the config, opens the ledger lazily (the gateway serves while the
 * database is down; usage spills to disk), seeds budgets from the ledger, and listens on one port
 * for HTTP/1.1 and cleartext HTTP/2 (the AWS SDK's Bedrock Runtime client speaks HTTP/2).
 */
export async function startGateway(options: StartGatewayOptions): Promise<RunningGateway> {
  const logger = options.logger ?? silentGatewayLogger;
  const now = options.now ?? Date.now;
  let shippedCatalog: ReturnType<typeof createPricingCatalog> | undefined;
  const fallbackCatalog = () => (shippedCatalog ??= createPricingCatalog());
  const first = await loadGatewayConfig(options.source, fallbackCatalog);
  const config = first.gateway;
  const listenHost = options.host ?? config.host;
  if (config.dashboard?.auth === 'none' && !isLoopbackHost(listenHost)) {
    throw new ConfigError(`gateway.dashboard.auth is none, but the gateway listens on ${listenHost}: anyone who reaches it would see the spend and the prompts. Use auth: admin (with adminKeys), or listen on 127.0.0.1.`);
  }

  const ledgerLocation = isPostgresUrl(config.ledger) ? config.ledger : resolve(first.configDir, config.ledger);
  const ledger = options.ledger ?? createLazyLedger(() => openLedger(ledgerLocation, { cwd: first.configDir }));
  const writer = createUsageWriter({
    ledger,
    spill: createSpillFile(resolve(first.configDir, config.spillFile)),
    batchSize: config.usage.batchSize,
    flushIntervalMs: config.usage.flushIntervalMs,
    ...(options.replayIntervalMs !== undefined && { replayIntervalMs: options.replayIntervalMs }),
    logger,
    // The virtual key is the caller: reports group spend by it, and budgets are seeded from it.
    prepare: (row: UsageRow) => {
      const key = row.metadata['frugal_api_key'];
      return row.callerArn === null && key !== undefined ? { ...row, callerArn: keyCaller(key) } : row;
    },
  });
  // OTLP export from the `telemetry:` section (as createClient does); the exporters live as long as the gateway.
  const otlpSettings = first.telemetry?.otlp;
  const otlp: OtlpTelemetry | undefined =
    options.telemetry === undefined && otlpSettings !== undefined
      ? startOtlpTelemetry({ endpoint: otlpSettings.endpoint, serviceName: first.telemetry?.serviceName ?? 'frugal', exportIntervalMs: otlpSettings.exportIntervalMs, ...(otlpSettings.headers !== undefined && { headers: otlpSettings.headers }) })
      : undefined;
  const telemetry =
    options.telemetry ??
    (otlp === undefined ? undefined : createGenAiTelemetry({ tracer: otlp.tracer, meter: otlp.meter, captureContent: first.telemetry?.captureContent ?? false, sdkInstrumentation: first.telemetry?.sdkInstrumentation ?? 'suppress' }));
  const budgets = createBudgetTracker(now);
  const lifecycle = createGatewayLifecycle();
  const pipelineLogger = { warn: (message: string, error?: unknown) => logger.warn(redactSecrets(error === undefined ? message : `${message}: ${error instanceof Error ? error.message : String(error)}`)) };
  const compile = (loaded: typeof first): Promise<GatewayState> =>
    compileGatewayState(loaded.gateway, { ...options, catalog: loaded.catalog, configDir: loaded.configDir, usageSink: writer, logger: pipelineLogger, ...(telemetry !== undefined && { telemetry }) });
  let current = await compile(first);

  const estimators = new WeakMap<object, ReturnType<typeof createCostEstimator>>();
  const metrics = createGatewayMetrics({
    budgets: () => {
      const { config: active } = current;
      return budgets.standing([
        ...active.keys.flatMap((key) => (key.budget === undefined ? [] : [{ kind: 'key' as const, name: key.id, budget: key.budget }])),
        ...active.teams.flatMap((team) => (team.budget === undefined ? [] : [{ kind: 'team' as const, name: team.name, budget: team.budget }])),
      ]);
    },
    usage: () => writer.stats(),
    inFlight: () => lifecycle.inFlight,
  });
  const services: GatewayServices = {
    state: () => current,
    pipeline: options.pipeline ?? createGatewayPipeline(),
    budgets,
    rateLimiter: createRateLimiter(now),
    estimateCost(request, models, maxTokens, region, state) {
      let estimate = estimators.get(state.catalog);
      if (estimate === undefined) {
        estimate = createCostEstimator(state.catalog);
        estimators.set(state.catalog, estimate);
      }
      return estimate(request, models, maxTokens, region);
    },
    metrics,
    usage: writer,
    ledger,
    lifecycle,
    logger,
    now,
  };

  // Spill files left by an earlier run go in first; spend so far this month seeds the budgets.
  // Calls from `startedAt` on are counted by the tracker itself, so a late seed leaves them out.
  const startedAt = now();
  await writer.replay().catch(() => false);
  let seedTimer: ReturnType<typeof setInterval> | undefined;
  let seeding = false;
  const seed = async (late: boolean): Promise<boolean> => {
    if (seeding) return false;
    seeding = true;
    try {
      const seeded = await seedBudgets(ledger.query, budgets, now(), startedAt);
      logger.info(`budgets: spend this month loaded for ${seeded.keys} keys and ${seeded.teams} teams${late ? ' (the ledger is readable again; added to what this run has spent)' : ''}`);
      return true;
    } catch (error) {
      if (!late) logger.warn(`budgets: could not read this month's spend from the ledger (${redactSecrets((error as Error).message)}); budgets count from zero until it can be read, then add it`);
      return false;
    } finally {
      seeding = false;
    }
  };
  if (!(await seed(false))) {
    // Until the ledger answers, a restart would otherwise forget the month's spend for good.
    seedTimer = setInterval(() => {
      void seed(true).then((done) => {
        if (done) clearInterval(seedTimer);
      });
    }, options.replayIntervalMs ?? 5000);
    seedTimer.unref();
  }

  if (config.dashboard !== undefined) {
    services.dashboard = createDashboardMount({
      path: config.dashboard.path,
      auth: config.dashboard.auth,
      openLedger: () => ledger.open(),
      benchDirectory: resolve(first.configDir, config.dashboard.bench),
      ledgerArgument: config.ledger,
      catalog: first.catalog,
      config: first.config ?? configSchema.parse({}),
      ...(options.dashboardPageDirectory !== undefined && { pageDirectory: options.dashboardPageDirectory }),
    });
  }
  const app = createGatewayApp(services);
  const server = await listenHttp1AndHttp2(getRequestListener(app.fetch), listenHost, options.port ?? config.port);
  const host = server.address.address;
  const urlHost = server.address.family === 'IPv6' ? `[${host}]` : host;

  let reloading: Promise<void> = Promise.resolve();
  const reload = (): Promise<void> => {
    // One reload at a time; a failed one must not stop the next.
    reloading = reloading.catch(() => undefined).then(async () => {
      const next = await compile(await loadGatewayConfig(options.source, fallbackCatalog));
      const previous = current;
      current = next;
      previous.retire();
      logger.info('config reloaded: new requests use it; requests in flight finish on the previous one');
    });
    return reloading;
  };

  let stopping: Promise<ShutdownReport> | undefined;
  const shutdown = (shutdownOptions: { graceMs?: number } = {}): Promise<ShutdownReport> => {
    stopping ??= (async () => {
      lifecycle.accepting = false;
      clearInterval(seedTimer);
      const graceMs = shutdownOptions.graceMs ?? current.config.limits.shutdownGraceMs;
      const finished = await Promise.race([lifecycle.idle().then(() => true), sleep(graceMs).then(() => false)]);
      const cutOff = finished ? 0 : lifecycle.inFlight;
      await server.close();
      // Cut-off streams record what they were billed once their calls stop; give them a moment.
      if (!finished) await Promise.race([lifecycle.idle(), sleep(2000)]);
      current.retire();
      const usage = await writer.drain();
      await Promise.all([ledger.close(), otlp?.shutdown().catch(() => undefined)]);
      return { cutOff, usage };
    })();
    return stopping;
  };

  return { url: `http://${urlHost}:${server.address.port}`, host, port: server.address.port, app, services, reload, shutdown };
}
