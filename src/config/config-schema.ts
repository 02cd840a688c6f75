import { z } from 'zod';
import { pricingOverridesSchema } from '../pricing/index.js';
import { clientConfigSchema, telemetryConfigSchema } from './client-config-schema.js';
import { gatewayConfigSchema } from './gateway-config-schema.js';
import { alarmsConfigSchema, budgetSchema } from './check-config-schema.js';
import { reviewConfigSchema } from './review-config-schema.js';

const regex = z.string().min(1).refine((pattern) => {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

/**
 * A user rule that names the task of calls matching every pattern it gives (regular
 * expressions, unanchored): the system prompt, requestMetadata values, the caller's ARN, the
 * canonical model id. Rules run in order after requestMetadata; the first match wins.
 */
export const attributionRuleSchema = z
  .object({
    task: z.string().min(1),
    team: z.string().min(1).optional(),
    systemPrompt: regex.optional(),
    metadata: z.record(z.string(), regex).optional(),
    caller: regex.optional(),
    model: regex.optional(),
  })
  .strict()
  .refine((rule) => rule.systemPrompt !== undefined || rule.metadata !== undefined || rule.caller !== undefined || rule.model !== undefined, {
    message: 'a rule needs at least one of systemPrompt, metadata, caller, model',
  });
export type AttributionRule = z.output<typeof attributionRuleSchema>;

/** `ingest:` — how `frugal ingest` attributes calls to tasks and teams. */
export const ingestConfigSchema = z
  .object({
    /** requestMetadata keys that carry the task, first present wins. */
    taskMetadataKeys: z.array(z.string().min(1)).default(['task']),
    teamMetadataKeys: z.array(z.string().min(1)).default(['team']),
    /** Name the task after the caller's IAM role when nothing else does. */
    taskFromRole: z.boolean().default(true),
    rules: z.array(attributionRuleSchema).default([]),
  })
  .strict();
export type IngestConfig = z.output<typeof ingestConfigSchema>;

/**
 * `frugal.yaml`. Each feature owns one top-level section; unknown sections are rejected so a
 * typo never silently drops a setting.
 */
export const configSchema = z
  .object({
    /** Replace the shipped catalog with this file (relative to the config file). */
    catalog: z.string().min(1).optional(),
    pricing: pricingOverridesSchema.default({ models: [], prices: [], provisioned: [], discounts: [], modelAliases: {} }),
    ingest: ingestConfigSchema.prefault({}),
    /** `createClient` from frugal.yaml: router, caps, cache points, service tier, ledger (see client-config-schema.ts). */
    client: clientConfigSchema.prefault({}),
    /** OpenTelemetry for the client and the gateway: OTLP export, content capture, AWS SDK instrumentation. */
    telemetry: telemetryConfigSchema.prefault({}),
    /** `frugal gateway`: upstreams, routes, virtual keys, budgets (see gateway-config-schema.ts). */
    gateway: gatewayConfigSchema.optional(),
    /** `frugal review`: per-task latency and tier hints, simulation sizes, provisioned units held. */
    review: reviewConfigSchema.prefault({}),
    /** `frugal check`: monthly budgets per team, task or model. */
    budgets: z.array(budgetSchema).default([]),
    /** `frugal check`: anomaly, forecast and drift thresholds. */
    alarms: alarmsConfigSchema.prefault({}),
  })
  .strict();
export type FrugalConfig = z.output<typeof configSchema>;
