import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePricedRow, minutesAfter } from '../../test/helpers/make-review-rows.js';
import { reviewConfigSchema } from '../config/index.js';
import type { UsageRow } from '../core/index.js';
import { type Ledger, openLedger } from '../ledger/index.js';
import { createPricingCatalog, priceUsage } from '../pricing/index.js';
import { runReview } from './run-review.js';

const catalog = createPricingCatalog();
const labels = ['billing', 'technical', 'account', 'returns'];
let ledger: Ledger;
const tickets: UsageRow[] = [];

beforeAll(async () => {
  ledger = await openLedger(':memory:');
  const chats: UsageRow[] = [];
  for (let index = 0; index < 300; index += 1) {
    const time = minutesAfter('2026-07-06T08:00:00.000Z', index * 7);
    // Ticket classification on Claude Sonnet 4: one short label per ticket, as the prompt asks.
    tickets.push(
      makePricedRow(catalog, {
        requestId: `ticket-${index}`,
        usageStart: time,
        task: 'ticket-classification',
        callerArn: 'arn:aws:sts::111122223333:assumed-role/triage/t-1',
        inputTokens: 700,
        outputTokens: 3 + (index % 4),
        maxTokens: 20,
        promptBlocks: [],
        cachePoints: 0,
        requestPreview: `My order ${index} arrived broken and I want my money back.`,
        responsePreview: labels[index % labels.length] ?? 'billing',
      }),
    );
    // A conversation on the same model: replies run long and the calls continue a chat.
    chats.push(
      makePricedRow(catalog, {
        requestId: `chat-${index}`,
        usageStart: time,
        task: 'advisor-chat',
        operation: 'ConverseStream',
        messageCount: 5,
        callerArn: 'arn:aws:sts::111122223333:assumed-role/chat/c-1',
        inputTokens: 2500,
        outputTokens: 450,
        maxTokens: 1000,
        promptBlocks: [],
        cachePoints: 0,
        responsePreview: 'Thanks for asking. There are a few things to consider before you move your savings. First, ...',
      }),
    );
  }
  await ledger.insertRows([...tickets, ...chats]);
});
afterAll(async () => {
  await ledger.close();
});

describe('model routing / tier fit', () => {
  it('proposes a tier-1 model for classification on Sonnet, with its saving and the bench command that would confirm it', async () => {
    const report = await runReview({ ledger, catalog, config: reviewConfigSchema.parse({}), ledgerArgument: 'test.duckdb' });
    const routing = report.levers.find((lever) => lever.lever === 'routing');
    expect(routing?.findings.map((finding) => finding.evidence.tasks)).toEqual([['ticket-classification']]);
    const finding = routing?.findings[0];
    expect(finding?.title).toBe('Move ticket-classification from Claude Sonnet 4 (tier 2) to Claude 3 Haiku (tier 1), if a benchmark confirms');
    // The projected saving is the same tokens priced on the proposed model.
    const onHaiku = tickets.reduce((sum, row) => sum + (priceUsage({ model: 'anthropic.claude-3-haiku-20240307-v1:0', region: 'us-east-1', inputTokens: row.inputTokens, outputTokens: row.outputTokens }, catalog).total ?? 0), 0);
    const today = tickets.reduce((sum, row) => sum + (row.cost ?? 0), 0);
    expect(finding?.saving).toBeCloseTo(today - onHaiku, 5);
    expect(finding?.command).toBe('frugal bench suites/ticket-classification.yaml --models us.anthropic.claude-3-haiku-20240307-v1:0,us.amazon.nova-micro-v1:0,us.amazon.nova-lite-v1:0 --baseline us.anthropic.claude-sonnet-4-20250514-v1:0');
    expect(finding?.confidence).toBe('medium');
    expect(finding?.confidenceReason).toMatch(/^looks like classification work; the saving holds only if the benchmark shows the quality holds/);
    const signals = finding?.evidence.facts.filter((fact) => fact.label === 'tier-1 signal').map((fact) => fact.value);
    expect(signals).toEqual(['the task name or its instructions speak of classification', '95% of replies are at most 6 output tokens', '20 of 20 sampled replies are labels or small JSON objects of labels']);
  });

  it('follows frugal.yaml: a task marked not tier-1 is left alone, and a suite named there goes into the command', async () => {
    const skip = await runReview({ ledger, catalog, config: reviewConfigSchema.parse({ tasks: { 'ticket-classification': { tier1: false } } }), ledgerArgument: 'test.duckdb' });
    expect(skip.levers.find((lever) => lever.lever === 'routing')?.findings).toEqual([]);
    const named = await runReview({ ledger, catalog, config: reviewConfigSchema.parse({ tasks: { 'ticket-classification': { benchSuite: 'bench/tickets.yaml' } }, routing: { candidates: ['amazon.nova-lite-v1:0'] } }), ledgerArgument: 'test.duckdb' });
    const finding = named.levers.find((lever) => lever.lever === 'routing')?.findings[0];
    expect(finding?.command).toBe('frugal bench bench/tickets.yaml --models us.amazon.nova-lite-v1:0 --baseline us.anthropic.claude-sonnet-4-20250514-v1:0');
    expect(finding?.title).toMatch(/to Amazon Nova Lite \(tier 1\)/);
    expect(finding?.confidence).toBe('low');
  });
});
