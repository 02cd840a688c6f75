import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ParseError } from '../core/index.js';
import type { PriceListOfferInput } from '../pricing/convert-price-list-offer.js';

export interface ReadPriceListOfferResult {
  offers: PriceListOfferInput[];
  /** JSON files in a directory that are not offer files (e.g. AWS's `region_index.json`). */
  ignored: { path: string; reason: string }[];
}

/** Line and column of a JSON.parse failure, from V8's "at position N" / "(line L column C)". */
function locate(text: string, message: string): { line?: number } {
  const explicit = /line (\d+) column \d+/.exec(message);
  if (explicit?.[1] !== undefined) return { line: Number(explicit[1]) };
  const position = /at position (\d+)/.exec(message);
  if (position?.[1] === undefined) return {};
  return { line: text.slice(0, Number(position[1])).split('\n').length };
}

/** Parses JSON text, naming the file (and line) when it is not valid JSON. */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = (error as Error).message;
    throw new ParseError(`not valid JSON (${message}). Download the offer file again; it may be cut short.`, { file, ...locate(text, message) }, { cause: error });
  }
}

async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ParseError(`cannot read the file: ${(error as Error).message}`, { file: path }, { cause: error });
  }
  return parseJsonText(text, path);
}

const isOffer = (data: unknown): boolean => typeof data === 'object' && data !== null && 'products' in data && 'terms' in data;

/**
 * Reads AWS Price List offer JSON: one file, or a directory holding one or more (for example the
 * per-Region `<region>/index.json` files of AWS's layout, searched recursively). Files in a
 * directory that are not offers are listed as ignored; a bad JSON file is an error naming it.
 */
export async function readPriceListOffer(pathOrDir: string): Promise<ReadPriceListOfferResult> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(pathOrDir)).isDirectory();
  } catch (error) {
    throw new ParseError(`cannot read it: ${(error as Error).message}. Pass an AWS Price List offer file (index.json) or a directory of them.`, { file: pathOrDir }, { cause: error });
  }
  if (!isDirectory) return { offers: [{ origin: pathOrDir, data: await readJsonFile(pathOrDir) }], ignored: [] };

  const entries = await readdir(pathOrDir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith('.json'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort((a, b) => relative(pathOrDir, a).localeCompare(relative(pathOrDir, b)));
  const result: ReadPriceListOfferResult = { offers: [], ignored: [] };
  for (const file of files) {
    const data = await readJsonFile(file);
    if (isOffer(data)) result.offers.push({ origin: file, data });
    else result.ignored.push({ path: file, reason: 'not an offer file (no products and terms)' });
  }
  if (result.offers.length === 0) {
    throw new ParseError(
      `no AWS Price List offer files in this directory (looked for *.json with "products" and "terms"${files.length > 0 ? `; ignored ${files.length} other JSON file(s)` : ''}).`,
      { file: pathOrDir },
    );
  }
  return result;
}
