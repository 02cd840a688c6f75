import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../config/index.js';
import { ingestSources, parseInvocationLogRecord } from '../ingest/index.js';
import { type Ledger, openLedger } from '../ledger/index.js';
import { createPricingCatalog } from '../pricing/index.js';
import { type SampleLogs, generateSampleLogs } from './generate-sample-logs.js';

const root = mkdtempSync(join(tmpdir(), 'frugal-sample-'));
const pricing = createPricingCatalog();
afterAll(() => rm(root, { recursive: true, force: true }));

function listFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => (statSync(join(dir, name)).isDirectory() ? listFiles(join(dir, name)) : [join(dir, name)]))
    .sort();
}
const fingerprint = (dir: string): string => {
  const hash = createHash('sha256');
  for (const file of listFiles(dir)) hash.update(relative(dir, file)).update(readFileSync(file));
  return hash.digest('hex');
};

describe('generateSampleLogs', () => {
  let sample: SampleLogs;
  let ledger: Ledger;
  beforeAll(async () => {
    sample = await generateSampleLogs({ out: join(root, 'week'), seed: 11, days: 7, start: '2026-07-06', scale: 0.5 });
    ledger = await openLedger(':memory:');
    await ingestSources({ sources: [join(root, 'week')], cwd: root, ledger, pricing, config: configSchema.parse({}).ingest });
  });
  afterAll(() => ledger.close());

  it('is labelled as sample data and deterministic for a seed', async () => {
    expect(sample.label).toMatch(/^SAMPLE DATA/);
    const again = await generateSampleLogs({ out: join(root, 'again'), seed: 11, days: 7, start: '2026-07-06', scale: 0.5 });
    expect(again).toMatchObject({ records: sample.records, files: sample.files });
    expect(fingerprint(join(root, 'again'))).toBe(fingerprint(join(root, 'week')));
    const other = await generateSampleLogs({ out: join(root, 'other'), seed: 12, days: 1, start: '2026-07-06', scale: 0.25 });
    expect(other.records).not.toBe(0);
    expect(fingerprint(join(root, 'other'))).not.toBe(fingerprint(join(root, 'week')));
  });

  it("writes AWS's layout and record shape, every record valid", () => {
    const files = listFiles(join(root, 'week'));
    expect(files).toHaveLength(sample.files);
    for (const file of files) {
      expect(relative(join(root, 'week'), file)).toMatch(/^AWSLogs\/111122223333\/BedrockModelInvocationLogs\/us-east-1\/2026\/07\/\d{2}\/\d{2}\/111122223333_BedrockModelInvocationLogs_us-east-1_\d{8}T\d{4}Z_[0-9a-f]{8}\.json\.gz$/);
    }
    const lines = gunzipSync(readFileSync(files[0] as string)).toString('utf8').trim().split('\n');
    for (const line of lines) {
      const parsed = parseInvocationLogRecord(JSON.parse(line) as unknown, { registry: pricing.registry });
      expect(parsed.ok && parsed.value.row.modelId).toBe('anthropic.claude-sonnet-4-20250514-v1:0');
    }
  });

  it('has the traffic a review should find', async () => {
    const summary = await ledger.query.summary();
    expect(summary.rows).toBe(sample.records);
    expect(summary.unpricedRows).toBe(0);
    const tasks = Object.fromEntries((await ledger.query.aggregate({ groupBy: ['task'] })).map((row) => [row.group.task, row]));
    // Web chat and pipeline calls carry requestMetadata; mobile chat and e-mail intake are named by their IAM role.
    expect(Object.keys(tasks).sort()).toEqual(['customer-chat', 'document-extraction', 'email-intake', 'mobile-chat-backend', 'ticket-classification']);
    // The triage service caches its long system prompt: more reads than writes at this volume.
    expect(tasks['ticket-classification']?.cacheReadTokens).toBeGreaterThan(tasks['ticket-classification']?.cacheWrite5mTokens ?? 0);
    expect(tasks['ticket-classification']?.cacheWrite5mTokens).toBeGreaterThan(0);
    expect(tasks['email-intake']).toMatchObject({ cacheReadTokens: 0, cacheWrite5mTokens: 0 });
    // Nightly extraction without an output cap: every pipeline call, in the 06-08 UTC window.
    const extraction = await ledger.query.aggregate({ filter: { tasks: ['document-extraction'] }, grain: 'hourOfDay', orderBy: 'period' });
    const night = extraction.filter((row) => ['06', '07', '08'].includes(row.period ?? '')).reduce((sum, row) => sum + row.rows, 0);
    expect(night / (tasks['document-extraction']?.rows ?? 1)).toBeGreaterThan(0.85);
    expect(tasks['document-extraction']?.uncappedRows).toBeGreaterThan(0.85 * (tasks['document-extraction']?.rows ?? 0));
    // Multi-turn chats, and a system prompt that changes every minute but shares its paragraphs.
    const chats = await ledger.query.listRequests({ filter: { tasks: ['customer-chat'] }, orderBy: 'inputTokens', limit: 5 });
    expect(chats[0]?.messageCount).toBeGreaterThan(2);
    const prompts = await ledger.query.aggregate({ filter: { tasks: ['customer-chat'] }, groupBy: ['systemPromptHash'] });
    expect(prompts.length).toBeGreaterThan(0.5 * (tasks['customer-chat']?.rows ?? 0));
    const texts = await ledger.query.promptTexts(chats.map((chat) => chat.promptBlocks[0]?.hash ?? ''));
    expect(texts[0]?.text).toMatch(/^Current date and time: 2026-07-\d{2} \d{2}:\d{2} UTC\./);
    expect(texts[0]?.chunks.slice(1).map((chunk) => chunk.hash)).toEqual(texts[1]?.chunks.slice(1).map((chunk) => chunk.hash));
    // Weekdays are busier than the weekend.
    const days = await ledger.query.aggregate({ grain: 'dayOfWeek', orderBy: 'period' });
    const byDay = Object.fromEntries(days.map((row) => [row.period, row.rows]));
    expect(byDay['2']).toBeGreaterThan(1.5 * (byDay['0'] ?? 0));
  });

  it('refuses bad options with the option named', async () => {
    await expect(generateSampleLogs({ out: root, days: 0 })).rejects.toThrow(/days must be a whole number from 1 to 366/);
    await expect(generateSampleLogs({ out: root, start: 'July' })).rejects.toThrow(/start must be a date/);
  });
});
