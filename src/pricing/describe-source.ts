import type { Catalog } from './catalog-schema.js';

/** A row's `source` is an id from the catalog's `sources` list or free text; show people the title. */
export function describeSource(catalog: Catalog, source: string): string {
  const known = catalog.sources.find((entry) => entry.id === source);
  return known === undefined ? source : known.title;
}
