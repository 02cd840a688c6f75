import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseCatalog } from '../../pricing/index.js';
import type { CliIo } from '../cli-io.js';
import { runCli } from '../run-cli.js';

const fixtures = fileURLToPath(new URL('../../../test/fixtures/price-list/', import.meta.url));
const offerFile = join(fixtures, 'bedrock-offer.json');
const baseCatalog = join(fixtures, 'base-catalog.json');

function fakeIo(cwd: string, env: Record<string, string | undefined> = {}): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      err += text;
    },
    cwd,
    env,
    out: () => out,
    err: () => err,
  };
}

describe('frugal prices update', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'frugal-update-'));
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes frugal-catalog.json, prints the changes, and the file works with --catalog', async () => {
    const io = fakeIo(dir);
    const code = await runCli(['--catalog', baseCatalog, 'prices', 'update', '--from', offerFile], io);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const out = io.out().replaceAll('│', ' ');
    expect(out).toContain('Read AmazonBedrock 20260601000000 (published 2026-06-01T00:00:00Z)');
    expect(out).toMatch(/Price changes, USD per 1M tokens \(4 rows changed, 1 added\)/);
    expect(out).toMatch(/changed\s+anthropic\.claude-3-5-sonnet-20240620-v1:0\s+us-east-1\s+regional\s+on-demand\s+output\s+\$16\s+\$15\s+2025-01-01/);
    expect(out).toMatch(/added\s+anthropic\.claude-3-5-sonnet-20240620-v1:0\s+eu-central-1\s+regional\s+on-demand\s+input\s+-\s+\$3\s+2025-01-01/);
    expect(out).toMatch(/NOVAPROLATOPT001\s+USE1-NovaPro-input-tokens-latency-optimized\s+us-east-1\s+latency-optimized inference/);
    expect(out).toMatch(/Claude4\.5Haiku\s+anthropic\.claude-haiku-4-5-20251001-v1:0\s+us-east-1\s+1/);
    expect(out).toMatch(/Acme9000\s+\(not in the model map\)/);
    expect(out).toContain('Skipped 3 SKU(s) that are not per-token prices');
    expect(out).toContain('Wrote frugal-catalog.json (catalog version test-pricelist-1+aws-price-list.20260601000000');
    expect(out).toContain('put `catalog: frugal-catalog.json` in frugal.yaml, or pass --catalog frugal-catalog.json');

    const written = join(dir, 'frugal-catalog.json');
    const catalog = parseCatalog(JSON.parse(await readFile(written, 'utf8')) as unknown, written);
    expect(catalog.version).toBe('test-pricelist-1+aws-price-list.20260601000000');

    const pricesIo = fakeIo(dir);
    expect(await runCli(['--catalog', written, 'prices', '--model', 'anthropic.claude-3-5-sonnet-20240620-v1:0', '--region', 'eu-central-1', '--json'], pricesIo)).toBe(0);
    const shown = JSON.parse(pricesIo.out()) as { version: string; models: { id: string; prices: { regions: string[]; input: number; output: number; source: string }[] }[] };
    expect(shown.version).toBe('test-pricelist-1+aws-price-list.20260601000000');
    expect(shown.models[0]?.prices).toEqual([expect.objectContaining({ regions: ['eu-central-1', 'us-east-1'], input: 3, output: 15, source: 'aws-price-list:AmazonBedrock:20260601000000' })]);
  });

  it('takes a directory of per-Region offers and an --out path, and reports JSON', async () => {
    const io = fakeIo(dir);
    const code = await runCli(['--catalog', baseCatalog, 'prices', 'update', '--from', join(fixtures, 'by-region'), '--out', 'out/updated.json', '--json'], io);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(io.out()) as { out: string; changed: { model: string; region: string }[]; ignoredFiles: { path: string }[] };
    expect(report.out).toBe(join(dir, 'out', 'updated.json'));
    expect(report.changed.map((row) => `${row.model} ${row.region}`)).toEqual(['anthropic.claude-3-5-sonnet-20240620-v1:0 us-east-1', 'amazon.nova-pro-v1:0 eu-central-1']);
    expect(report.ignoredFiles.map((file) => file.path)).toEqual([join(fixtures, 'by-region', 'region_index.json')]);
    parseCatalog(JSON.parse(await readFile(report.out, 'utf8')) as unknown);
  });

  it('exits 2 without --from or --pricing-api, or with both', async () => {
    for (const argv of [['prices', 'update'], ['prices', 'update', '--from', offerFile, '--pricing-api']]) {
      const io = fakeIo(dir);
      expect(await runCli(argv, io)).toBe(2);
      expect(io.err()).toMatch(/Give exactly one of --from <offer file or directory> and --pricing-api/);
    }
  });

  it('exits 2 naming the file when the offer is bad JSON', async () => {
    const bad = join(dir, 'index.json');
    await writeFile(bad, '{"formatVersion": "v1.0",\n"products": {,}}');
    const io = fakeIo(dir);
    expect(await runCli(['prices', 'update', '--from', bad], io)).toBe(2);
    expect(io.err()).toContain(`frugal: ${bad}, line 2: not valid JSON`);
  });

  it('refuses to overwrite the shipped catalog', async () => {
    const io = fakeIo(dir);
    const shipped = fileURLToPath(new URL('../../pricing/data/catalog.json', import.meta.url));
    expect(await runCli(['--catalog', baseCatalog, 'prices', 'update', '--from', offerFile, '--out', shipped], io)).toBe(2);
    expect(io.err()).toMatch(/is the catalog shipped with frugal/);
  });

  it('with --pricing-api and no AWS credentials, says what to do, quickly and offline', async () => {
    for (const name of Object.keys(process.env).filter((key) => key.startsWith('AWS_'))) vi.stubEnv(name, undefined);
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    vi.stubEnv('AWS_CONFIG_FILE', join(dir, 'no-config'));
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(dir, 'no-credentials'));
    vi.stubGlobal('fetch', () => Promise.reject(new Error('the test must not reach the network')));
    try {
      const io = fakeIo(dir);
      const started = Date.now();
      const code = await runCli(['--catalog', baseCatalog, 'prices', 'update', '--pricing-api', '--region', 'us-east-1'], io);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(code).toBe(1);
      expect(io.err()).toMatch(/^frugal: No usable AWS credentials for the Price List API/);
      expect(io.err()).toContain('Set AWS credentials');
      expect(io.err()).toContain('download https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonBedrock/current/index.json');
      expect(io.out()).toBe('');
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
