import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConfigError, ParseError } from '../core/index.js';
import type { PricingCatalog } from '../pricing/index.js';
import { parseRouteClassifier } from './classifier/parse-route-classifier.js';
import type { RouterConfig } from './create-router.js';
import { estimateTierCosts } from './estimate-tier-costs.js';
import { isPromptRouterArn } from './route-decision.js';
import { parseRouteRules } from './rules/parse-route-rules.js';

export interface ReadRouterOptions {
  cwd: string;
  /** Prices a `maxCostPerRequest` target (catalog estimate of each tier's cost per request). */
  catalog?: PricingCatalog;
  region?: string;
  /** A typical request, for that estimate. */
  typicalTokens?: { inputTokens: number; outputTokens: number };
}

async function readText(path: string, label: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new ParseError(`cannot read the router file: ${(error as Error).message}`, { file: label }, { cause: error });
  }
}

/**
 * A router from a file: a trained classifier (`.json`) routes on its own; a rules file (`.yaml`)
 * can name a classifier beside it for `use: classifier` rules and set the business target.
 */
export async function readRouterConfig(path: string, options: ReadRouterOptions): Promise<RouterConfig & { kind: 'classifier' | 'rules' }> {
  const full = resolve(options.cwd, path);
  const text = await readText(full, path);
  if (/\.json$/i.test(path)) return { kind: 'classifier', classifier: parseRouteClassifier(text, path) };
  if (!/\.ya?ml$/i.test(path)) throw new ConfigError(`${path}: a router is a trained classifier (.json, from \`frugal route train\`) or a rules file (.yaml).`, path);
  const rules = parseRouteRules(text, path);
  const config: RouterConfig & { kind: 'rules' } = {
    kind: 'rules',
    tiers: rules.tiers,
    defaultTier: rules.default,
    rules: rules.rules,
    ...(rules.classifierTiers !== undefined && { classifierTiers: rules.classifierTiers }),
  };
  if (rules.classifier !== undefined) {
    const classifierPath = resolve(dirname(full), rules.classifier);
    config.classifier = parseRouteClassifier(await readText(classifierPath, rules.classifier), rules.classifier);
  }
  if (rules.pinning !== undefined) {
    config.pinning = rules.pinning.enabled ? { ttlMs: rules.pinning.ttlMinutes * 60_000, ...(rules.pinning.upgradeAfter !== undefined && { upgradeAfter: rules.pinning.upgradeAfter }) } : false;
  }
  if (rules.target !== undefined) {
    if ('strongShare' in rules.target) config.target = rules.target;
    else {
      if (options.catalog === undefined) throw new ConfigError(`${path}: a maxCostPerRequest target needs the price catalog.`, path);
      const ladder = rules.tiers.map((entry, index) => {
        const modelId = typeof entry === 'string' ? entry : entry.model;
        return { tier: index + 1, modelId, promptRouter: isPromptRouterArn(modelId) };
      });
      config.target = {
        maxCostPerRequest: rules.target.maxCostPerRequest,
        meanCostPerRequest: estimateTierCosts(ladder, options.catalog, { ...(options.typicalTokens ?? { inputTokens: 1000, outputTokens: 300 }), ...(options.region !== undefined && { region: options.region }) }),
      };
    }
  }
  return config;
}
