import { z } from 'zod';
import { validatorsConfigSchema } from './client-config-schema.js';

/**
 * `gateway:` in frugal.yaml — what `frugal gateway` serves. Secrets never live here: virtual keys
 * are stored as salted hashes (`frugal gateway keygen` prints a key and its hash), Bedrock
 * credentials come from the standard AWS chain, and an OpenAI-compatible server's API key from the
 * environment variable named in `apiKeyEnv`. Upstream addresses come only from this file, never
 * from a request.
 */

const name = z.string().regex(/^[A-Za-z0-9][\w.-]{0,63}$/, 'use letters, digits, ".", "_" or "-" (at most 64)');
const usd = z.number().finite().nonnegative();
const positiveInt = z.number().int().positive();
const httpUrl = z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' });

/** `sha256$<salt>$<hash>` or `scrypt$<N>$<r>$<p>$<salt>$<hash>`, base64url parts. */
export const keyHashPattern = /^(?:sha256\$[\w-]{16,}\$[\w-]{43}|scrypt\$\d+\$\d+\$\d+\$[\w-]{16,}\$[\w-]{43,})$/;
const keyHash = z.string().regex(keyHashPattern, 'a hash from `frugal gateway keygen` (sha256$salt$hash or scrypt$N$r$p$salt$hash), never the key itself');

export const gatewayBudgetSchema = z.strictObject({
  /** USD per UTC day. */
  dailyUsd: usd.optional(),
  /** USD per UTC calendar month. */
  monthlyUsd: usd.optional(),
});
export type GatewayBudget = z.output<typeof gatewayBudgetSchema>;

export const gatewayRateLimitSchema = z.strictObject({
  requestsPerMinute: positiveInt,
  /** Requests allowed at once above the steady rate; the per-minute figure by default. */
  burst: positiveInt.optional(),
});
export type GatewayRateLimit = z.output<typeof gatewayRateLimitSchema>;

export const gatewayKeySchema = z.strictObject({
  /** Shown in logs, metrics and the ledger (never the key). */
  id: name,
  hash: keyHash,
  team: name.optional(),
  budget: gatewayBudgetSchema.optional(),
  rateLimit: gatewayRateLimitSchema.optional(),
  /** Routes and models this key may use; all by default. */
  allow: z.array(z.string().min(1)).optional(),
  /** Task of this key's calls when the request names none. */
  task: z.string().min(1).optional(),
});
export type GatewayKey = z.output<typeof gatewayKeySchema>;

export const gatewayTeamSchema = z.strictObject({
  name,
  budget: gatewayBudgetSchema.optional(),
  rateLimit: gatewayRateLimitSchema.optional(),
});

const upstreamCommon = {
  name,
  /** Model ids served here (`*` at the end matches a prefix); any model when left out. */
  models: z.array(z.string().min(1)).optional(),
  /** Per-attempt timeout of upstream calls. */
  timeoutMs: positiveInt.optional(),
  /** Attempts per call, retries included (throttling, 5xx, timeouts). */
  maxAttempts: z.number().int().min(1).max(10).default(3),
  /** Concurrent calls per model before queueing (AIMD: halves on throttling, grows back). */
  concurrency: positiveInt.default(64),
};

export const gatewayUpstreamSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('bedrock'),
    ...upstreamCommon,
    /** Credentials come from the standard AWS chain (env, AWS_PROFILE, SSO, instance role). */
    region: z.string().min(1).default('us-east-1'),
    /** Another endpoint, e.g. `frugal emulator` or a VPC endpoint. */
    endpoint: httpUrl.optional(),
  }),
  z.strictObject({
    type: z.literal('openai-compatible'),
    ...upstreamCommon,
    baseURL: httpUrl,
    /** Environment variable holding the server's API key (none for local servers). */
    apiKeyEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name').optional(),
    maxTokensField: z.enum(['max_tokens', 'max_completion_tokens']).optional(),
    /** Region the usage is priced in (OpenAI-compatible servers have none). */
    region: z.string().min(1).optional(),
  }),
]);
export type GatewayUpstream = z.output<typeof gatewayUpstreamSchema>;

export const gatewayRouteSchema = z
  .strictObject({
    /** What callers put in `model` (OpenAI) or the URL's model id (Bedrock). */
    name,
    /** The upstream; the first one by default. */
    upstream: name.optional(),
    /** A fixed model... */
    model: z.string().min(1).optional(),
    /** ...or a ladder, cheapest first, with rules (the routing rules format, checked at start-up)... */
    tiers: z.array(z.union([z.string().min(1), z.strictObject({ model: z.string().min(1), name: z.string().optional() })])).min(1).max(8).optional(),
    default: positiveInt.optional(),
    rules: z.array(z.record(z.string(), z.unknown())).optional(),
    /** ...or a router file: rules (.yaml) or a trained classifier (.json), relative to frugal.yaml. */
    router: z.string().min(1).optional(),
    /** Output cap when the request sets none (and the ceiling when it sets more). */
    maxTokens: positiveInt.optional(),
    /** Answer checks for cascades: a rule with `cascade: true` (or `cascade: always`) escalates a tier when one fails. */
    validate: validatorsConfigSchema.optional(),
    cascade: z.enum(['rules', 'always']).default('rules'),
    /** Cache points after the stable prefix (tools, system, history) where the model caches it. */
    cache: z.enum(['auto', 'off']).default('auto'),
    cacheTtl: z.enum(['5m', '1h']).default('5m'),
  })
  .refine((route) => [route.model, route.tiers, route.router].filter((value) => value !== undefined).length === 1, {
    message: 'give exactly one of `model`, `tiers` (with rules) or `router`',
  });
export type GatewayRoute = z.output<typeof gatewayRouteSchema>;

export const gatewayConfigSchema = z
  .strictObject({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65_535).default(8787),
    /** DuckDB file (one instance) or a postgres:// URL (several instances), relative to frugal.yaml. */
    ledger: z.string().min(1).default('frugal.duckdb'),
    /** Usage rows wait here while the ledger is unreachable, and are replayed from it. */
    spillFile: z.string().min(1).default('frugal-gateway-spill.jsonl'),
    limits: z
      .strictObject({
        bodyBytes: positiveInt.default(1_048_576),
        /** Whole request, retries included. */
        timeoutMs: positiveInt.default(120_000),
        /** How long SIGTERM waits for requests in flight. */
        shutdownGraceMs: positiveInt.default(15_000),
      })
      .prefault({}),
    usage: z.strictObject({ batchSize: positiveInt.default(2048), flushIntervalMs: positiveInt.default(1000) }).prefault({}),
    /** Output cap for requests that set none and whose route sets none. */
    defaultMaxTokens: positiveInt.optional(),
    upstreams: z.array(gatewayUpstreamSchema).min(1, 'name at least one upstream (bedrock or openai-compatible)'),
    routes: z.array(gatewayRouteSchema).default([]),
    /** Task → route, for requests that name a task (`x-frugal-task`) and no route. */
    tasks: z.record(z.string().min(1), name).default({}),
    keys: z.array(gatewayKeySchema).default([]),
    teams: z.array(gatewayTeamSchema).default([]),
    /** Keys for `/admin/*` (usage queries); the admin API is off without one. */
    adminKeys: z.array(z.strictObject({ id: name, hash: keyHash })).default([]),
    /**
     * Serves `frugal dashboard` over this gateway's ledger at `path` (read only). `auth: admin`
     * (the default) asks for an admin key (HTTP Basic with the key as password, or Bearer);
     * `auth: none` serves anyone who reaches the gateway, so it is refused unless it listens on loopback.
     */
    dashboard: z
      .strictObject({
        path: z
          .string()
          .regex(/^(\/[A-Za-z0-9._~-]+)+$/, 'a path such as /dashboard: starts with /, no trailing slash')
          .refine((path) => !/^\/(v1|model|admin|healthz|metrics)(\/|$)/.test(path), 'must not overlap /v1, /model, /admin, /healthz or /metrics')
          .default('/dashboard'),
        /** A `frugal bench` run folder or a folder of runs, relative to frugal.yaml. */
        bench: z.string().min(1).default('frugal-bench'),
        auth: z.enum(['admin', 'none']).default('admin'),
      })
      .optional(),
  })
  .superRefine((gateway, context) => {
    const issue = (path: (string | number)[], message: string): void => context.addIssue({ code: 'custom', path, message });
    const duplicates = (values: string[]): string[] => values.filter((value, index) => values.indexOf(value) !== index);
    for (const dup of duplicates(gateway.upstreams.map((upstream) => upstream.name))) issue(['upstreams'], `upstream "${dup}" is named twice`);
    for (const dup of duplicates(gateway.routes.map((route) => route.name))) issue(['routes'], `route "${dup}" is named twice`);
    for (const dup of duplicates([...gateway.keys, ...gateway.adminKeys].map((key) => key.id))) issue(['keys'], `key id "${dup}" is used twice`);
    for (const dup of duplicates(gateway.teams.map((team) => team.name))) issue(['teams'], `team "${dup}" is named twice`);
    const upstreams = new Set(gateway.upstreams.map((upstream) => upstream.name));
    const routes = new Set(gateway.routes.map((route) => route.name));
    const teams = new Set(gateway.teams.map((team) => team.name));
    gateway.routes.forEach((route, index) => {
      if (route.upstream !== undefined && !upstreams.has(route.upstream)) issue(['routes', index, 'upstream'], `route "${route.name}": no upstream named "${route.upstream}"`);
      if (route.tiers === undefined && (route.rules !== undefined || route.default !== undefined)) issue(['routes', index], `route "${route.name}": rules and default need tiers`);
    });
    for (const [task, route] of Object.entries(gateway.tasks)) if (!routes.has(route)) issue(['tasks', task], `task "${task}" maps to route "${route}", which is not defined`);
    if (gateway.dashboard?.auth === 'admin' && gateway.adminKeys.length === 0) issue(['dashboard', 'auth'], 'the dashboard asks for an admin key: add adminKeys, or set auth: none on a gateway that listens on loopback');
    gateway.keys.forEach((key, index) => {
      if (key.team !== undefined && gateway.teams.length > 0 && !teams.has(key.team)) issue(['keys', index, 'team'], `key "${key.id}": team "${key.team}" is not listed under teams`);
    });
  });
export type GatewayConfig = z.output<typeof gatewayConfigSchema>;
export type GatewayConfigInput = z.input<typeof gatewayConfigSchema>;
