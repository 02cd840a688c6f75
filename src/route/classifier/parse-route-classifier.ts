import { ConfigError } from '../../core/index.js';
import { formatSchemaIssues } from '../../pricing/index.js';
import { type RouteClassifierModel, routeClassifierFormat, routeClassifierSchema, routeClassifierVersion } from './route-classifier-schema.js';

/** Validates a trained router file; a file from another version or tool says so instead of mis-routing. */
export function parseRouteClassifier(text: string, source: string): RouteClassifierModel {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${source} is not JSON: ${(error as Error).message}`, source, [], { cause: error });
  }
  const header = raw as { format?: unknown; version?: unknown } | null;
  if (header === null || typeof header !== 'object' || header.format !== routeClassifierFormat) {
    throw new ConfigError(`${source} is not a frugal router file (expected "format": "${routeClassifierFormat}"); train one with \`frugal route train\`.`, source);
  }
  if (header.version !== routeClassifierVersion) {
    throw new ConfigError(`${source} is router format version ${String(header.version)}; this frugal reads version ${routeClassifierVersion}. Retrain it with \`frugal route train\`.`, source);
  }
  const result = routeClassifierSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(`${source} is a damaged router file:`, source, formatSchemaIssues(result.error, raw).slice(0, 10));
  return result.data;
}
