import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../core/index.js';
import modelMap from './data/price-list-model-map.json' with { type: 'json' };
import { type PriceListOfferInput, convertPriceListOffer, scaleDecimalPrice } from './convert-price-list-offer.js';
import { createPricingCatalog } from './create-pricing-catalog.js';
import { findPriceRow } from './find-price-row.js';
import { parseCatalog } from './parse-catalog.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../test/fixtures/price-list/${name}`, import.meta.url), 'utf8')) as unknown;
const baseCatalog = () => parseCatalog(fixture('base-catalog.json'), 'fixture');
const offer = (): PriceListOfferInput => ({ origin: 'bedrock-offer.json', data: fixture('bedrock-offer.json') });
const source = 'aws-price-list:AmazonBedrock:20260601000000';

/** A one-SKU offer for edge cases. */
function tinyOffer(products: Record<string, { usagetype: string; regionCode?: string; model?: string; usd: string; unit?: string; date?: string }>): PriceListOfferInput {
  const offerData = { formatVersion: 'v1.0', offerCode: 'AmazonBedrock', version: '20260701000000', publicationDate: '2026-07-01T00:00:00Z', products: {}, terms: { OnDemand: {} } } as {
    products: Record<string, unknown>;
    terms: { OnDemand: Record<string, unknown> };
  };
  for (const [sku, product] of Object.entries(products)) {
    offerData.products[sku] = { sku, productFamily: 'Amazon Bedrock', attributes: { regionCode: product.regionCode ?? 'us-east-1', usagetype: product.usagetype, ...(product.model !== undefined && { model: product.model }) } };
    offerData.terms.OnDemand[sku] = {
      [`${sku}.JRTCKXETXF`]: {
        offerTermCode: 'JRTCKXETXF',
        sku,
        effectiveDate: `${product.date ?? '2026-07-01'}T00:00:00Z`,
        priceDimensions: { [`${sku}.JRTCKXETXF.6YS6EN2CT7`]: { unit: product.unit ?? '1K tokens', pricePerUnit: { USD: product.usd }, description: '' } },
      },
    };
  }
  return { origin: 'tiny.json', data: offerData };
}

describe('scaleDecimalPrice', () => {
  it('moves the decimal point exactly and rounds to 9 decimals', () => {
    expect(scaleDecimalPrice('0.0002500000', 3)).toBe(0.25);
    expect(scaleDecimalPrice('0.0000350000', 3)).toBe(0.035);
    expect(scaleDecimalPrice('0.00000875', 3)).toBe(0.00875);
    expect(scaleDecimalPrice('0.0041250000', 3)).toBe(4.125);
    expect(scaleDecimalPrice('3.75', 0)).toBe(3.75);
    expect(scaleDecimalPrice('0.000000123456789', 6)).toBe(0.123456789);
    expect(scaleDecimalPrice('0.0000000000004', 3)).toBe(0);
    expect(scaleDecimalPrice('0.0000000000005', 3)).toBe(0.000000001);
    expect(scaleDecimalPrice('12', 3)).toBe(12000);
    expect(scaleDecimalPrice('abc', 3)).toBeUndefined();
    expect(scaleDecimalPrice('', 3)).toBeUndefined();
    // Nova Micro batch input: the float route gives 0.017499999999999998.
    expect(Number('0.0000175') * 1000).not.toBe(0.0175);
    expect(scaleDecimalPrice('0.0000175000', 3)).toBe(0.0175);
  });
});

describe('convertPriceListOffer', () => {
  it('turns token SKUs into catalog prices in USD per 1M tokens, exactly', () => {
    const { catalog, report } = convertPriceListOffer(offer(), baseCatalog(), { retrieved: '2026-06-02' });

    expect(report.changed).toEqual([
      { model: 'anthropic.claude-3-5-sonnet-20240620-v1:0', region: 'us-east-1', scope: 'regional', mode: 'on-demand', effectiveDate: '2025-01-01', changes: [{ bucket: 'output', old: 16, new: 15 }] },
      { model: 'anthropic.claude-3-7-sonnet-20250219-v1:0', region: 'us-east-1', scope: 'regional', mode: 'on-demand', effectiveDate: '2025-02-24', changes: [{ bucket: 'cacheRead', old: 0.35, new: 0.3 }] },
      { model: 'anthropic.claude-sonnet-4-5-20250929-v1:0', region: 'us-east-1', scope: 'global', mode: 'on-demand', effectiveDate: '2025-09-29', changes: [{ bucket: 'input', old: 3.3, new: 3 }] },
      { model: 'amazon.nova-pro-v1:0', region: 'eu-central-1', scope: 'regional', mode: 'on-demand', effectiveDate: '2025-01-01', changes: [{ bucket: 'input', old: 1.1, new: 1.05 }] },
    ]);
    expect(report.added).toEqual([
      { model: 'anthropic.claude-3-5-sonnet-20240620-v1:0', region: 'eu-central-1', scope: 'regional', mode: 'on-demand', effectiveDate: '2025-01-01', prices: { input: 3, output: 15 } },
    ]);
    expect(report.unchanged).toBe(1); // the Claude 3.5 Sonnet batch row

    const sonnet35 = catalog.models.find((model) => model.id === 'anthropic.claude-3-5-sonnet-20240620-v1:0');
    // The stale row stays as history; the offer's prices start at the AWS term date, one row for both Regions.
    expect(sonnet35?.prices).toContainEqual({ regions: ['us-east-1', 'us-west-2'], scope: 'regional', mode: 'on-demand', input: 3, output: 16, effectiveDate: '2024-06-20', source: 'test', note: 'output is stale on purpose (AWS says 15)' });
    expect(sonnet35?.prices).toContainEqual({ regions: ['eu-central-1', 'us-east-1'], scope: 'regional', mode: 'on-demand', input: 3, output: 15, effectiveDate: '2025-01-01', source });

    const sonnet37 = catalog.models.find((model) => model.id === 'anthropic.claude-3-7-sonnet-20250219-v1:0');
    expect(sonnet37?.prices).toEqual([
      {
        regions: ['us-east-1'],
        scope: 'regional',
        mode: 'on-demand',
        input: 3,
        output: 15,
        cacheRead: 0.3,
        cacheWrite5m: 3.75,
        effectiveDate: '2025-02-24',
        source,
        note: 'input, output kept from the earlier row (test); the offer has no such price',
      },
    ]);

    const novaEu = catalog.models.find((model) => model.id === 'amazon.nova-pro-v1:0')?.prices.filter((row) => row.regions.includes('eu-central-1'));
    expect(novaEu).toEqual([
      {
        regions: ['eu-central-1'],
        scope: 'regional',
        mode: 'on-demand',
        input: 1.05,
        output: 4.2,
        cacheRead: 0.2625,
        cacheWrite5m: 1.05,
        effectiveDate: '2025-01-01',
        source,
        note: 'output, cacheRead, cacheWrite5m kept from the earlier row (test); the offer has no such price; AWS term effective 2024-12-03; replaces the test row of 2025-01-01',
      },
    ]);

    expect(catalog.version).toBe('test-pricelist-1+aws-price-list.20260601000000');
    expect(catalog.sources).toContainEqual({
      id: source,
      title: 'AWS Price List offer AmazonBedrock, version 20260601000000, published 2026-06-01T00:00:00Z',
      url: 'https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonBedrock/20260601000000/index.json',
      retrieved: '2026-06-02',
    });
  });

  it('reports every SKU it did not convert, with the reason', () => {
    const { report } = convertPriceListOffer(offer(), baseCatalog());
    expect(report.unmatched).toEqual([
      { sku: 'NOVAPROLATOPT001', usageType: 'USE1-NovaPro-input-tokens-latency-optimized', region: 'us-east-1', reason: 'latency-optimized inference is not a mode the catalog prices' },
    ]);
    expect(report.missingModels).toEqual([
      { awsName: 'Claude4.5Haiku', catalogId: 'anthropic.claude-haiku-4-5-20251001-v1:0', regions: ['us-east-1'], skus: ['HAIKU45IN0000001'] },
      { awsName: 'Acme9000', catalogId: undefined, regions: ['us-east-1'], skus: ['ACME9000IN000001'] },
    ]);
    expect(report.skipped.map(({ sku, unit, reason }) => ({ sku, unit, reason }))).toEqual([
      { sku: 'NOVACANVASIMG001', unit: 'Images', reason: 'priced per "Images", not per token' },
      { sku: 'PT35SONNETNC0001', unit: 'Hrs', reason: 'priced per "Hrs", not per token' },
      { sku: 'PT35SONNET1M0001', unit: undefined, reason: 'only Reserved terms (provisioned throughput / reserved capacity): not converted' },
    ]);
    // Every product is accounted for: 10 token SKUs became (or confirmed) catalog prices.
    const products = Object.keys((fixture('bedrock-offer.json') as { products: object }).products).length;
    expect(products).toBe(16);
    expect(report.unmatched.length + report.skipped.length + report.missingModels.flatMap((model) => model.skus).length + 10).toBe(products);
  });

  it('produces a catalog that parses and prices calls with the new rows', () => {
    const { catalog } = convertPriceListOffer(offer(), baseCatalog());
    const reparsed = parseCatalog(JSON.parse(JSON.stringify(catalog)) as unknown, 'round trip');
    expect(reparsed).toEqual(catalog);
    const pricing = createPricingCatalog(reparsed);
    const sonnet = pricing.model('anthropic.claude-3-5-sonnet-20240620-v1:0');
    if (sonnet === undefined) throw new Error('model missing');
    const now = findPriceRow(sonnet, { region: 'us-east-1', scope: 'in-region', mode: 'on-demand', time: '2026-06-15' });
    expect(now.ok && now.row.output).toBe(15);
    const before = findPriceRow(sonnet, { region: 'us-east-1', scope: 'in-region', mode: 'on-demand', time: '2024-09-01' });
    expect(before.ok && before.row.output).toBe(16);
  });

  it('leaves the catalog as it is when the offer changes nothing', () => {
    const first = convertPriceListOffer(offer(), baseCatalog()).catalog;
    const second = convertPriceListOffer(offer(), first);
    expect(second.report.changed).toEqual([]);
    expect(second.report.added).toEqual([]);
    expect(second.catalog).toEqual(first);
  });

  it('keeps only the requested Regions', () => {
    const { report } = convertPriceListOffer(offer(), baseCatalog(), { regions: ['eu-central-1'] });
    expect(report.changed.map((row) => row.region)).toEqual(['eu-central-1']);
    expect(report.added.map((row) => row.region)).toEqual(['eu-central-1']);
    expect(report.outsideRegions).toBe(13);
  });

  it('refuses conflicting SKUs, incomplete price sets and prices the model rules forbid', () => {
    const { report, catalog } = convertPriceListOffer(
      tinyOffer({
        IN1: { usagetype: 'USE1-Claude3.5Sonnet-input-tokens', usd: '0.003' },
        IN2: { usagetype: 'USE1-anthropic.claude-3-5-sonnet-mantle-input-tokens-standard', model: 'Claude 3.5 Sonnet', usd: '0.0031' },
        CR1: { usagetype: 'USE1-Claude3.5Sonnet-cache-read-input-token-count', usd: '0.0003' },
        FLEX: { usagetype: 'USE1-NovaPro-input-tokens-flex', usd: '0.0004' },
        NOBATCH: { usagetype: 'USE1-Claude3.7Sonnet-input-tokens-batch', usd: '0.0015' },
        NOUSD: { usagetype: 'USE1-NovaPro-output-tokens', usd: 'n/a' },
      }),
      baseCatalog(),
    );
    const reasons = Object.fromEntries(report.unmatched.map((item) => [item.sku, item.reason]));
    expect(reasons.IN1).toMatch(/conflicting input prices .* IN1 says 3, IN2 says 3.1/);
    expect(reasons.IN2).toBe(reasons.IN1);
    expect(reasons.CR1).toMatch(/does not support prompt caching/);
    expect(reasons.FLEX).toMatch(/incomplete: the offer has no output\/cacheRead\/cacheWrite5m price for amazon.nova-pro-v1:0 us-east-1 regional flex/);
    expect(reasons.NOBATCH).toMatch(/no batch inference/);
    expect(reasons.NOUSD).toMatch(/not a decimal number/);
    expect(report.changed).toEqual([]);
    expect(catalog.models).toEqual(baseCatalog().models);
  });

  it('reads Marketplace offers priced per 1M tokens, naming the model by servicename', () => {
    const input = tinyOffer({ MP1: { usagetype: 'USE1-MP:USE1_InputTokenCount_Global-Units', usd: '2.9', unit: '1M tokens' } });
    const data = input.data as { offerCode: string; products: Record<string, { attributes: Record<string, string> }> };
    data.offerCode = 'AmazonBedrockFoundationModels';
    (data.products.MP1 as { attributes: Record<string, string> }).attributes.servicename = 'Claude Sonnet 4.5 (Amazon Bedrock Edition)';
    const { report } = convertPriceListOffer(input, baseCatalog());
    expect(report.changed).toEqual([
      { model: 'anthropic.claude-sonnet-4-5-20250929-v1:0', region: 'us-east-1', scope: 'global', mode: 'on-demand', effectiveDate: '2026-07-01', changes: [{ bucket: 'input', old: 3.3, new: 2.9 }] },
    ]);
  });

  it('names the file when the offer is not an offer, or not for Bedrock', () => {
    expect(() => convertPriceListOffer({ origin: 'x.json', data: { hello: 1 } }, baseCatalog())).toThrow(ParseError);
    expect(() => convertPriceListOffer({ origin: 'x.json', data: { hello: 1 } }, baseCatalog())).toThrow(/^x.json: not an AWS Price List offer file:\n {2}- formatVersion:/);
    const ec2 = { ...(offer().data as object), offerCode: 'AmazonEC2' };
    expect(() => convertPriceListOffer({ origin: 'ec2.json', data: ec2 }, baseCatalog())).toThrow(/ec2.json: offer AmazonEC2 is not for Amazon Bedrock/);
  });
});

describe('price-list-model-map.json', () => {
  it('maps each AWS name to one Bedrock model id', () => {
    const seen = new Map<string, string>();
    for (const entry of modelMap.models) {
      expect(entry.id).toMatch(/^[a-z0-9-]+\.[a-z0-9.-]+(:\d+)?$/);
      for (const name of [...entry.usageTypeNames, ...entry.priceListNames]) {
        const owner = seen.get(name.toLowerCase());
        expect(owner === undefined || owner === entry.id, `${name} is mapped to ${owner} and ${entry.id}`).toBe(true);
        seen.set(name.toLowerCase(), entry.id);
      }
    }
  });
});
