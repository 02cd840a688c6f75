import { cpSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { UsageRow } from '../core/index.js';
import { configSchema } from '../config/index.js';
import { type Ledger, openLedger } from '../ledger/index.js';
import { createPricingCatalog, defaultCatalog } from '../pricing/index.js';
import type { IngestReport } from './ingest-report.js';
import { ingestSources } from './ingest-sources.js';

const root = mkdtempSync(join(tmpdir(), 'frugal-own-sources-'));
cpSync(join(import.meta.dirname, '__fixtures__'), root, { recursive: true });
afterAll(() => rm(root, { recursive: true, force: true }));
const pricing = createPricingCatalog(defaultCatalog());
const config = configSchema.parse({}).ingest;

const ingest = (ledger: Ledger, sources: string[], reread = false): Promise<IngestReport> => ingestSources({ sources, cwd: root, ledger, pricing, config, workers: 0, reread });
const where = (report: IngestReport): Record<string, [string, number | null][]> =>
  Object.fromEntries(report.issues.map((issue) => [issue.kind, issue.examples.map((example) => [example.file, example.line] as [string, number | null])]));
const byId = async (ledger: Ledger): Promise<Map<string, UsageRow>> => new Map((await ledger.query.listRequests({ limit: 1000 })).map((row) => [row.requestId, row]));

describe('frugal bench results.jsonl', () => {
  it('reads the calls and their judging as rows of their own, counts bad lines with file and line, and ignores the summary and CSV twins', async () => {
    const ledger = await openLedger(':memory:');
    const report = await ingest(ledger, ['bench-run']);
    expect(report.files).toMatchObject({ invocationLogs: 0, billing: 0, benchResults: 1, ignored: 2, unreadable: 0 });
    expect(report.bench).toEqual({ calls: 4, judgeRows: 3, unbilledErrors: 1 });
    expect(report.records).toMatchObject({ read: 9, valid: 7, inserted: 7, skipped: 4 });
    expect(where(report)).toEqual({
      'invalid-json': [['bench-run/results.jsonl', 11]],
      'invalid-record': [['bench-run/results.jsonl', 10]],
      'unknown-model': [['bench-run/results.jsonl', 8]],
      simulated: [['bench-run/results.jsonl', 6]],
    });

    const rows = await byId(ledger);
    const haiku = rows.get('b1a7c0de-0000-4000-8000-000000000001');
    expect(haiku).toMatchObject({
      source: 'bench',
      task: 'classify',
      taskSource: 'explicit',
      modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
      region: 'us-east-1',
      inputTokens: 1000,
      outputTokens: 100,
      cost: 0.000375,
      catalogCost: 0.000375,
      costByBucket: { input: 0.00025, output: 0.000125 },
      pricingStatus: 'priced',
      latencyMs: 950,
      ttftMs: 180,
      usageStart: '2026-08-03T09:00:01.000Z',
      sourceFile: 'bench-run/results.jsonl',
      sourceLine: 2,
      metadata: { frugal_bench_suite: 'support-tickets', frugal_bench_example: 't-001', frugal_bench_repeat: '0', frugal_bench_role: 'generation' },
    });
    // The judge's spend is on the judge's model, one row per judged result.
    expect(rows.get('b1a7c0de-0000-4000-8000-000000000001:judge')).toMatchObject({ modelId: 'anthropic.claude-sonnet-4-20250514-v1:0', requestCount: 1, inputTokens: 2000, outputTokens: 100, cost: 0.0075, task: 'classify', metadata: { frugal_bench_role: 'judge' } });

    // No request id: a stable hash of suite, task, example, model, repeat and start. The recorded cost wins over the catalog's.
    const sonnet = [...rows.values()].find((row) => row.source === 'bench' && row.metadata.frugal_bench_role === 'generation' && row.modelId === 'anthropic.claude-sonnet-4-20250514-v1:0');
    expect(sonnet?.requestId).toMatch(/^bench-[0-9a-f]{16}$/);
    expect(sonnet).toMatchObject({ cacheReadTokens: 1000, cacheHit: true, cost: 0.000825, catalogCost: 0.00165, costByBucket: { input: null, output: null } });
    expect(sonnet?.pricingNote).toMatch(/cost as the bench run recorded it \(\$0\.000825\); the catalog \(2026\.11\.28\) prices these tokens at \$0\.00165/);

    // A timeout without reported usage: a row whose cost is unknown, never 0.
    const timeout = [...rows.values()].find((row) => row.metadata.frugal_bench_error === 'TIMEOUT');
    expect(timeout).toMatchObject({ cost: null, pricingStatus: 'unpriced', inputTokens: 0 });

    // After the resume line: its region, and a panel of two judges kept as one unsplit row.
    expect(rows.get('b1a7c0de-0000-4000-8000-000000000007')).toMatchObject({ region: 'us-west-2', cost: 0.000084, costByBucket: { input: 0.00006 } });
    expect(rows.get('b1a7c0de-0000-4000-8000-000000000007:judge')).toMatchObject({
      modelId: null,
      rawModelId: 'us.anthropic.claude-sonnet-4-20250514-v1:0 + anthropic.claude-3-haiku-20240307-v1:0',
      requestCount: 2,
      cost: 0.004,
      metadata: { frugal_bench_judge_errors: '1' },
    });
    expect(report.cost.catalog).toBeCloseTo(0.000375 + 0.0075 + 0.000825 + 0.0057 + 0.000084 + 0.004, 12);

    // Unchanged since: skipped; read again on request, it adds nothing.
    const again = await ingest(ledger, ['bench-run/results.jsonl']);
    expect(again.files.unchanged).toBe(1);
    expect(again.records).toMatchObject({ read: 0, inserted: 0 });
    const reread = await ingest(ledger, ['bench-run/results.jsonl'], true);
    expect(reread.records).toMatchObject({ valid: 7, inserted: 0, alreadyInLedger: 7 });
    await ledger.close();
  });
});

describe('OTLP JSON trace exports', () => {
  it('turns GenAI call spans into rows with exclusive token buckets and counts every other span', async () => {
    const ledger = await openLedger(':memory:');
    const report = await ingest(ledger, ['otel/traces.jsonl', 'otel/pretty-trace.json']);
    expect(report.files).toMatchObject({ otlpTraces: 2, unreadable: 0 });
    expect(report.otel).toEqual({ spans: 11, calls: 4, nonGenAiSpans: 1, otherGenAiSpans: 2, failedWithoutUsage: 1 });
    // The chat span of line 1 was exported again on line 5: one row.
    expect(report.records).toMatchObject({ valid: 4, inserted: 3, alreadyInLedger: 1, skipped: 4 });
    expect(where(report)).toEqual({
      'invalid-json': [['otel/traces.jsonl', 3]],
      'invalid-record': [
        ['otel/traces.jsonl', 4],
        ['otel/traces.jsonl', 4],
      ],
      'unknown-model': [['otel/traces.jsonl', 4]],
    });
    expect(report.issues.find((issue) => issue.kind === 'invalid-record')?.examples[0]?.message).toMatch(/smaller than its cache tokens/);
    expect(report.issues.find((issue) => issue.kind === 'unknown-model')?.examples[0]?.message).toMatch(/provider gcp\.vertex_ai/);

    const rows = await byId(ledger);
    expect(rows.get('otel-5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174')).toMatchObject({
      source: 'otel',
      provider: 'bedrock',
      modelId: 'anthropic.claude-sonnet-4-20250514-v1:0',
      inferenceScope: 'geo',
      region: 'us-east-1',
      // gen_ai.usage.input_tokens 1200 includes the 1000 cache reads.
      inputTokens: 200,
      cacheReadTokens: 1000,
      outputTokens: 50,
      cost: 0.00165,
      costByBucket: { input: 0.0006, cacheRead: 0.0003, output: 0.00075 },
      task: 'ticket-classification',
      taskSource: 'explicit',
      team: 'support',
      latencyMs: 2000,
      ttftMs: 420,
      maxTokens: 256,
      stopReason: 'end_turn',
      cacheHit: true,
      cachePoints: 1,
      operation: 'chat',
      metadata: { 'service.name': 'support-bot', 'frugal.request.id': 'frq-1', 'gen_ai.response.id': 'c0ffee00-0000-4000-8000-000000000001' },
    });
    // Deprecated names (gen_ai.system, prompt/completion tokens); no cost on the span: the catalog prices it; task from an app label.
    expect(rows.get('otel-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331')).toMatchObject({
      provider: 'openai',
      modelId: 'gpt-4o',
      rawModelId: 'openai/gpt-4o',
      inputTokens: 600,
      cacheReadTokens: 400,
      outputTokens: 100,
      cost: 0.003,
      task: 'summarise',
      taskSource: 'metadata',
      pricingStatus: 'priced',
    });
    // A pretty-printed request of an older collector (instrumentationLibrarySpans); Region from the endpoint.
    expect(rows.get('otel-9d7c1a2b3c4d5e6f708192a3b4c5d6e7-1a2b3c4d5e6f7081')).toMatchObject({ region: 'us-east-1', cost: 0.000375, task: 'unattributed', sourceLine: 1 });

    const again = await ingest(ledger, ['otel'], true);
    expect(again.records).toMatchObject({ inserted: 0, alreadyInLedger: 4 });
    await ledger.close();
  });

  it('reports OTLP metrics and unknown JSON once per file, with a clear message', async () => {
    const ledger = await openLedger(':memory:');
    const report = await ingest(ledger, ['otel/metrics.jsonl', 'otel/unknown.jsonl']);
    expect(report.files.unreadable).toBe(2);
    const unknown = report.issues.find((issue) => issue.kind === 'unknown-format');
    expect(unknown?.examples.map((example) => [example.file, example.line])).toEqual([
      ['otel/metrics.jsonl', 1],
      ['otel/unknown.jsonl', 2],
    ]);
    expect(unknown?.examples[0]?.message).toMatch(/OTLP metrics export; frugal reads OTLP traces/);
    expect(unknown?.examples[1]?.message).toMatch(/no format frugal reads: expected Bedrock invocation-log records .* a frugal bench results\.jsonl .* an OTLP JSON trace export .* or usage rows/);
    expect(report.records.valid).toBe(0);
    await ledger.close();
  });
});

describe('usage rows spilled by the gateway', () => {
  it('stores valid rows as written, naming the file and line, and skips the rest with their lines', async () => {
    const ledger = await openLedger(':memory:');
    const report = await ingest(ledger, ['usage-rows/usage-spill.jsonl']);
    expect(report.files).toMatchObject({ usageRows: 1 });
    expect(report.records).toMatchObject({ read: 5, valid: 2, inserted: 2, skipped: 3 });
    expect(where(report)).toEqual({
      'invalid-json': [['usage-rows/usage-spill.jsonl', 5]],
      'invalid-record': [
        ['usage-rows/usage-spill.jsonl', 3],
        ['usage-rows/usage-spill.jsonl', 4],
      ],
    });
    const rows = await byId(ledger);
    expect(rows.get('9f1e6c52-0000-4000-8000-000000000001')).toMatchObject({ source: 'gateway', sourceFile: 'usage-rows/usage-spill.jsonl', sourceLine: 1, cost: 0.000375, routeDecision: 'tier 1 by rules (rule "short tickets")' });
    expect(rows.get('frq-10:1')).toMatchObject({ sourceFile: 'gateway-a', sourceLine: 7, cost: null, pricingStatus: 'unpriced' });
    expect(report.cost.unpricedRows).toBe(1);
    const again = await ingest(ledger, ['usage-rows/usage-spill.jsonl'], true);
    expect(again.records).toMatchObject({ inserted: 0, alreadyInLedger: 2 });
    await ledger.close();
  });
});
