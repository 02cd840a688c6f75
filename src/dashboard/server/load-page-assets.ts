import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PageAsset {
  body: Uint8Array;
  type: string;
  /** Vite names bundles by content hash, so they can be cached for good; index.html cannot. */
  immutable: boolean;
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Where `npm run build` puts the page: `dist/dashboard/page` in the package. Found from this
 * file's place (dist/dashboard/server when installed, src/dashboard/server from source), so it
 * works from a clone, a global install and npx alike.
 */
export function defaultPageDirectory(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth += 1) {
    if (existsSync(join(directory, 'package.json'))) return join(directory, 'dist', 'dashboard', 'page');
    directory = dirname(directory);
  }
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'page');
}

/**
 * Reads the built page into memory once: a handful of files, served by exact path, so no request
 * path ever reaches the file system (no traversal to guard). Null when the page is not built.
 */
export function loadPageAssets(directory: string): Map<string, PageAsset> | null {
  if (!existsSync(join(directory, 'index.html'))) return null;
  const assets = new Map<string, PageAsset>();
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        const name = `/${relative(directory, path).split(sep).join('/')}`;
        assets.set(name, { body: readFileSync(path), type: types[extname(entry.name)] ?? 'application/octet-stream', immutable: name.startsWith('/assets/') });
      }
    }
  };
  walk(directory);
  return assets;
}
