import { dirname } from 'node:path';
import { ConfigError } from '../../core/index.js';
import { type FrugalConfig, type GatewayConfig, type GatewayConfigInput, gatewayConfigSchema, loadConfig, loadPricingCatalog, type LoadedConfig, type TelemetryConfig } from '../../config/index.js';
import { formatSchemaIssues, type PricingCatalog } from '../../pricing/index.js';

export interface LoadedGatewayConfig {
  gateway: GatewayConfig;
  catalog: PricingCatalog;
  /** Relative paths in the config (router files, ledger, spill file) resolve here. */
  configDir: string;
  file: string | undefined;
  /** frugal.yaml's `telemetry:` section (OTLP export), shared with `createClient`. */
  telemetry: TelemetryConfig | undefined;
  /** The whole frugal.yaml (review, budgets, alarms for the mounted dashboard); undefined for object configs. */
  config: FrugalConfig | undefined;
}

/** Where the gateway's config comes from: frugal.yaml (re-read on reload), or an object (tests, embedding). */
export type GatewayConfigSource =
  | { kind: 'file'; path?: string; cwd: string; catalogPath?: string }
  /** `config` may be a function, read again on every reload. */
  | { kind: 'object'; config: GatewayConfigInput | (() => GatewayConfigInput); cwd: string; catalog?: PricingCatalog };

/**
 * Reads and validates the `gateway:` section with the price catalog (the same file's `pricing:`
 * overrides apply). Every problem is listed with its setting; a reload that fails leaves the
 * running config in place.
 */
export async function loadGatewayConfig(source: GatewayConfigSource, fallbackCatalog: () => PricingCatalog): Promise<LoadedGatewayConfig> {
  if (source.kind === 'object') {
    const parsed = gatewayConfigSchema.safeParse(typeof source.config === 'function' ? source.config() : source.config);
    if (!parsed.success) throw new ConfigError('The gateway config has invalid settings:', undefined, formatSchemaIssues(parsed.error).map((issue) => `gateway.${issue}`));
    return { gateway: parsed.data, catalog: source.catalog ?? fallbackCatalog(), configDir: source.cwd, file: undefined, telemetry: undefined, config: undefined };
  }
  const loaded: LoadedConfig = await loadConfig({ ...(source.path !== undefined && { path: source.path }), cwd: source.cwd });
  if (loaded.config.gateway === undefined) {
    throw new ConfigError(
      loaded.file === undefined
        ? 'frugal gateway needs a config: create frugal.yaml with a `gateway:` section (upstreams, routes, keys), or pass --config FILE.'
        : `${loaded.file} has no \`gateway:\` section; add one with at least one upstream (see "frugal gateway" in the README).`,
      loaded.file,
    );
  }
  const catalog = await loadPricingCatalog(loaded, source.catalogPath);
  return { gateway: loaded.config.gateway, catalog, configDir: loaded.file === undefined ? source.cwd : dirname(loaded.file), file: loaded.file, telemetry: loaded.config.telemetry, config: loaded.config };
}
