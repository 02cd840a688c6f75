import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPricingCatalog, defaultCatalog } from '../../pricing/index.js';
import { priceUsageRow } from '../price-usage-row.js';
import { createPromptHasher } from './create-prompt-hasher.js';
import { parseInvocationLogRecord } from './parse-invocation-log-record.js';

const fixtures = join(import.meta.dirname, '../../../test/fixtures/invocation-logs/records');
const load = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(fixtures, `${name}.json`), 'utf8')) as Record<string, unknown>;
const provisionedArn = 'arn:aws:bedrock:us-east-1:111122223333:provisioned-model/abc123xyz';
const catalog = createPricingCatalog(defaultCatalog(), { modelAliases: { [provisionedArn]: 'anthropic.claude-3-haiku-20240307-v1:0' } });

function parse(name: string, options: { inputBody?: unknown; outputBody?: unknown } = {}) {
  const result = parseInvocationLogRecord(load(name), { registry: catalog.registry, sourceFile: `${name}.json`, sourceLine: 1, ...options });
  if (!result.ok) throw new Error(result.message);
  return { ...result.value, cost: priceUsageRow(result.value.row, catalog) };
}

describe('parseInvocationLogRecord on AWS-shaped records', () => {
  it('Converse through a us. profile with a cache read: exclusive buckets and the regional price', () => {
    const { row, cost, raw } = parse('converse-cache-read');
    expect(raw.requestId).toBe('00000000-0000-4000-8000-000000000001');
    expect(row).toMatchObject({
      source: 'invocation-log',
      requestId: '00000000-0000-4000-8000-000000000001',
      modelId: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
      rawModelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      modelFamily: 'claude-sonnet-4.5',
      inferenceScope: 'geo',
      inferenceProfile: 'us',
      region: 'us-east-1',
      inferenceRegion: 'us-east-2',
      mode: 'on-demand',
      usageStart: '2026-08-01T12:00:00.000Z',
      usageEnd: '2026-08-01T12:00:02.100Z',
      inputTokens: 120,
      cacheReadTokens: 4096,
      cacheWrite5mTokens: 0,
      outputTokens: 300,
      cacheHit: true,
      latencyMs: 2100,
      maxTokens: 512,
      stopReason: 'end_turn',
      cachePoints: 1,
      messageCount: 1,
      metadata: { team: 'search' },
      requestPreview: 'Which shards are hot?',
      responsePreview: 'Shards 3 and 7.',
    });
    expect(row.promptBlocks.map((block) => [block.kind, block.cachePoint ?? false])).toEqual([
      ['system', true],
      ['user', false],
    ]);
    // 120 × $3.30/M + 4,096 × $0.33/M + 300 × $16.50/M (Sonnet 4.5 regional: 10% over global).
    expect(cost).toMatchObject({ cost: 0.00669768, pricingStatus: 'priced', costByBucket: { input: 0.000396, cacheRead: 0.00135168, output: 0.00495 } });
  });

  it('InvokeModel with an Anthropic body: the 1-hour write is priced at the 1h rate of the global profile', () => {
    const { row, cost } = parse('invoke-model-anthropic-1h-write');
    expect(row).toMatchObject({ inferenceScope: 'global', cacheWrite1hTokens: 2000, cacheWrite5mTokens: 0, maxTokens: 1024, cacheHit: false, cachePoints: 1, stopReason: 'end_turn', latencyMs: null });
    expect(row.requestPreview).toBe('Claim 88412: water damage, kitchen, 2026-07-30.');
    // 50 × $1/M + 2,000 × $2/M (1h write) + 150 × $5/M.
    expect(cost.cost).toBe(0.0048);
    expect(cost.costByBucket).toEqual({ input: 0.00005, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0.004, output: 0.00075 });
  });

  it('ConverseStream (a real record shape): Nova Lite in us-east-1', () => {
    const { row, cost } = parse('converse-stream-nova');
    expect(row).toMatchObject({ operation: 'ConverseStream', callerArn: 'arn:aws:iam::111122223333:user/dheeraj', latencyMs: 302, inputTokens: 4, outputTokens: 38, cacheHit: false, inferenceRegion: null });
    expect(cost.cost).toBe(0.00000936);
  });

  it('InvokeModelWithResponseStream: reads latency and time to first byte from the chunk array', () => {
    const { row, cost } = parse('invoke-stream-chunks');
    expect(row).toMatchObject({ latencyMs: 870, ttftMs: 310, stopReason: 'end_turn', responsePreview: 'It was posted on Monday.', usageStart: '2026-08-02T08:00:00.250Z', region: 'us-west-2', cacheHit: false });
    expect(cost.cost).toBe(0.000255);
  });

  it('inference-profile ARN: model, profile and Region from the ARN, priced in the source Region', () => {
    const { row, cost } = parse('inference-profile-arn');
    expect(row).toMatchObject({ modelId: 'anthropic.claude-3-7-sonnet-20250219-v1:0', inferenceScope: 'geo', inferenceProfile: 'eu', region: 'eu-central-1', maxTokens: null, stopReason: 'max_tokens' });
    expect(cost.cost).toBe(0.0105);
  });

  it('provisioned-model ARN mapped through modelAliases: provisioned mode, no per-call charge, said so', () => {
    const { row, cost } = parse('provisioned-arn');
    expect(row).toMatchObject({ modelId: 'anthropic.claude-3-haiku-20240307-v1:0', mode: 'provisioned', inferenceProfile: provisionedArn, inputTokens: 80, outputTokens: 3 });
    expect(cost).toMatchObject({ cost: 0, pricingStatus: 'priced' });
    expect(cost.pricingNote).toMatch(/model-unit hour/);
  });

  it('offloaded bodies: keeps the S3 paths; the body is unknown (null, not zero) unless fetched', () => {
    const { row, cost } = parse('s3-body-paths');
    expect(row).toMatchObject({
      inputBodyPath: expect.stringMatching(/_input\.json\.gz$/),
      outputBodyPath: expect.stringMatching(/_output\.json\.gz$/),
      promptBlocks: [],
      promptChars: null,
      cachePoints: null,
      maxTokens: null,
      cacheHit: null,
    });
    expect(cost.cost).toBe(0.001224);
    const fetched = parse('s3-body-paths', { inputBody: { prompt: 'Extract the totals from this statement.', max_gen_len: 800 }, outputBody: { generation: '{"total": 12}', stop_reason: 'stop' } });
    expect(fetched.row).toMatchObject({ maxTokens: 800, stopReason: 'stop', promptChars: 39, cacheHit: false, requestPreview: 'Extract the totals from this statement.' });
  });
});

describe('parseInvocationLogRecord refusals', () => {
  const base = load('converse-stream-nova');
  it.each([
    [{ ...base, schemaType: 'SomethingElse' }, 'unknown-schema', /schemaType "SomethingElse"/],
    [{ ...base, schemaVersion: '2.0' }, 'unknown-schema', /schemaVersion "2.0"/],
    [{ ...base, requestId: undefined }, 'invalid-record', /requestId/],
    [{ ...base, input: { inputTokenCount: -1 } }, 'invalid-record', /input\.inputTokenCount/],
    [{ ...base, timestamp: 'yesterday' }, 'invalid-record', /timestamp/],
    [{ ...base, modelId: 'anthropic.claude-9-mega' }, 'unknown-model', /Unknown model id "anthropic.claude-9-mega"/],
    [{ ...base, modelId: 'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/zz9' }, 'unknown-model', /modelAliases/],
    [[1, 2], 'invalid-record', /not a JSON object/],
  ])('%#: %s', (record, kind, message) => {
    const result = parseInvocationLogRecord(record, { registry: catalog.registry });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.kind).toBe(kind);
      expect(result.message).toMatch(message);
    }
  });
});

describe('prompt hashing for cache-prefix detection', () => {
  it('gives equal blocks equal hashes, stores shared text once, and isolates a changing first line', () => {
    const hasher = createPromptHasher();
    const policy = 'Policy paragraph one.\n\nPolicy paragraph two.\n\n';
    const body = (day: string) => ({ system: [{ text: `Today is ${day}.\n\n${policy}` }], messages: [{ role: 'user', content: [{ text: 'hi' }] }] });
    const record = (day: string, id: string) => ({ ...load('converse-stream-nova'), requestId: id, input: { inputBodyJson: body(day), inputTokenCount: 10 } });
    const parsedA = parseInvocationLogRecord(record('Monday', 'a'), { registry: catalog.registry, hasher });
    const parsedB = parseInvocationLogRecord(record('Tuesday', 'b'), { registry: catalog.registry, hasher });
    const parsedC = parseInvocationLogRecord(record('Monday', 'c'), { registry: catalog.registry, hasher });
    if (!parsedA.ok || !parsedB.ok || !parsedC.ok) throw new Error('parse failed');
    expect(parsedA.value.row.systemPromptHash).toBe(parsedC.value.row.systemPromptHash);
    expect(parsedA.value.row.systemPromptHash).not.toBe(parsedB.value.row.systemPromptHash);
    expect(parsedA.value.row.promptBlocks[1]?.hash).toBe(parsedB.value.row.promptBlocks[1]?.hash);
    const { blocks, chunks } = hasher.drainText();
    expect(blocks).toHaveLength(2);
    // "Today is Monday.", "Today is Tuesday." and the two shared policy paragraphs.
    expect(chunks.map((chunk) => chunk.text)).toEqual(['Today is Monday.\n\n', 'Policy paragraph one.\n\n', 'Policy paragraph two.\n\n', 'Today is Tuesday.\n\n']);
    expect(blocks[1]?.chunks.slice(1)).toEqual(blocks[0]?.chunks.slice(1));
    expect(hasher.drainText()).toEqual({ blocks: [], chunks: [] });
  });
});
