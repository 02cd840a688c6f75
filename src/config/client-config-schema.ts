import { z } from 'zod';
import { cacheTtls } from '../pricing/index.js';
// The module, not the providers' index: that loads every provider's SDK.
import { serviceTiers } from '../providers/model-request.js';

/**
 * `client:` and `telemetry:` in frugal.yaml — what `createClient` and the run-time pipeline read
 * when given a config (`createClientFromConfig`). The same settings as the options, so a team can
 * change caps or the router without a code change.
 */

const positiveInt = z.number().int().positive();
const httpUrl = z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' });

/** Output caps: `default` for requests without maxTokens, `tasks` per task type; `clamp` also lowers larger ones. */
export const outputCapConfigSchema = z.strictObject({
  default: positiveInt.optional(),
  tasks: z.record(z.string().min(1), positiveInt).optional(),
  mode: z.enum(['fill', 'clamp']).optional(),
});

/** One tier for all requests that name none, or per task (`flex` for work that can wait). */
export const serviceTierConfigSchema = z.union([
  z.enum(serviceTiers),
  z.strictObject({ default: z.enum(serviceTiers).optional(), tasks: z.record(z.string().min(1), z.enum(serviceTiers)).optional() }),
]);

/** Automatic cache points: on (the default anchors), off, or with a TTL (1h only where the model offers it). */
export const cacheConfigSchema = z.union([z.boolean(), z.strictObject({ ttl: z.enum(cacheTtls).optional(), existing: z.enum(['keep', 'replace']).optional() })]);

/** The cascade's answer checks (see `createValidators`). */
export const validatorsConfigSchema = z.strictObject({
  truncation: z.boolean().optional(),
  refusal: z.boolean().optional(),
  hedging: z.boolean().optional(),
  languages: z.array(z.string().min(2)).optional(),
  json: z.union([z.boolean(), z.strictObject({ schema: z.record(z.string(), z.unknown()).optional(), requiredFields: z.array(z.string().min(1)).optional() })]).optional(),
  pattern: z.string().min(1).optional(),
});

export const clientConfigSchema = z.strictObject({
  /** Bedrock Region (calls and prices); the AWS chain's Region when left out. */
  region: z.string().min(1).optional(),
  /** Another Bedrock endpoint, e.g. `frugal emulator` at http://127.0.0.1:4010. */
  endpoint: httpUrl.optional(),
  /** Routing rules (.yaml) or a trained router (.json), relative to frugal.yaml. */
  router: z.string().min(1).optional(),
  validators: validatorsConfigSchema.optional(),
  cascade: z.enum(['rules', 'always']).default('rules'),
  onRefusal: z.enum(['return', 'escalate']).default('return'),
  cache: cacheConfigSchema.default(true),
  maxOutputTokens: outputCapConfigSchema.optional(),
  requestMetadata: z.record(z.string().min(1), z.string()).optional(),
  serviceTier: serviceTierConfigSchema.optional(),
  /** Ledger for usage rows (DuckDB file or postgres:// URL, relative to frugal.yaml); none by default. */
  ledger: z.string().min(1).optional(),
  /** Prompt and answer previews in usage rows. */
  captureContent: z.boolean().default(false),
});
export type ClientConfig = z.output<typeof clientConfigSchema>;

export const telemetryConfigSchema = z.strictObject({
  /** OTLP over HTTP (JSON) to a collector; `endpoint` is its base URL (`/v1/traces` and `/v1/metrics` are added). */
  otlp: z
    .strictObject({
      endpoint: httpUrl,
      /** Sent with every export (an API key header, say); prefer environment variables for secrets. */
      headers: z.record(z.string().min(1), z.string()).optional(),
      exportIntervalMs: positiveInt.default(60_000),
    })
    .optional(),
  serviceName: z.string().min(1).default('frugal'),
  /** Prompts and answers on spans (`gen_ai.input.messages`, ...): off, they hold user data. */
  captureContent: z.boolean().default(false),
  /** Spans of the OTel AWS SDK instrumentation inside a frugal call: `suppress` (one GenAI span per call) or `nest`. */
  sdkInstrumentation: z.enum(['suppress', 'nest']).default('suppress'),
});
export type TelemetryConfig = z.output<typeof telemetryConfigSchema>;
