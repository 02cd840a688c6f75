import type { z } from 'zod';
import { CatalogError } from '../core/index.js';
import { type Catalog, type ModelEntry, catalogSchema } from './catalog-schema.js';

/** Formats zod issues as `path: message` lines a person can act on. */
export function formatSchemaIssues(error: z.ZodError, root?: unknown): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map((part) => describePathPart(root, issue.path, part)).join('.');
    return `${path.length > 0 ? path : '(root)'}: ${issue.message}`;
  });
}

function describePathPart(root: unknown, path: readonly PropertyKey[], part: PropertyKey): string {
  // Name models by id rather than by array index, so the user can find them.
  if (typeof part === 'number' && path[0] === 'models' && path[1] === part && typeof root === 'object' && root !== null) {
    const models = (root as { models?: unknown }).models;
    const entry = Array.isArray(models) ? (models[part] as { id?: unknown } | undefined) : undefined;
    if (typeof entry?.id === 'string') return `[${entry.id}]`;
  }
  return String(part);
}

/** Rules that span fields and entries, which the schema alone cannot express. */
function checkConsistency(catalog: Catalog): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  const names = new Map<string, string>();
  for (const model of catalog.models) {
    if (ids.has(model.id)) problems.push(`${model.id}: the id appears twice`);
    ids.add(model.id);
    for (const name of new Set([model.id, ...model.aliases].map((name) => name.toLowerCase()))) {
      const owner = names.get(name);
      if (owner !== undefined && owner !== model.id) problems.push(`${model.id}: "${name}" is already used by ${owner}`);
      names.set(name, model.id);
    }
    problems.push(...checkModel(model));
  }
  return problems;
}

function checkModel(model: ModelEntry): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const row of model.prices) {
    for (const region of row.regions) {
      const key = `${region}/${row.scope}/${row.mode}/${row.effectiveDate}`;
      if (seen.has(key)) problems.push(`${model.id}: two price rows for ${key}`);
      seen.add(key);
    }
    const hasCachePrice = row.cacheRead !== undefined || row.cacheWrite5m !== undefined || row.cacheWrite1h !== undefined;
    if (!model.caching.supported && hasCachePrice) {
      problems.push(`${model.id}: cache prices on a model whose caching.supported is false`);
    }
    if (model.caching.supported && row.mode !== 'batch' && (row.cacheRead === undefined || row.cacheWrite5m === undefined)) {
      problems.push(`${model.id}: caching is supported but the ${row.mode} row for ${row.regions.join(',')} lacks cacheRead or cacheWrite5m`);
    }
    if (model.caching.supported && model.caching.ttls.includes('1h') && row.mode !== 'batch' && row.cacheWrite1h === undefined) {
      problems.push(`${model.id}: the 1h TTL is offered but the ${row.mode} row for ${row.regions.join(',')} has no cacheWrite1h`);
    }
  }
  const hasBatchRow = model.prices.some((row) => row.mode === 'batch');
  if (model.batch.supported !== hasBatchRow) {
    problems.push(`${model.id}: batch.supported is ${model.batch.supported} but the model ${hasBatchRow ? 'has' : 'has no'} batch price rows`);
  }
  if (!model.prices.some((row) => row.mode === 'on-demand')) problems.push(`${model.id}: no on-demand price row`);
  return problems;
}

/**
 * Validates a catalog read from anywhere (the embedded file, a user's replacement, the output of
 * `frugal prices update`) and returns it typed, or throws a CatalogError listing every problem.
 */
export function parseCatalog(data: unknown, origin = 'catalog'): Catalog {
  const result = catalogSchema.safeParse(data);
  if (!result.success) {
    throw new CatalogError(`The pricing catalog (${origin}) does not match the schema; fix these entries:`, formatSchemaIssues(result.error, data));
  }
  const problems = checkConsistency(result.data);
  if (problems.length > 0) throw new CatalogError(`The pricing catalog (${origin}) is inconsistent:`, problems);
  return result.data;
}
