import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePricedRow, minutesAfter } from '../../test/helpers/make-review-rows.js';
import { reviewConfigSchema } from '../config/index.js';
import type { UsageRow } from '../core/index.js';
import { type Ledger, openLedger } from '../ledger/index.js';
import { createPricingCatalog } from '../pricing/index.js';
import { runReview } from './run-review.js';

const catalog = createPricingCatalog();
let ledger: Ledger;
const nightly: UsageRow[] = [];

beforeAll(async () => {
  ledger = await openLedger(':memory:');
  const rows: UsageRow[] = [];
  for (let day = 0; day < 10; day += 1) {
    const night = `2026-07-${String(day + 1).padStart(2, '0')}T02:00:00.000Z`;
    // A nightly extraction job: 120 calls between 02:00 and 04:00 UTC, from a pipeline role, tagged with its job.
    for (let call = 0; call < 120; call += 1) {
      nightly.push(
        makePricedRow(catalog, {
          requestId: `night-${day}-${call}`,
          usageStart: minutesAfter(night, call),
          task: 'statement-extraction',
          callerArn: `arn:aws:sts::111122223333:assumed-role/doc-pipeline/doc-pipeline-${call % 3}`,
          metadata: { task: 'statement-extraction', job: `nightly-${day}` },
          inputTokens: 3000,
          outputTokens: 800,
          maxTokens: 4096,
          cacheHit: false,
          promptBlocks: [],
          cachePoints: 0,
          responsePreview: 'Statement of account, 32 transactions, closing balance 1,204.50',
        }),
      );
    }
    // A chat that someone reads as it streams: never a batch candidate.
    for (let call = 0; call < 40; call += 1) {
      rows.push(
        makePricedRow(catalog, {
          requestId: `chat-${day}-${call}`,
          usageStart: minutesAfter(`2026-07-${String(day + 1).padStart(2, '0')}T09:00:00.000Z`, call * 15),
          task: 'customer-chat',
          operation: 'ConverseStream',
          messageCount: 3,
          callerArn: 'arn:aws:sts::111122223333:assumed-role/chat-backend/chat-1',
          metadata: { task: 'customer-chat' },
          inputTokens: 900,
          outputTokens: 120,
          promptBlocks: [],
          cachePoints: 0,
        }),
      );
      // A task frugal.yaml marks as able to wait a day, on a model Bedrock has no batch for.
      rows.push(
        makePricedRow(catalog, {
          requestId: `report-${day}-${call}`,
          usageStart: minutesAfter(`2026-07-${String(day + 1).padStart(2, '0')}T10:00:00.000Z`, call * 7),
          task: 'weekly-report',
          modelId: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
          callerArn: 'arn:aws:sts::111122223333:assumed-role/reporting/r-1',
          metadata: {},
          inputTokens: 2000,
          outputTokens: 400,
          promptBlocks: [],
          cachePoints: 0,
        }),
      );
    }
  }
  await ledger.insertRows([...nightly, ...rows]);
});
afterAll(async () => {
  await ledger.close();
});

describe('batch candidates', () => {
  it('finds the nightly job from its metadata, caller and arrival burst, and prices it at the batch price: half its on-demand cost', async () => {
    const report = await runReview({ ledger, catalog, config: reviewConfigSchema.parse({}), ledgerArgument: 'test.duckdb' });
    const batch = report.levers.find((lever) => lever.lever === 'batch');
    expect(batch?.findings).toHaveLength(1);
    const finding = batch?.findings[0];
    const onDemand = nightly.reduce((sum, row) => sum + (row.cost ?? 0), 0);
    expect(finding?.affectedSpend).toBeCloseTo(onDemand, 6);
    expect(finding?.saving).toBeCloseTo(onDemand / 2, 6);
    // Batch is the first lever, so its saving in the plan is the same.
    expect(finding?.plannedSaving).toBeCloseTo(onDemand / 2, 6);
    expect(finding).toMatchObject({ confidence: 'high', command: 'frugal batch plan --ledger test.duckdb --task statement-extraction --since 2026-07-01' });
    expect(finding?.evidence).toMatchObject({ tasks: ['statement-extraction'], callers: ['doc-pipeline'], requests: 1200 });
    const signals = finding?.evidence.facts.filter((fact) => fact.label === 'signal').map((fact) => fact.value) ?? [];
    expect(signals).toEqual([
      '20 of 20 sampled calls carry request metadata naming a job, batch or schedule',
      'the caller role "doc-pipeline" looks like a pipeline or job',
      '100% of calls arrive between 02:00 and 04:00 UTC (a scheduled burst)',
    ]);
    // Every example is a real row of that job.
    const examples = await ledger.query.listRequests({ filter: { requestIds: finding?.evidence.exampleRequestIds ?? [] } });
    expect(examples.length).toBe(finding?.evidence.exampleRequestIds.length);
    expect(examples.every((row) => row.task === 'statement-extraction')).toBe(true);
    expect(report.plan.steps[0]).toMatchObject({ lever: 'batch', findings: 1 });
  });

  it('takes frugal.yaml\'s word for a task, and says so when its model has no batch on Bedrock', async () => {
    const config = reviewConfigSchema.parse({ tasks: { 'weekly-report': { latency: '24h' }, 'customer-chat': { latency: 'interactive' } } });
    const report = await runReview({ ledger, catalog, config, ledgerArgument: 'test.duckdb' });
    const batch = report.levers.find((lever) => lever.lever === 'batch');
    expect(batch?.findings.map((finding) => finding.evidence.tasks[0])).toEqual(['statement-extraction']);
    expect(batch?.notes.join('\n')).toMatch(/weekly-report \(reporting\) can wait 24 hours, but the catalog has no batch price for Claude Sonnet 4\.5 in us-east-1 \(Bedrock runs no batch jobs for it\)/);
  });
});
