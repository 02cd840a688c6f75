import { z } from 'zod';
import { outputFormats } from '../extract-route-signals.js';

/**
 * The rules file (YAML): an ordered list of rules over request signals, first match wins, and a
 * default tier. Tiers are positions on the router's ladder, 1 = cheapest, as listed in `tiers`.
 * Strict schemas: a misspelt condition is an error, not a rule that silently always matches.
 */
const oneOrMany = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).transform((value) => (Array.isArray(value) ? value : [value]));

export const rangeSchema = z
  .strictObject({ gt: z.number().optional(), gte: z.number().optional(), lt: z.number().optional(), lte: z.number().optional() })
  .refine((range) => Object.keys(range).length > 0, 'give at least one of gt, gte, lt, lte');
export type Range = z.output<typeof rangeSchema>;

export const conditionSchema = z.strictObject({
  /** Task type from the route context or `requestMetadata.frugal_task` / `.task`. */
  task: oneOrMany.optional(),
  /** Request metadata values, by key; a list means any of them. */
  metadata: z.record(z.string(), oneOrMany).optional(),
  /** Words or phrases in the prompt (system prompt and last user message), case-insensitive, whole words. */
  keywords: z
    .strictObject({ any: z.array(z.string().min(1)).optional(), all: z.array(z.string().min(1)).optional(), none: z.array(z.string().min(1)).optional() })
    .optional(),
  /** A regular expression the last user message must match (JavaScript syntax, case-insensitive). */
  pattern: z.string().min(1).optional(),
  /** Estimated input tokens (about 4 characters per token) of everything sent. */
  inputTokens: rangeSchema.optional(),
  inputChars: rangeSchema.optional(),
  outputFormat: z.union([z.enum(outputFormats), z.array(z.enum(outputFormats)).min(1)]).transform((value) => (Array.isArray(value) ? value : [value])).optional(),
  /** User turns so far, this one included. */
  depth: rangeSchema.optional(),
  toolsPresent: z.boolean().optional(),
});
export type RuleCondition = z.output<typeof conditionSchema>;

export const ruleSchema = z
  .strictObject({
    name: z.string().min(1),
    when: conditionSchema.default({}),
    /** Send to this tier (1 = cheapest). */
    tier: z.number().int().min(1).optional(),
    /** Or let the learned classifier decide. */
    use: z.literal('classifier').optional(),
    /** Start at the chosen tier and escalate when the answer fails validation. */
    cascade: z.boolean().default(false),
    /** Applies even inside a conversation pinned to another tier (and re-pins it). */
    overridePin: z.boolean().default(false),
  })
  .refine((rule) => (rule.tier === undefined) !== (rule.use === undefined), { message: 'give exactly one of `tier` or `use: classifier`' });
export type RouteRule = z.output<typeof ruleSchema>;
/** A rule as written (in code or YAML): single values for lists, defaults left out. */
export type RouteRuleInput = z.input<typeof ruleSchema>;

/** A ladder entry: a model id in any form, or a Bedrock prompt-router ARN (its served model is priced). */
export const tierEntrySchema = z.union([z.string().min(1), z.strictObject({ model: z.string().min(1), name: z.string().optional() })]);

export const targetSchema = z.union([
  z.strictObject({ strongShare: z.number().min(0).max(1) }),
  z.strictObject({ maxCostPerRequest: z.number().positive() }),
]);

export const routeRulesFileSchema = z
  .strictObject({
    version: z.literal(1),
    /** Cheapest first. */
    tiers: z.array(tierEntrySchema).min(1).max(8),
    /** Tier when no rule matches. */
    default: z.number().int().min(1),
    /** A trained router file (relative to this file) for rules with `use: classifier`. */
    classifier: z.string().min(1).optional(),
    /** Ladder tier of each of the classifier's tiers, when its models are not on the ladder by name. */
    classifierTiers: z.array(z.number().int().min(1)).optional(),
    /** What the classifier's threshold is calibrated to. */
    target: targetSchema.optional(),
    pinning: z.strictObject({ enabled: z.boolean().default(true), ttlMinutes: z.number().positive().default(60), upgradeAfter: z.number().int().positive().optional() }).optional(),
    rules: z.array(ruleSchema).default([]),
  })
  .superRefine((file, context) => {
    const tiers = file.tiers.length;
    if (file.default > tiers) context.addIssue({ code: 'custom', path: ['default'], message: `tier ${file.default} does not exist; tiers lists ${tiers}` });
    file.rules.forEach((rule, index) => {
      if (rule.tier !== undefined && rule.tier > tiers) context.addIssue({ code: 'custom', path: ['rules', index, 'tier'], message: `rule "${rule.name}": tier ${rule.tier} does not exist; tiers lists ${tiers}` });
      if (rule.use === 'classifier' && file.classifier === undefined) context.addIssue({ code: 'custom', path: ['rules', index, 'use'], message: `rule "${rule.name}" uses the classifier, but the file names no \`classifier\`` });
      if (rule.when.pattern !== undefined) {
        try {
          new RegExp(rule.when.pattern, 'iu');
        } catch (error) {
          context.addIssue({ code: 'custom', path: ['rules', index, 'when', 'pattern'], message: `rule "${rule.name}": not a valid regular expression: ${(error as Error).message}` });
        }
      }
    });
  });
export type RouteRulesFile = z.output<typeof routeRulesFileSchema>;
export type RouteRulesFileInput = z.input<typeof routeRulesFileSchema>;
