import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePricedRow, minutesAfter, sonnet4 } from '../../test/helpers/make-review-rows.js';
import { convertLedgerRowToLayout, planCacheForTraffic } from '../cache/index.js';
import { reviewConfigSchema } from '../config/index.js';
import type { PromptChunk, PromptTextBlock, UsageRow } from '../core/index.js';
import { type Ledger, openLedger } from '../ledger/index.js';
import { createPricingCatalog } from '../pricing/index.js';
import { runReview } from './run-review.js';

const catalog = createPricingCatalog();
const staticPolicy = `${'Answer as the bank\'s assistant. Be brief, accurate and polite; never ask for a full card number or a PIN. '.repeat(45)}\n`;

/** A call on Claude Sonnet 4 whose logged body is `blocks`; input tokens are what the blocks' sizes estimate (4 characters a token). */
function call(requestId: string, usageStart: string, task: string, blocks: UsageRow['promptBlocks'], extra: Partial<UsageRow> = {}): UsageRow {
  const tokens = blocks.reduce((sum, block) => sum + Math.ceil(block.chars / 4), 0);
  return makePricedRow(catalog, {
    requestId,
    usageStart,
    task,
    callerArn: `arn:aws:sts::111122223333:assumed-role/${task}-service/s-1`,
    metadata: { task },
    inputTokens: tokens,
    outputTokens: 60,
    maxTokens: 300,
    promptBlocks: blocks,
    promptChars: blocks.reduce((sum, block) => sum + block.chars, 0),
    systemPromptHash: blocks[0]?.hash ?? null,
    cachePoints: 0,
    cacheHit: false,
    responsePreview: 'Here is what you can do next.',
    ...extra,
  });
}

let ledger: Ledger;
const faq: UsageRow[] = [];

beforeAll(async () => {
  ledger = await openLedger(':memory:');
  const rows: UsageRow[] = [];
  const texts: { blocks: PromptTextBlock[]; chunks: PromptChunk[] } = { blocks: [], chunks: [{ hash: 'policy', chars: staticPolicy.length, text: staticPolicy }] };
  for (let day = 1; day <= 3; day += 1) {
    const morning = `2026-07-0${day}T09:00:00.000Z`;
    for (let minute = 0; minute < 240; minute += 2) {
      // The same 3,000-token system prompt every two minutes, no cache points today.
      faq.push(call(`faq-${day}-${minute}`, minutesAfter(morning, minute), 'faq-answer', [{ kind: 'system', hash: 'faq-system', chars: 12_000 }, { kind: 'user', hash: `q-${day}-${minute}`, chars: 400 }]));
    }
    for (let minute = 1; minute < 240; minute += 2) {
      // A system prompt that starts with the current minute: its prefix never repeats as logged.
      const stamp = minutesAfter(morning, minute).slice(0, 16).replace('T', ' ');
      const head = `Current date and time: ${stamp} UTC.\n\n`;
      texts.chunks.push({ hash: `stamp-${stamp}`, chars: head.length, text: head });
      texts.blocks.push({ hash: `chat-${stamp}`, kind: 'system', chars: head.length + staticPolicy.length, chunks: [`stamp-${stamp}`, 'policy'] });
      rows.push(call(`chat-${day}-${minute}`, minutesAfter(morning, minute), 'web-chat', [{ kind: 'system', hash: `chat-${stamp}`, chars: head.length + staticPolicy.length }, { kind: 'user', hash: `m-${day}-${minute}`, chars: 300 }]));
    }
  }
  // Traffic that already caches: 3 of 4 calls read the prefix they set a cache point after.
  for (let index = 0; index < 80; index += 1) {
    const reads = index % 4 !== 0;
    rows.push(call(`triage-${index}`, minutesAfter('2026-07-04T12:00:00.000Z', index), 'triage', [{ kind: 'system', hash: 'triage-system', chars: 8000, cachePoint: true }, { kind: 'user', hash: `t-${index}`, chars: 200 }], { cachePoints: 1, inputTokens: 50, cacheReadTokens: reads ? 2000 : 0, cacheWrite5mTokens: reads ? 0 : 2000, cacheHit: reads }));
  }
  await ledger.insertRows([...faq, ...rows]);
  await ledger.insertPromptText(texts.blocks, texts.chunks);
});
afterAll(async () => {
  await ledger.close();
});

describe('prompt caching', () => {
  it('finds the repeated 3,000-token system prompt and projects the planner\'s own saving for it', async () => {
    // The FAQ traffic alone in a ledger of its own, so the finding is that slice only.
    const alone = await openLedger(':memory:');
    try {
      await alone.insertRows(faq);
      const report = await runReview({ ledger: alone, catalog, config: reviewConfigSchema.parse({}), ledgerArgument: 'faq.duckdb' });
      const finding = report.levers.find((lever) => lever.lever === 'caching')?.findings[0];
      expect(finding).toMatchObject({ title: 'Cache the repeated prompt prefix on Claude Sonnet 4', confidence: 'high', command: `frugal cache plan --ledger faq.duckdb --model ${sonnet4} --since 2026-07-01` });

      // The planner on the same traffic, as \`frugal cache plan\` runs it: the review's saving is its saving.
      const [plan] = planCacheForTraffic(
        faq.map((row) => ({ time: Date.parse(row.usageStart), modelId: row.rawModelId, layout: convertLedgerRowToLayout(row, new Map()) as NonNullable<ReturnType<typeof convertLedgerRowToLayout>> })),
        { catalog, ttl: 'auto' },
      );
      const plannerSaving = (plan?.baseline.total ?? 0) - (plan?.cached?.total ?? 0);
      expect(plannerSaving).toBeGreaterThan(0);
      expect(finding?.saving).toBeCloseTo(plannerSaving, 6);
      expect(finding?.evidence.facts.find((fact) => fact.label === 'projected hit rate')?.value).toBe(`${((plan?.plan.best?.hitRate ?? 0) * 100).toFixed(0)}% of requests read the cache; ${(((plan?.plan.best?.cacheReadTokens ?? 0) / (plan?.plan.best?.totalInputTokens ?? 1)) * 100).toFixed(0)}% of input tokens`);
      // 3 days of a call every 2 minutes: only each morning's first call misses.
      expect(finding?.evidence.facts.find((fact) => fact.label === 'faq-answer (faq-answer-service)')?.value).toBe('no cache points today; simulated 99% of 360 sampled calls read the cache, 96% of their input tokens');
      const examples = await alone.query.listRequests({ filter: { requestIds: finding?.evidence.exampleRequestIds ?? [] } });
      expect(examples.map((row) => row.requestId).sort()).toEqual([...(finding?.evidence.exampleRequestIds ?? [])].sort());
    } finally {
      await alone.close();
    }
  });

  it('flags the changing timestamp before static text with its position, and prices the fix', async () => {
    const report = await runReview({ ledger, catalog, config: reviewConfigSchema.parse({}), ledgerArgument: 'test.duckdb' });
    const finding = report.levers.find((lever) => lever.lever === 'caching')?.findings[0];
    const breaker = finding?.evidence.facts.find((fact) => fact.label === 'prefix breaker');
    expect(breaker?.value).toMatch(/^dynamic-before-static in \d+ requests, first request chat-1-1, system block 0, character 23: system block 0 has a timestamp \("2026-07-01 09:01"\)/);
    expect(finding?.action).toMatch(/^First move the changing text of the system prompt of web-chat \(web-chat-service\) behind its static part/);
    // As logged, only the FAQ (357 of 360) and triage (79 of 80) calls can hit, of 800: 55%.
    expect(finding?.evidence.facts.find((fact) => fact.label === 'without the prompt change')?.value).toMatch(/\(hit rate 55%\)/);
    expect(finding?.evidence.facts.find((fact) => fact.label === 'web-chat (web-chat-service)')?.value).toMatch(/simulated 99% of 360 sampled calls read the cache/);
  });

  it('reports the measured hit rate of traffic that already sets cache points', async () => {
    const report = await runReview({ ledger, catalog, config: reviewConfigSchema.parse({}), ledgerArgument: 'test.duckdb' });
    expect(report.levers.find((lever) => lever.lever === 'caching')?.notes).toContain('Measured: 75% of the 80 requests of triage (triage-service) on Claude Sonnet 4 that set cache points read from the cache.');
  });
});
