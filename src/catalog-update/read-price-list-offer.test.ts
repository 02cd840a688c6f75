import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ParseError } from '../core/index.js';
import { readPriceListOffer } from './read-price-list-offer.js';

const fixtures = fileURLToPath(new URL('../../test/fixtures/price-list/', import.meta.url));

describe('readPriceListOffer', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'frugal-offer-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads one offer file', async () => {
    const file = join(fixtures, 'bedrock-offer.json');
    const result = await readPriceListOffer(file);
    expect(result.ignored).toEqual([]);
    expect(result.offers).toHaveLength(1);
    expect(result.offers[0]?.origin).toBe(file);
    expect((result.offers[0]?.data as { offerCode: string }).offerCode).toBe('AmazonBedrock');
  });

  it('reads every offer in a directory of per-Region files and ignores the Region index', async () => {
    const result = await readPriceListOffer(join(fixtures, 'by-region'));
    expect(result.offers.map((offer) => offer.origin)).toEqual([join(fixtures, 'by-region', 'eu-central-1', 'index.json'), join(fixtures, 'by-region', 'us-east-1', 'index.json')]);
    expect(result.ignored).toEqual([{ path: join(fixtures, 'by-region', 'region_index.json'), reason: 'not an offer file (no products and terms)' }]);
  });

  it('names the file and line of bad JSON', async () => {
    await mkdir(join(dir, 'us-east-1'));
    const bad = join(dir, 'us-east-1', 'index.json');
    await writeFile(bad, '{\n  "formatVersion": "v1.0",\n  "products": {\n    "A": { "sku": "A", }\n  }\n}\n');
    const error = await readPriceListOffer(dir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).file).toBe(bad);
    expect((error as ParseError).line).toBe(4);
    expect((error as ParseError).message).toMatch(new RegExp(`^${bad.replaceAll('/', '\\/')}, line 4: not valid JSON`));
  });

  it('says so when the path is missing or the directory holds no offer', async () => {
    await expect(readPriceListOffer(join(dir, 'nope.json'))).rejects.toThrow(/nope.json: cannot read it: .*ENOENT.*Pass an AWS Price List offer file/);
    await writeFile(join(dir, 'other.json'), '{"a": 1}');
    await expect(readPriceListOffer(dir)).rejects.toThrow(/no AWS Price List offer files in this directory .*ignored 1 other JSON file/);
  });
});
