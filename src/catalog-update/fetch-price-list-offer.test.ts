import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ParseError, UnavailableError } from '../core/index.js';
import { type PriceListApi, fetchPriceListOffer } from './fetch-price-list-offer.js';

const offerJson = JSON.stringify({ formatVersion: 'v1.0', offerCode: 'AmazonBedrock', version: '1', publicationDate: '2026-06-01T00:00:00Z', products: {}, terms: { OnDemand: {} } });

function fakeApi(overrides: Partial<PriceListApi> = {}): PriceListApi & { listed: unknown[] } {
  const listed: unknown[] = [];
  return {
    listed,
    checkCredentials: async () => undefined,
    async listPriceLists(input) {
      listed.push(input);
      return input.serviceCode === 'AmazonBedrock' ? [{ arn: `arn:aws:pricing:::price-list/aws/AmazonBedrock/USD/1/${input.regionCode ?? 'all'}`, regionCode: input.regionCode }] : [];
    },
    getFileUrl: async (arn) => `https://pricing.example/${arn.split('/').at(-1)}/index.json?X-Amz-Signature=secret`,
    ...overrides,
  };
}

const noNetwork = (() => Promise.reject(new Error('the test must not reach the network'))) as unknown as typeof fetch;

describe('fetchPriceListOffer', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('lists the price lists, downloads each JSON file, and hides the presigned query string', async () => {
    const api = fakeApi();
    const download = vi.fn(async () => new Response(offerJson));
    const offers = await fetchPriceListOffer({ region: 'eu-central-1', api, fetch: download as unknown as typeof fetch, now: () => new Date('2026-06-02T00:00:00Z') });
    expect(api.listed).toEqual([
      { serviceCode: 'AmazonBedrock', regionCode: 'eu-central-1', effectiveDate: new Date('2026-06-02T00:00:00Z') },
      { serviceCode: 'AmazonBedrockService', regionCode: 'eu-central-1', effectiveDate: new Date('2026-06-02T00:00:00Z') },
    ]);
    expect(download).toHaveBeenCalledTimes(1);
    expect(offers).toEqual([{ origin: 'https://pricing.example/eu-central-1/index.json', data: JSON.parse(offerJson) as unknown }]);
  });

  it('names the download when it is not JSON', async () => {
    const download = async () => new Response('<html>');
    await expect(fetchPriceListOffer({ api: fakeApi(), fetch: download as unknown as typeof fetch })).rejects.toThrow(ParseError);
    await expect(fetchPriceListOffer({ api: fakeApi(), fetch: download as unknown as typeof fetch })).rejects.toThrow(/^https:\/\/pricing.example\/all\/index.json: not valid JSON/);
  });

  it('turns network and HTTP failures into UnavailableError with the manual route', async () => {
    const failing = async () => new Response('denied', { status: 403, statusText: 'Forbidden' });
    await expect(fetchPriceListOffer({ api: fakeApi(), fetch: failing as unknown as typeof fetch })).rejects.toThrow(
      /Could not download the price list .*HTTP 403 Forbidden.*AmazonBedrock\/current\/index.json/,
    );
    const offline = fakeApi({ listPriceLists: () => Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND api.pricing.us-east-1.amazonaws.com'), { name: 'Error' })) });
    await expect(fetchPriceListOffer({ api: offline, fetch: noNetwork })).rejects.toThrow(UnavailableError);
  });

  it('gives up on credentials after the time limit', async () => {
    const hanging = fakeApi({ checkCredentials: () => new Promise(() => undefined) });
    const started = Date.now();
    const error = await fetchPriceListOffer({ api: hanging, fetch: noNetwork, credentialTimeoutMs: 50 }).catch((caught: unknown) => caught);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as Error).message).toMatch(/Looking for AWS credentials took longer than 50 ms/);
  });

  it('says what to do when the real SDK finds no credentials, quickly and without the network', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'frugal-no-aws-'));
    try {
      for (const name of Object.keys(process.env).filter((key) => key.startsWith('AWS_'))) vi.stubEnv(name, undefined);
      vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
      vi.stubEnv('AWS_CONFIG_FILE', join(empty, 'config'));
      vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(empty, 'credentials'));
      const started = Date.now();
      const error = await fetchPriceListOffer({ fetch: noNetwork }).catch((caught: unknown) => caught);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(error).toBeInstanceOf(UnavailableError);
      const message = (error as Error).message;
      expect(message).toMatch(/^No usable AWS credentials for the Price List API/);
      expect(message).toContain('Set AWS credentials');
      expect(message).toContain('https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonBedrock/current/index.json');
      expect(message).toContain('frugal prices update --from index.json');
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
