import { distance } from 'fastest-levenshtein';
import type { ModelInfo } from './model-ref.js';

/**
 * An index over known models for id resolution. Built once from the pricing catalog (plus user
 * aliases such as provisioned-model ARNs) and reused for every lookup.
 */
export interface ModelRegistry {
  readonly models: readonly ModelInfo[];
  /** Exact lookup of a lower-cased canonical id or alias. */
  lookup(key: string): ModelInfo | undefined;
  /** The `count` known ids closest to `key` by edit distance. */
  nearest(key: string, count?: number): string[];
}

/** `-v1:0` and `-v1` name the same Bedrock model version. */
export function stripVersionSuffix(id: string): string {
  return id.replace(/:\d+$/, '');
}

/** Edit distance that also credits a typed prefix: "claude-3-5-sonet" is near "claude-3-5-sonnet-20240620-v1:0". */
function similarityDistance(key: string, id: string): number {
  const whole = distance(key, id);
  return key.length < id.length ? Math.min(whole, distance(key, id.slice(0, key.length)) + 0.5) : whole;
}

/**
 * @param aliases extra names for known models, e.g. `{ "arn:aws:bedrock:...:provisioned-model/abc": "anthropic.claude-3-haiku-20240307-v1:0" }`
 */
export function createModelRegistry(models: readonly ModelInfo[], aliases: Readonly<Record<string, string>> = {}): ModelRegistry {
  const byKey = new Map<string, ModelInfo>();
  const byId = new Map<string, ModelInfo>();
  const add = (key: string, model: ModelInfo): void => {
    const lower = key.trim().toLowerCase();
    if (!byKey.has(lower)) byKey.set(lower, model);
    const unversioned = stripVersionSuffix(lower);
    if (!byKey.has(unversioned)) byKey.set(unversioned, model);
  };
  for (const model of models) byId.set(model.id.toLowerCase(), model);
  for (const model of models) add(model.id, model);
  for (const model of models) for (const alias of model.aliases) add(alias, model);
  for (const [alias, target] of Object.entries(aliases)) {
    const model = byId.get(target.toLowerCase()) ?? byKey.get(target.toLowerCase());
    if (model) byKey.set(alias.trim().toLowerCase(), model);
  }
  const ids = models.map((model) => model.id);

  return {
    models,
    lookup: (key) => byKey.get(key) ?? byKey.get(stripVersionSuffix(key)),
    nearest(key, count = 3) {
      return ids
        .map((id) => ({ id, score: similarityDistance(key, id.toLowerCase()) }))
        .sort((a, b) => a.score - b.score || a.id.localeCompare(b.id))
        .slice(0, count)
        .map((entry) => entry.id);
    },
  };
}
