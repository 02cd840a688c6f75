import { readFile } from 'node:fs/promises';
import { CatalogError } from '../core/index.js';
import { type Catalog, type PricingCatalog, createPricingCatalog, defaultCatalog, parseCatalog } from '../pricing/index.js';
import { type LoadedConfig, resolveConfigPath } from './load-config.js';

export async function readCatalogFile(path: string): Promise<Catalog> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CatalogError(`Cannot read catalog file ${path}: ${(error as Error).message}`, [], { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text) as unknown;
  } catch (error) {
    throw new CatalogError(`Catalog file ${path} is not valid JSON: ${(error as Error).message}`, [], { cause: error });
  }
  return parseCatalog(data, path);
}

/** The catalog to price with: the shipped one (or `catalog:` from the config) plus the config's overrides. */
export async function loadPricingCatalog(loaded: LoadedConfig, catalogPath?: string): Promise<PricingCatalog> {
  const path = catalogPath ?? (loaded.config.catalog === undefined ? undefined : resolveConfigPath(loaded, loaded.config.catalog));
  const catalog = path === undefined ? defaultCatalog() : await readCatalogFile(path);
  return createPricingCatalog(catalog, loaded.config.pricing);
}
