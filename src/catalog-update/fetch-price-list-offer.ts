import { GetPriceListFileUrlCommand, ListPriceListsCommand, PricingClient } from '@aws-sdk/client-pricing';
import { FrugalError, UnavailableError } from '../core/index.js';
import type { PriceListOfferInput } from '../pricing/convert-price-list-offer.js';
import { parseJsonText } from './read-price-list-offer.js';

export const bedrockOfferUrl = 'https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonBedrock/current/index.json';
const manualSteps =
  `Set AWS credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or \`aws sso login\`) with pricing:ListPriceLists and pricing:GetPriceListFileUrl, ` +
  `or download ${bedrockOfferUrl} (no account needed) and run \`frugal prices update --from index.json\`.`;

/** The two Price List Bulk API calls we need; the default talks to AWS, tests pass a fake. */
export interface PriceListApi {
  /** Resolves when credentials are available; rejects otherwise. */
  checkCredentials(): Promise<void>;
  listPriceLists(input: { serviceCode: string; regionCode?: string; effectiveDate: Date }): Promise<{ arn: string; regionCode: string | undefined }[]>;
  getFileUrl(priceListArn: string): Promise<string>;
}

export interface FetchPriceListOfferOptions {
  /** Only this Region's price list; every Region's when omitted. */
  region?: string;
  /** Default: AmazonBedrock and AmazonBedrockService (newer Claude models are priced in the latter). */
  serviceCodes?: readonly string[];
  api?: PriceListApi;
  fetch?: typeof fetch;
  /** Limit for finding credentials, so a missing EC2 metadata endpoint cannot hang the command. */
  credentialTimeoutMs?: number;
  downloadTimeoutMs?: number;
  now?: () => Date;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
    timer.unref?.();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The real Price List API through `@aws-sdk/client-pricing` (its endpoint lives in us-east-1). */
export function createPriceListApi(options: { requestTimeoutMs?: number } = {}): PriceListApi {
  const client = new PricingClient({
    region: 'us-east-1',
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: options.requestTimeoutMs ?? 30_000 },
  });
  return {
    async checkCredentials() {
      await client.config.credentials();
    },
    async listPriceLists({ serviceCode, regionCode, effectiveDate }) {
      const lists: { arn: string; regionCode: string | undefined }[] = [];
      let nextToken: string | undefined;
      do {
        const page = await client.send(
          new ListPriceListsCommand({ ServiceCode: serviceCode, CurrencyCode: 'USD', EffectiveDate: effectiveDate, RegionCode: regionCode, NextToken: nextToken }),
        );
        for (const list of page.PriceLists ?? []) {
          if (list.PriceListArn !== undefined && (list.FileFormats ?? ['json']).map((format) => format.toLowerCase()).includes('json')) {
            lists.push({ arn: list.PriceListArn, regionCode: list.RegionCode });
          }
        }
        nextToken = page.NextToken;
      } while (nextToken !== undefined);
      return lists;
    },
    async getFileUrl(priceListArn) {
      const result = await client.send(new GetPriceListFileUrlCommand({ PriceListArn: priceListArn, FileFormat: 'json' }));
      if (result.Url === undefined) throw new Error(`no file URL for ${priceListArn}`);
      return result.Url;
    },
  };
}

const errorName = (error: unknown): string => (error instanceof Error ? error.name : '');
const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Downloads the current Amazon Bedrock offer files through the AWS Price List Bulk API
 * (ListPriceLists → GetPriceListFileUrl → HTTPS download). Without credentials or network it
 * throws UnavailableError saying how to get the file by hand instead.
 */
export async function fetchPriceListOffer(options: FetchPriceListOfferOptions = {}): Promise<PriceListOfferInput[]> {
  const api = options.api ?? createPriceListApi();
  const download = options.fetch ?? fetch;
  const serviceCodes = options.serviceCodes ?? ['AmazonBedrock', 'AmazonBedrockService'];

  try {
    await withTimeout(api.checkCredentials(), options.credentialTimeoutMs ?? 5_000, 'Looking for AWS credentials');
  } catch (error) {
    throw new UnavailableError(`No usable AWS credentials for the Price List API (${describe(error)}). ${manualSteps}`, { cause: error });
  }

  const offers: PriceListOfferInput[] = [];
  for (const serviceCode of serviceCodes) {
    let lists: { arn: string; regionCode: string | undefined }[];
    try {
      lists = await api.listPriceLists({ serviceCode, ...(options.region !== undefined && { regionCode: options.region }), effectiveDate: options.now?.() ?? new Date() });
    } catch (error) {
      if (['NotFoundException', 'ResourceNotFoundException'].includes(errorName(error))) continue;
      const denied = errorName(error) === 'AccessDeniedException' ? ' Access was denied: the credentials need pricing:ListPriceLists and pricing:GetPriceListFileUrl.' : '';
      throw new UnavailableError(`The AWS Price List API did not answer for ${serviceCode}: ${describe(error)}.${denied} ${manualSteps}`, { cause: error, isRetryable: denied === '' });
    }
    for (const list of lists) {
      offers.push(await downloadOffer(api, download, list.arn, options.downloadTimeoutMs ?? 300_000));
    }
  }
  if (offers.length === 0) {
    throw new UnavailableError(`The AWS Price List API lists no Amazon Bedrock price list${options.region === undefined ? '' : ` for ${options.region}`}. ${manualSteps}`);
  }
  return offers;
}

async function downloadOffer(api: PriceListApi, download: typeof fetch, arn: string, timeoutMs: number): Promise<PriceListOfferInput> {
  let url: string;
  let text: string;
  try {
    url = await api.getFileUrl(arn);
    const response = await download(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
    text = await response.text();
  } catch (error) {
    if (FrugalError.isInstance(error)) throw error;
    throw new UnavailableError(`Could not download the price list ${arn}: ${describe(error)}. ${manualSteps}`, { cause: error, isRetryable: true });
  }
  // Presigned URLs carry a signature in the query string: never print it.
  const origin = url.split('?')[0] ?? arn;
  return { origin, data: parseJsonText(text, origin) };
}
