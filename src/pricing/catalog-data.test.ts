import { describe, expect, it } from 'vitest';
import catalogData from './data/catalog.json' with { type: 'json' };
import type { ModelEntry, PriceMode, PriceRow, PriceScope } from './catalog-schema.js';
import { parseCatalog } from './parse-catalog.js';

const catalog = parseCatalog(catalogData, 'src/pricing/data/catalog.json');

function model(id: string, provider = 'bedrock'): ModelEntry {
  const found = catalog.models.find((entry) => entry.id === id && entry.provider === provider);
  if (!found) throw new Error(`${provider}:${id} is not in the catalog`);
  return found;
}

function price(id: string, region: string, options: { scope?: PriceScope; mode?: PriceMode; provider?: string } = {}): PriceRow {
  const { scope = 'regional', mode = 'on-demand', provider = 'bedrock' } = options;
  const rows = model(id, provider).prices.filter((row) => row.mode === mode && row.scope === scope && row.regions.includes(region));
  const row = [...rows].sort((a, b) => b.effectiveDate.localeCompare(a.effectiveDate))[0];
  if (!row) throw new Error(`${id} has no ${scope} ${mode} price in ${region}`);
  return row;
}

const US = ['us-east-1', 'us-west-2'];
const EU = ['eu-central-1', 'eu-west-1'];
const AP = ['ap-southeast-2'];
const ALL = [...US, ...EU, ...AP];

/** Models issue 2 requires, with the Regions the catalog claims for each (Regions left out lack a sourced price). */
const REQUIRED_BEDROCK: Record<string, string[]> = {
  'anthropic.claude-3-haiku-20240307-v1:0': ALL,
  'anthropic.claude-3-5-haiku-20241022-v1:0': US,
  'anthropic.claude-3-5-sonnet-20240620-v1:0': ALL,
  'anthropic.claude-3-5-sonnet-20241022-v2:0': [...US, ...AP],
  'anthropic.claude-3-7-sonnet-20250219-v1:0': ALL,
  'anthropic.claude-sonnet-4-20250514-v1:0': ALL,
  'anthropic.claude-sonnet-4-5-20250929-v1:0': ALL,
  'anthropic.claude-haiku-4-5-20251001-v1:0': ALL,
  'anthropic.claude-opus-4-20250514-v1:0': US,
  'anthropic.claude-opus-4-1-20250805-v1:0': US,
  'anthropic.claude-opus-4-5-20251101-v1:0': [...US, ...EU],
  'anthropic.claude-v2:1': [...US, 'eu-central-1'],
  'amazon.nova-micro-v1:0': ALL,
  'amazon.nova-lite-v1:0': ALL,
  'amazon.nova-pro-v1:0': ALL,
  'amazon.nova-premier-v1:0': US,
  'meta.llama3-8b-instruct-v1:0': ['us-east-1', 'eu-west-1'],
  'meta.llama3-70b-instruct-v1:0': ['us-east-1', 'eu-west-1'],
  'meta.llama3-1-8b-instruct-v1:0': US,
  'meta.llama3-1-70b-instruct-v1:0': US,
  'meta.llama3-3-70b-instruct-v1:0': US,
  'mistral.mistral-7b-instruct-v0:2': US,
  'mistral.mixtral-8x7b-instruct-v0:1': US,
  'mistral.mistral-large-2402-v1:0': US,
};
const REQUIRED_FIRST_PARTY: Record<string, string[]> = {
  anthropic: [
    'claude-3-5-haiku-20241022',
    'claude-3-5-sonnet-20241022',
    'claude-3-7-sonnet-20250219',
    'claude-sonnet-4-20250514',
    'claude-sonnet-4-5-20250929',
    'claude-haiku-4-5-20251001',
    'claude-opus-4-1-20250805',
  ],
  openai: ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano', 'o4-mini'],
};
/** Newer Claude models: the global. profile is the base price, Regional use costs 10% more. */
const REGIONAL_PREMIUM = ['anthropic.claude-sonnet-4-5-20250929-v1:0', 'anthropic.claude-haiku-4-5-20251001-v1:0', 'anthropic.claude-opus-4-5-20251101-v1:0'];
const BUCKETS = ['input', 'output', 'cacheRead', 'cacheWrite5m', 'cacheWrite1h'] as const;

describe('pricing catalog data', () => {
  it('parses, with a release version and every source declared', () => {
    expect(catalog.version).toMatch(/^\d{4}\.\d{2}\.\d{2}$/);
    const declared = new Set(catalog.sources.map((source) => source.id));
    const used = catalog.models.flatMap((entry) => [
      entry.caching.source,
      entry.batch.source,
      ...entry.prices.map((row) => row.source),
      ...entry.provisioned.map((rate) => rate.source),
    ]);
    expect([...new Set(used)].filter((id) => !declared.has(id))).toEqual([]);
  });

  it('prices every required Bedrock model on demand in every Region it claims', () => {
    for (const [id, regions] of Object.entries(REQUIRED_BEDROCK)) {
      const claimed = new Set(model(id).prices.filter((row) => row.scope === 'regional').flatMap((row) => row.regions));
      expect([...claimed].sort(), id).toEqual([...regions].sort());
      for (const region of regions) expect(price(id, region).input, `${id} ${region}`).toBeGreaterThan(0);
    }
  });

  it('prices the required first-party models in every Region', () => {
    for (const [provider, ids] of Object.entries(REQUIRED_FIRST_PARTY)) {
      for (const id of ids) expect(price(id, '*', { provider }).output, id).toBeGreaterThan(0);
    }
  });

  it('charges Regional use of the newer Claude models 10% over the global. profile', () => {
    for (const id of REGIONAL_PREMIUM) {
      const regions = model(id).prices.filter((row) => row.scope === 'regional').flatMap((row) => row.regions);
      for (const region of regions) {
        const global = price(id, region, { scope: 'global' });
        const regional = price(id, region);
        for (const bucket of BUCKETS) expect(regional[bucket], `${id} ${region} ${bucket}`).toBeCloseTo((global[bucket] as number) * 1.1, 9);
      }
    }
  });

  it('prices batch at half of on-demand, without cache prices, only where batch is supported', () => {
    for (const entry of catalog.models) {
      const batchRows = entry.prices.filter((row) => row.mode === 'batch');
      expect(batchRows.length > 0, entry.id).toBe(entry.batch.supported);
      for (const row of batchRows) {
        expect(row.cacheRead ?? row.cacheWrite5m ?? row.cacheWrite1h, `${entry.id} batch cache price`).toBeUndefined();
        for (const region of row.regions) {
          const onDemand = price(entry.id, region, { provider: entry.provider });
          expect(row.input, `${entry.id} ${region}`).toBeCloseTo(onDemand.input / 2, 9);
          expect(row.output, `${entry.id} ${region}`).toBeCloseTo(onDemand.output / 2, 9);
        }
      }
    }
  });

  it('applies the Claude cache multipliers and bills Nova cache writes as input', () => {
    for (const entry of catalog.models.filter((item) => item.publisher === 'anthropic' && item.caching.supported)) {
      for (const row of entry.prices.filter((item) => item.mode === 'on-demand')) {
        expect(row.cacheWrite5m, entry.id).toBeCloseTo(row.input * 1.25, 9);
        expect(row.cacheRead, entry.id).toBeCloseTo(row.input * 0.1, 9);
        if (row.cacheWrite1h !== undefined) expect(row.cacheWrite1h, entry.id).toBeCloseTo(row.input * 2, 9);
      }
    }
    for (const entry of catalog.models.filter((item) => item.publisher === 'amazon')) {
      for (const row of entry.prices.filter((item) => item.mode === 'on-demand')) {
        expect(row.cacheWrite5m, entry.id).toBe(row.input);
        expect(row.cacheRead, entry.id).toBeCloseTo(row.input * 0.25, 9);
      }
    }
  });

  it('matches key published figures', () => {
    const sonnet35 = price('anthropic.claude-3-5-sonnet-20240620-v1:0', 'us-east-1');
    expect([sonnet35.input, sonnet35.output]).toEqual([3, 15]);
    const sonnet35Batch = price('anthropic.claude-3-5-sonnet-20240620-v1:0', 'us-east-1', { mode: 'batch' });
    expect([sonnet35Batch.input, sonnet35Batch.output]).toEqual([1.5, 7.5]);

    const sonnet37 = price('anthropic.claude-3-7-sonnet-20250219-v1:0', 'us-east-1');
    expect([sonnet37.cacheWrite5m, sonnet37.cacheRead]).toEqual([3.75, 0.3]);

    expect(price('anthropic.claude-sonnet-4-5-20250929-v1:0', 'us-east-1', { scope: 'global' }).input).toBe(3);
    expect(price('anthropic.claude-sonnet-4-5-20250929-v1:0', 'us-east-1').input).toBe(3.3);
    expect(price('anthropic.claude-haiku-4-5-20251001-v1:0', 'eu-west-1').cacheWrite1h).toBe(2.2);

    const micro = price('amazon.nova-micro-v1:0', 'us-east-1');
    expect([micro.input, micro.output, micro.cacheRead]).toEqual([0.035, 0.14, 0.00875]);
    expect(price('amazon.nova-pro-v1:0', 'eu-central-1').input).toBe(1.05);

    expect(price('mistral.mistral-7b-instruct-v0:2', 'us-west-2').output).toBe(0.2);
    expect(price('meta.llama3-8b-instruct-v1:0', 'eu-west-1').input).toBe(0.32);

    const claude21 = model('anthropic.claude-v2:1').provisioned.filter((rate) => rate.regions.includes('us-east-1'));
    expect(claude21.map((rate) => [rate.term, rate.hourlyPerUnit])).toEqual([
      ['1m', 63],
      ['6m', 34.992],
    ]);

    const gpt4o = price('gpt-4o', '*', { provider: 'openai' });
    expect([gpt4o.input, gpt4o.output, gpt4o.cacheRead]).toEqual([2.5, 10, 1.25]);
    const haiku35 = price('claude-3-5-haiku-20241022', '*', { provider: 'anthropic', mode: 'batch' });
    expect([haiku35.input, haiku35.output]).toEqual([0.4, 2]);
  });

  it('reproduces the playbook examples of issue 2 (with the output slip corrected)', () => {
    const perMillion = (tokens: number, usdPerMillion: number): number => (tokens * usdPerMillion) / 1e6;
    const onDemand = price('anthropic.claude-3-5-sonnet-20240620-v1:0', 'us-east-1');
    const batch = price('anthropic.claude-3-5-sonnet-20240620-v1:0', 'us-east-1', { mode: 'batch' });
    const requests = 10_000;
    expect(perMillion(requests * 500, onDemand.input) + perMillion(requests * 200, onDemand.output)).toBeCloseTo(45, 9);
    expect(perMillion(requests * 500, batch.input) + perMillion(requests * 200, batch.output)).toBeCloseTo(22.5, 9);

    const sonnet = price('anthropic.claude-3-7-sonnet-20250219-v1:0', 'us-east-1');
    const promptTokens = 2_000 * requests;
    expect(perMillion(promptTokens, sonnet.input)).toBeCloseTo(60, 9);
    expect(perMillion(promptTokens * 0.99, sonnet.cacheRead as number) + perMillion(promptTokens * 0.01, sonnet.cacheWrite5m as number)).toBeCloseTo(6.69, 9);
  });

  it('records the caching rules and batch quotas per model', () => {
    const rules = (id: string, provider = 'bedrock') => model(id, provider).caching;
    expect(rules('anthropic.claude-3-haiku-20240307-v1:0').supported).toBe(false);
    expect(rules('anthropic.claude-3-5-sonnet-20240620-v1:0').supported).toBe(false);
    expect(rules('anthropic.claude-3-5-haiku-20241022-v1:0')).toMatchObject({ supported: true, minTokensPerCheckpoint: 2048, maxCheckpoints: 4, ttls: ['5m'] });
    expect(rules('anthropic.claude-3-7-sonnet-20250219-v1:0')).toMatchObject({ supported: true, minTokensPerCheckpoint: 1024, ttls: ['5m'] });
    expect(rules('anthropic.claude-haiku-4-5-20251001-v1:0')).toMatchObject({ supported: true, minTokensPerCheckpoint: 4096, ttls: ['5m', '1h'] });
    expect(rules('amazon.nova-lite-v1:0')).toMatchObject({ supported: true, maxCachedTokens: 20000, fields: ['system', 'messages'] });
    expect(rules('gpt-4o', 'openai')).toMatchObject({ supported: true, minTokensPerCheckpoint: 1024 });

    expect(model('amazon.nova-pro-v1:0').batch.maxJobSizeBytes).toBe(100_000_000_000);
    expect(model('amazon.nova-micro-v1:0').batch).toMatchObject({ minRecordsPerJob: 100, maxRecordsPerJob: 50_000, maxRecordsPerFile: 50_000, maxFileSizeBytes: 1e9, maxJobSizeBytes: 5e9 });
  });

  it('assigns tiers as the routing levels expect', () => {
    const tiers = Object.fromEntries(catalog.models.map((entry) => [`${entry.provider}:${entry.id}`, entry.tier]));
    expect(tiers['bedrock:amazon.nova-micro-v1:0']).toBe(1);
    expect(tiers['bedrock:anthropic.claude-sonnet-4-20250514-v1:0']).toBe(2);
    expect(tiers['bedrock:anthropic.claude-opus-4-1-20250805-v1:0']).toBe(3);
    expect(tiers['bedrock:amazon.nova-premier-v1:0']).toBe(3);
    expect(tiers['openai:gpt-4o-mini']).toBe(1);
    expect(tiers['openai:o4-mini']).toBe(3);
  });
});
