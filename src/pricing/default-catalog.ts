import catalogData from './data/catalog.json' with { type: 'json' };
import { type Catalog } from './catalog-schema.js';
import { parseCatalog } from './parse-catalog.js';

let cached: Catalog | undefined;

/** The catalog shipped with frugal, validated once on first use. */
export function defaultCatalog(): Catalog {
  cached ??= parseCatalog(catalogData, 'embedded src/pricing/data/catalog.json');
  return cached;
}
