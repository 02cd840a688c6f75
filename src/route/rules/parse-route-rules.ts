import { parseDocument } from 'yaml';
import { ConfigError } from '../../core/index.js';
import { formatSchemaIssues } from '../../pricing/index.js';
import { type RouteRulesFile, routeRulesFileSchema } from './route-rules-schema.js';

/** Validates a rules YAML text; every problem is listed with the setting to fix. */
export function parseRouteRules(text: string, source: string): RouteRulesFile {
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) throw new ConfigError(`${source} is not valid YAML:`, source, document.errors.map((error) => error.message));
  const raw: unknown = document.toJS();
  const result = routeRulesFileSchema.safeParse(raw ?? {});
  if (!result.success) throw new ConfigError(`${source} is not a valid rules file (see "Routing" in the README):`, source, formatSchemaIssues(result.error, raw));
  return result.data;
}
