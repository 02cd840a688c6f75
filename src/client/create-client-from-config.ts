import { dirname } from 'node:path';
import { type LoadedConfig, loadConfig, loadPricingCatalog, resolveConfigPath } from '../config/index.js';
import { isPostgresUrl, openLedger, type Ledger } from '../ledger/index.js';
import { createRouter, createValidators, readRouterConfig } from '../route/index.js';
import { startOtlpTelemetry, type OtlpTelemetry } from '../telemetry/index.js';
import { type ClientOptions, createClient, type FrugalClient } from './create-client.js';

export interface ClientFromConfigOptions {
  /** frugal.yaml (or another file); `./frugal.yaml` when present, the defaults otherwise. */
  configPath?: string;
  cwd?: string;
  /** A config already loaded (`loadConfig`), instead of reading one. */
  loaded?: LoadedConfig;
  /** Options over what the file says (an injected provider in tests, say). */
  overrides?: ClientOptions;
}

/**
 * `createClient` from the `client:` and `telemetry:` sections of frugal.yaml: the catalog with
 * the file's price overrides, the router file with its validators, caps, cache points, service
 * tier, the ledger, and OTLP export. `close()` also closes the ledger and the exporters it opened.
 */
export async function createClientFromConfig(options: ClientFromConfigOptions = {}): Promise<FrugalClient> {
  const loaded = options.loaded ?? (await loadConfig({ ...(options.configPath !== undefined && { path: options.configPath }), ...(options.cwd !== undefined && { cwd: options.cwd }) }));
  const { client: settings, telemetry } = loaded.config;
  const catalog = await loadPricingCatalog(loaded);
  const base = loaded.file === undefined ? (options.cwd ?? process.cwd()) : dirname(loaded.file);
  const routerConfig = settings.router === undefined ? undefined : await readRouterConfig(settings.router, { cwd: base, catalog, ...(settings.region !== undefined && { region: settings.region }) });
  let ledger: Ledger | undefined;
  let otlp: OtlpTelemetry | undefined;
  try {
    const location = settings.ledger;
    ledger = location === undefined ? undefined : await openLedger(location === ':memory:' || isPostgresUrl(location) ? location : resolveConfigPath(loaded, location));
    otlp = telemetry.otlp === undefined ? undefined : startOtlpTelemetry({ endpoint: telemetry.otlp.endpoint, serviceName: telemetry.serviceName, exportIntervalMs: telemetry.otlp.exportIntervalMs, ...(telemetry.otlp.headers !== undefined && { headers: telemetry.otlp.headers }) });
    const client = createClient({
      catalog,
      ...(settings.region !== undefined && { region: settings.region }),
      ...(settings.endpoint !== undefined && { endpoint: settings.endpoint }),
      ...(routerConfig !== undefined && { router: createRouter(routerConfig), validators: createValidators(settings.validators ?? {}) }),
      cascade: settings.cascade,
      onRefusal: settings.onRefusal,
      cache: settings.cache,
      ...(settings.maxOutputTokens !== undefined && { maxOutputTokens: settings.maxOutputTokens }),
      ...(settings.requestMetadata !== undefined && { requestMetadata: settings.requestMetadata }),
      ...(settings.serviceTier !== undefined && { serviceTier: settings.serviceTier }),
      ...(ledger !== undefined && { ledger }),
      captureContent: settings.captureContent,
      telemetry: { captureContent: telemetry.captureContent, sdkInstrumentation: telemetry.sdkInstrumentation, ...(otlp !== undefined && { tracer: otlp.tracer, meter: otlp.meter }) },
      ...options.overrides,
    });
    return {
      ...client,
      async close() {
        await client.close();
        await Promise.all([ledger?.close(), otlp?.shutdown()]);
      },
    };
  } catch (error) {
    await Promise.all([ledger?.close(), otlp?.shutdown()]);
    throw error;
  }
}
