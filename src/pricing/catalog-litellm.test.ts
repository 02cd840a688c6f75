import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import catalogData from './data/catalog.json' with { type: 'json' };
import type { Catalog, CrossCheckField, ModelEntry, PriceRow, ProvisionedRate } from './catalog-schema.js';
import { parseCatalog } from './parse-catalog.js';

/**
 * Cross-checks the shipped catalog against LiteLLM's public price file (a copy of the entries we
 * need lives in test/fixtures/litellm, see its README). For every LiteLLM key that names a model
 * of ours, each price field is compared; a difference must be explained by a `crossCheck` note on
 * that model, and a note that no longer matches a difference is stale. Both fail the test.
 */

type LiteLlmEntry = Record<string, unknown>;

function loadFixture(name: string): Record<string, LiteLlmEntry> {
  const url = new URL(`../../test/fixtures/litellm/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, LiteLlmEntry>;
}

const catalog: Catalog = parseCatalog(catalogData, 'src/pricing/data/catalog.json');
const bedrockEntries = loadFixture('bedrock_subset.json');
const firstPartyEntries = loadFixture('first_party_subset.json');

const RELATIVE_TOLERANCE = 1e-9;
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
/** Representative catalog Region for each geographic profile prefix (jp., us-gov., ca. are not covered). */
const GEO_PROFILES: Record<string, { region: string; scope: 'regional' | 'global' }> = {
  us: { region: 'us-east-1', scope: 'regional' },
  eu: { region: 'eu-central-1', scope: 'regional' },
  apac: { region: 'ap-southeast-2', scope: 'regional' },
  au: { region: 'ap-southeast-2', scope: 'regional' },
  global: { region: 'us-east-1', scope: 'global' },
};
const TOKEN_FIELDS = [
  ['input', 'input_cost_per_token'],
  ['output', 'output_cost_per_token'],
  ['cacheRead', 'cache_read_input_token_cost'],
  ['cacheWrite5m', 'cache_creation_input_token_cost'],
  ['cacheWrite1h', 'cache_creation_input_token_cost_above_1hr'],
] as const;
const BATCH_FIELDS = [
  ['batchInput', 'input', 'input_cost_per_token_batches'],
  ['batchOutput', 'output', 'output_cost_per_token_batches'],
] as const;

interface LiteLlmKey {
  modelId: string;
  /** From a `bedrock/<region>/` prefix. */
  region?: string;
  /** From a `<n>-month-commitment/` segment (Provisioned Throughput). */
  term?: '1m' | '6m';
  /** Cross-Region profile prefix such as `us`, `eu`, `global`. */
  profile?: string;
}

/** Splits a LiteLLM Bedrock key (`bedrock/us-east-1/1-month-commitment/<id>`, `eu.<id>`, ...) into its parts. */
function parseLiteLlmKey(key: string): LiteLlmKey | undefined {
  let rest = key;
  let region: string | undefined;
  let term: '1m' | '6m' | undefined;
  if (rest.startsWith('bedrock/')) {
    let parts = rest.slice('bedrock/'.length).split('/');
    if (parts[0] === 'invoke' || parts[0] === 'converse') parts = parts.slice(1);
    if (parts.length > 1 && REGION.test(parts[0] ?? '')) {
      region = parts[0];
      parts = parts.slice(1);
      if (parts.length === 2 && (parts[0] === '1-month-commitment' || parts[0] === '6-month-commitment')) {
        term = parts[0] === '1-month-commitment' ? '1m' : '6m';
        parts = parts.slice(1);
      }
    }
    if (parts.length !== 1) return undefined;
    rest = parts[0] as string;
  }
  const profile = /^(us-gov|us|eu|apac|au|jp|ca|global)\.(.+)$/.exec(rest);
  return {
    modelId: profile ? (profile[2] as string) : rest,
    ...(region !== undefined && { region }),
    ...(term !== undefined && { term }),
    ...(profile && { profile: profile[1] as string }),
  };
}

interface Difference {
  modelId: string;
  key: string;
  field: CrossCheckField;
  ours: number | undefined;
  theirs: number | undefined;
}

function findModel(provider: string, id: string): ModelEntry | undefined {
  const wanted = id.toLowerCase();
  return catalog.models.find(
    (model) => model.provider === provider && [model.id, ...model.aliases].some((name) => name.toLowerCase() === wanted),
  );
}

function latest<T extends { effectiveDate: string }>(rows: T[]): T | undefined {
  return [...rows].sort((a, b) => b.effectiveDate.localeCompare(a.effectiveDate))[0];
}

/** The row the cost engine would use: same mode and Region, the global row for global. (else the Regional one). */
function rowFor(model: ModelEntry, region: string, scope: 'regional' | 'global', mode: PriceRow['mode']): PriceRow | undefined {
  const candidates = model.prices.filter((row) => row.mode === mode && (row.regions.includes(region) || row.regions.includes('*')));
  const scoped = candidates.filter((row) => row.scope === scope);
  return latest(scoped.length > 0 || scope === 'regional' ? scoped : candidates.filter((row) => row.scope === 'regional'));
}

function perMillion(entry: LiteLlmEntry, field: string, factor = 1e6): number | undefined {
  const value = entry[field];
  return typeof value === 'number' ? value * factor : undefined;
}

function differs(ours: number | undefined, theirs: number | undefined): boolean {
  if (ours === undefined || theirs === undefined) return ours !== theirs;
  return Math.abs(ours - theirs) > RELATIVE_TOLERANCE * Math.max(Math.abs(ours), Math.abs(theirs));
}

function compareEntry(model: ModelEntry, key: string, entry: LiteLlmEntry, region: string, scope: 'regional' | 'global', term?: '1m' | '6m'): Difference[] {
  const found: Difference[] = [];
  const note = (field: CrossCheckField, ours: number | undefined, theirs: number | undefined): void => {
    if (differs(ours, theirs)) found.push({ modelId: model.id, key, field, ours, theirs });
  };
  if (term !== undefined) {
    const rate: ProvisionedRate | undefined = latest(model.provisioned.filter((item) => item.term === term && item.regions.includes(region)));
    note(term === '1m' ? 'provisioned1m' : 'provisioned6m', rate?.hourlyPerUnit, perMillion(entry, 'input_cost_per_second', 3600));
    return found;
  }
  const onDemand = rowFor(model, region, scope, 'on-demand');
  for (const [field, litellmField] of TOKEN_FIELDS) note(field, onDemand?.[field], perMillion(entry, litellmField));
  // LiteLLM has batch prices for few models; its silence is no claim, so only compare where it has them.
  if (BATCH_FIELDS.some(([, , litellmField]) => litellmField in entry)) {
    const batch = rowFor(model, region, 'regional', 'batch');
    for (const [field, ourField, litellmField] of BATCH_FIELDS) note(field, batch?.[ourField], perMillion(entry, litellmField));
  }
  return found;
}

interface CrossCheckRun {
  comparedKeys: string[];
  skippedKeys: string[];
  differences: Difference[];
}

function runCrossCheck(): CrossCheckRun {
  const coveredRegions = new Set(catalog.models.filter((model) => model.provider === 'bedrock').flatMap((model) => model.prices.flatMap((row) => row.regions)));
  const run: CrossCheckRun = { comparedKeys: [], skippedKeys: [], differences: [] };

  for (const [key, entry] of Object.entries(bedrockEntries)) {
    if (key.startsWith('_')) continue;
    const parsed = parseLiteLlmKey(key);
    const model = parsed && findModel('bedrock', parsed.modelId);
    if (!parsed || !model) continue;
    let region = parsed.region ?? 'us-east-1';
    let scope: 'regional' | 'global' = 'regional';
    if (parsed.profile !== undefined) {
      const geo = GEO_PROFILES[parsed.profile];
      if (geo === undefined || parsed.region !== undefined) {
        run.skippedKeys.push(key);
        continue;
      }
      ({ region, scope } = geo);
    }
    if (!coveredRegions.has(region) || (parsed.term !== undefined && parsed.region === undefined)) {
      run.skippedKeys.push(key);
      continue;
    }
    run.comparedKeys.push(key);
    run.differences.push(...compareEntry(model, key, entry, region, scope, parsed.term));
  }

  for (const [key, entry] of Object.entries(firstPartyEntries)) {
    if (key.startsWith('_')) continue;
    const provider = entry['litellm_provider'];
    const model = typeof provider === 'string' ? findModel(provider, key) : undefined;
    if (!model) continue;
    run.comparedKeys.push(key);
    run.differences.push(...compareEntry(model, key, entry, '*', 'regional'));
  }
  return run;
}

const noteKey = (modelId: string, key: string, field: string): string => `${modelId} | ${key} | ${field}`;

describe('parseLiteLlmKey', () => {
  it('reads Region, commitment term and profile prefixes', () => {
    expect(parseLiteLlmKey('bedrock/us-east-1/1-month-commitment/anthropic.claude-v2:1')).toEqual({ modelId: 'anthropic.claude-v2:1', region: 'us-east-1', term: '1m' });
    expect(parseLiteLlmKey('bedrock/eu-west-1/meta.llama3-8b-instruct-v1:0')).toEqual({ modelId: 'meta.llama3-8b-instruct-v1:0', region: 'eu-west-1' });
    expect(parseLiteLlmKey('global.anthropic.claude-sonnet-4-5-20250929-v1:0')).toEqual({ modelId: 'anthropic.claude-sonnet-4-5-20250929-v1:0', profile: 'global' });
    expect(parseLiteLlmKey('bedrock/us.anthropic.claude-3-5-haiku-20241022-v1:0')).toEqual({ modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', profile: 'us' });
    expect(parseLiteLlmKey('bedrock/invoke/anthropic.claude-3-5-sonnet-20240620-v1:0')).toEqual({ modelId: 'anthropic.claude-3-5-sonnet-20240620-v1:0' });
    expect(parseLiteLlmKey('gpt-4o')).toEqual({ modelId: 'gpt-4o' });
  });
});

describe('catalog vs LiteLLM price file', () => {
  const run = runCrossCheck();
  const notes = catalog.models.flatMap((model) => model.crossCheck.filter((item) => item.against === 'litellm').map((item) => ({ modelId: model.id, ...item })));
  const noted = new Set(notes.map((item) => noteKey(item.modelId, item.key, item.field)));
  const found = new Set(run.differences.map((item) => noteKey(item.modelId, item.key, item.field)));

  it('compares every LiteLLM key for a model both catalogs have', () => {
    console.log(
      `LiteLLM cross-check: ${run.comparedKeys.length} keys compared (${run.skippedKeys.length} skipped: Regions or profiles the catalog does not cover), ` +
        `${run.differences.length} differences, ${notes.length} crossCheck notes`,
    );
    expect(run.comparedKeys.length).toBeGreaterThanOrEqual(100);
    for (const key of ['anthropic.claude-3-5-sonnet-20240620-v1:0', 'global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'bedrock/us-east-1/6-month-commitment/anthropic.claude-v2:1', 'gpt-4o', 'claude-sonnet-4-5-20250929']) {
      expect(run.comparedKeys).toContain(key);
    }
  });

  it('explains every difference with a crossCheck note on the model', () => {
    const unexplained = run.differences
      .filter((item) => !noted.has(noteKey(item.modelId, item.key, item.field)))
      .map((item) => `${noteKey(item.modelId, item.key, item.field)}: catalog ${item.ours ?? 'none'} vs LiteLLM ${item.theirs ?? 'none'} per 1M`);
    expect(unexplained, 'differences from LiteLLM without a crossCheck note').toEqual([]);
  });

  it('has no stale crossCheck notes', () => {
    const stale = notes.filter((item) => !found.has(noteKey(item.modelId, item.key, item.field))).map((item) => noteKey(item.modelId, item.key, item.field));
    expect(stale, 'crossCheck notes that match no current difference').toEqual([]);
  });

  it('lists each crossCheck note once', () => {
    expect(notes.length).toBe(noted.size);
  });
});
