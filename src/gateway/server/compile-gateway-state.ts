import { createPipeline, type Pipeline, type PipelineLogger, type PipelineOptions, type UsageSink } from '../../client/index.js';
import { ConfigError, FrugalError } from '../../core/index.js';
import type { GatewayConfig, GatewayKey, GatewayRoute, GatewayUpstream } from '../../config/index.js';
import type { PricingCatalog } from '../../pricing/index.js';
import type { ModelProvider } from '../../providers/index.js';
import { createRouter, createValidators, readRouterConfig, type Router } from '../../route/index.js';
import type { GenAiTelemetry } from '../../telemetry/index.js';
import { createKeyIndex, type KeyIndex } from '../auth/create-key-index.js';
import type { CacheSetting } from '../pipeline/gateway-pipeline.js';
import { createUpstreamProvider, type UpstreamProviderOptions } from './create-upstream-provider.js';

export interface CompiledUpstream {
  name: string;
  config: GatewayUpstream;
  provider: ModelProvider;
  /** Where usage is priced: the Bedrock Region, or the configured one. */
  region: string | undefined;
  serves(modelId: string): boolean;
}

export interface CompiledRoute {
  name: string;
  config: GatewayRoute;
  upstream: CompiledUpstream;
  router: Router | undefined;
  /** The model called when no router decides (a fixed-model route). */
  modelId: string;
  /** Every model the route may call (its ladder), cheapest first. */
  models: readonly string[];
}

interface TargetCommon {
  name: string;
  upstream: CompiledUpstream;
  /** The shared run-time pipeline configured for this target and cache setting. */
  pipelineFor(cache: CacheSetting): Pipeline;
}

/** What a request's `model` named: a route, or a model served by an upstream. */
export type Target = (TargetCommon & { kind: 'route'; route: CompiledRoute }) | (TargetCommon & { kind: 'model'; modelId: string });

export interface GatewayTeamLimits {
  budget: GatewayKey['budget'];
  rateLimit: GatewayKey['rateLimit'];
}

/**
 * One loaded config, compiled for serving. A request holds the state it started with until it
 * ends, so a reload (SIGHUP) never changes a request mid-way; a retired state frees its upstream
 * clients once its last request is done.
 */
export interface GatewayState {
  readonly config: GatewayConfig;
  readonly catalog: PricingCatalog;
  readonly keys: KeyIndex<GatewayKey>;
  readonly adminKeys: KeyIndex<{ id: string; hash: string }>;
  readonly teams: ReadonlyMap<string, GatewayTeamLimits>;
  readonly routes: ReadonlyMap<string, CompiledRoute>;
  readonly upstreams: ReadonlyMap<string, CompiledUpstream>;
  resolveTarget(name: string): Target | undefined;
  /** Marks a request as using this state; call the returned function when it ends. */
  acquire(): () => void;
  /** No new requests will use this state; free it when the last one ends. */
  retire(): void;
}

export interface CompileGatewayStateOptions extends UpstreamProviderOptions {
  catalog: PricingCatalog;
  /** Directory router files are relative to (frugal.yaml's). */
  configDir: string;
  /** Where every pipeline's ledger rows go (the gateway's buffered writer). */
  usageSink: UsageSink;
  telemetry?: GenAiTelemetry;
  logger?: PipelineLogger;
}

function matcher(patterns: readonly string[] | undefined): (modelId: string) => boolean {
  if (patterns === undefined) return () => true;
  const exact = new Set(patterns.filter((pattern) => !pattern.endsWith('*')));
  const prefixes = patterns.filter((pattern) => pattern.endsWith('*')).map((pattern) => pattern.slice(0, -1));
  return (modelId) => exact.has(modelId) || prefixes.some((prefix) => modelId.startsWith(prefix));
}

async function compileRouter(route: GatewayRoute, options: CompileGatewayStateOptions): Promise<Router | undefined> {
  try {
    if (route.router !== undefined) return createRouter(await readRouterConfig(route.router, { cwd: options.configDir, catalog: options.catalog }));
    if (route.tiers === undefined) return undefined;
    return createRouter({ tiers: route.tiers, ...(route.default !== undefined && { defaultTier: route.default }), rules: (route.rules ?? []) as never });
  } catch (error) {
    if (FrugalError.isInstance(error) && error.code === 'INVALID_CONFIG') throw error;
    throw new ConfigError(`gateway.routes[${route.name}]: ${(error as Error).message}`, undefined, [], { cause: error });
  }
}

/** Builds the serving state of a validated `gateway:` section: providers, routers, pipelines, key index. */
export async function compileGatewayState(config: GatewayConfig, options: CompileGatewayStateOptions): Promise<GatewayState> {
  const disposers: (() => void)[] = [];
  const upstreams = new Map<string, CompiledUpstream>();
  for (const upstream of config.upstreams) {
    const created = createUpstreamProvider(upstream, options);
    disposers.push(created.dispose);
    upstreams.set(upstream.name, { name: upstream.name, config: upstream, provider: created.provider, region: upstream.region, serves: matcher(upstream.models) });
  }
  const firstUpstream = upstreams.values().next().value as CompiledUpstream;
  const routes = new Map<string, CompiledRoute>();
  for (const route of config.routes) {
    const upstream = route.upstream === undefined ? firstUpstream : (upstreams.get(route.upstream) as CompiledUpstream);
    const router = await compileRouter(route, options);
    const models = router?.tiers.map((tier) => tier.modelId) ?? [route.model as string];
    routes.set(route.name, { name: route.name, config: route, upstream, router, modelId: route.model ?? (models[models.length - 1] as string), models });
  }
  const teams = new Map(config.teams.map((team) => [team.name, { budget: team.budget, rateLimit: team.rateLimit }]));

  // Pipelines are made on first use per target and cache setting, and shared by every request on them.
  const pipelines = new Map<string, Pipeline>();
  const pipelineFor = (id: string, upstream: CompiledUpstream, route: CompiledRoute | undefined, cache: CacheSetting): Pipeline => {
    const key = `${id}|${cache.mode}|${cache.ttl}`;
    let pipeline = pipelines.get(key);
    if (pipeline === undefined) {
      const routeCap = route?.config.maxTokens;
      const pipelineOptions: PipelineOptions = {
        provider: upstream.provider,
        catalog: options.catalog,
        ...(upstream.region !== undefined && { region: upstream.region }),
        ...(route?.router !== undefined && { router: route.router }),
        ...(route?.config.validate !== undefined && { validators: createValidators(route.config.validate), cascade: route.config.cascade }),
        cache: cache.mode === 'off' ? false : { ttl: cache.ttl },
        ...(routeCap !== undefined ? { maxOutputTokens: { default: routeCap, mode: 'clamp' as const } } : config.defaultMaxTokens !== undefined ? { maxOutputTokens: { default: config.defaultMaxTokens } } : {}),
        usageSink: options.usageSink,
        entryPoint: 'gateway',
        ...(options.telemetry !== undefined && { telemetry: options.telemetry }),
        ...(options.logger !== undefined && { logger: options.logger }),
      };
      pipeline = createPipeline(pipelineOptions);
      pipelines.set(key, pipeline);
    }
    return pipeline;
  };
  const routeTargets = new Map<string, Target>(
    [...routes.values()].map((route) => [route.name, { kind: 'route', name: route.name, route, upstream: route.upstream, pipelineFor: (cache: CacheSetting) => pipelineFor(`route:${route.name}`, route.upstream, route, cache) }]),
  );

  let active = 0;
  let retired = false;
  const dispose = (): void => {
    for (const free of disposers.splice(0)) free();
  };
  return {
    config,
    catalog: options.catalog,
    keys: createKeyIndex(config.keys),
    adminKeys: createKeyIndex(config.adminKeys),
    teams,
    routes,
    upstreams,
    resolveTarget(name) {
      const route = routeTargets.get(name);
      if (route !== undefined) return route;
      for (const upstream of upstreams.values()) {
        if (upstream.serves(name)) return { kind: 'model', name, modelId: name, upstream, pipelineFor: (cache) => pipelineFor(`upstream:${upstream.name}`, upstream, undefined, cache) };
      }
      return undefined;
    },
    acquire() {
      active += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        active -= 1;
        if (retired && active === 0) dispose();
      };
    },
    retire() {
      retired = true;
      if (active === 0) dispose();
    },
  };
}
