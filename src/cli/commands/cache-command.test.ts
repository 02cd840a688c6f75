import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom, generateChatTraffic, poissonTimes, textOfTokens } from '../../../test/helpers/generate-cache-traffic.js';
import { makeUsageRow } from '../../../test/helpers/make-usage-row.js';
import { runFrugal } from '../../../test/helpers/run-frugal.js';
import { openLedger } from '../../ledger/index.js';

const sonnet37 = 'anthropic.claude-3-7-sonnet-20250219-v1:0';
let cwd: string;

beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'frugal-cache-cli-'));
  const chat = generateChatTraffic({ modelId: sonnet37, conversations: 40, meanConversationGapMs: 120_000, maxTurns: 5, turnGapMs: [10_000, 200_000], systemPrompts: [textOfTokens(2000, 'support')], random: createRandom(2) });
  writeFileSync(join(cwd, 'chat.jsonl'), chat.map((request) => JSON.stringify({ timestamp: new Date(request.time).toISOString(), modelId: request.modelId, body: request.body })).join('\n'));
  const sparse = poissonTimes(60, 40 * 60_000, createRandom(4)).map((time, index) => ({ timestamp: time, body: { system: [{ text: textOfTokens(1500) }], messages: [{ role: 'user', content: [{ text: `q${index}` }] }] } }));
  writeFileSync(join(cwd, 'sparse.jsonl'), sparse.map((line) => JSON.stringify(line)).join('\n'));
  const policy = textOfTokens(1200, 'policy');
  const dated = ['2026-08-01', '2026-08-02'].map((day) => JSON.stringify({ body: { system: [{ text: `Today is ${day}. ${policy}` }], messages: [{ role: 'user', content: [{ text: 'hi' }] }] } }));
  writeFileSync(join(cwd, 'dated.jsonl'), dated.join('\n'));
  writeFileSync(join(cwd, 'broken.jsonl'), `${JSON.stringify({ timestamp: '2026-08-01T00:00:00Z', body: { messages: [{ role: 'user', content: [{ text: 'ok' }] }] } })}\n{not json\n`);
});

describe('frugal cache plan (in process)', () => {
  it('prints the chosen cache points, hit rate and saving for chat traffic', async () => {
    const run = await runFrugal(['cache', 'plan', 'chat.jsonl', '--region', 'us-east-1'], { cwd });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Claude 3\.7 Sonnet \(anthropic\.claude-3-7-sonnet-20250219-v1:0\) in us-east-1: \d+ requests/);
    expect(run.stdout).toMatch(/Recommended cache points \(TTL 5m\): expected hit rate \d+\.\d% of requests/);
    expect(run.stdout).toMatch(/│ 1 │ end of system/);
    expect(run.stdout).toMatch(/Input cost: \$\d+\.\d+ without caching, \$\d+\.\d+ with these cache points: saving \$\d+\.\d+ \(\d+\.\d%\)/);
    expect(run.stdout).toContain('Apply with placeCachePoints (createClient, gateway): anchors [{"section":"system","block":-1}');

    const json = await runFrugal(['cache', 'plan', 'chat.jsonl', '--json'], { cwd });
    const body = JSON.parse(json.stdout) as { plans: { plan: { verdict: string; best: { hitRate: number; anchors: unknown[] } } }[] };
    expect(body.plans[0]?.plan.verdict).toBe('cache');
    expect(body.plans[0]?.plan.best.hitRate).toBeGreaterThan(0.5);
  });

  it('says caching would cost more when requests are far apart', async () => {
    const run = await runFrugal(['cache', 'plan', 'sparse.jsonl', '--model', sonnet37, '--ttl', '5m'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Caching would cost more: \$[\d.]+ instead of \$[\d.]+ for input/);
  });

  it('plans from ledger traffic (prompt-block hashes and stored system text) with --task and --since', async () => {
    const system = textOfTokens(3000);
    const now = Date.now();
    const times = poissonTimes(200, 2 * 60_000, createRandom(8), now - 12 * 3_600_000);
    const ledger = await openLedger(join(cwd, 'traffic.duckdb'));
    try {
      await ledger.insertPromptText([{ hash: 'sys-hash', kind: 'system', chars: system.length, chunks: ['chunk-1'] }], [{ hash: 'chunk-1', chars: system.length, text: system }]);
      await ledger.insertRows(
        times.map((time, index) =>
          makeUsageRow({
            requestId: `r${index}`,
            usageStart: new Date(time).toISOString(),
            usageEnd: new Date(time + 1000).toISOString(),
            modelId: sonnet37,
            rawModelId: sonnet37,
            task: 'support-chat',
            promptBlocks: [{ kind: 'system', hash: 'sys-hash', chars: system.length }, { kind: 'user', hash: `u${index}`, chars: 200 }],
          }),
        ),
      );
    } finally {
      await ledger.close();
    }
    const run = await runFrugal(['cache', 'plan', '--ledger', 'traffic.duckdb', '--task', 'support-chat', '--since', '7d'], { cwd });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/Claude 3\.7 Sonnet \(anthropic\.claude-3-7-sonnet-20250219-v1:0\) in us-east-1: 200 requests/);
    // Poisson arrivals two minutes apart on average: about 1 − e^(−5/2) ≈ 92% read the cached system prompt.
    const rate = Number(/expected hit rate (\d+\.\d)%/.exec(run.stdout)?.[1]);
    expect(rate).toBeGreaterThan(85);
    expect(rate).toBeLessThan(97);
    const none = await runFrugal(['cache', 'plan', '--ledger', 'traffic.duckdb', '--task', 'other-task'], { cwd });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/No requests to plan for/);
    const clean = await runFrugal(['cache', 'lint', '--ledger', 'traffic.duckdb', '--task', 'support-chat'], { cwd });
    expect(clean.stdout).toMatch(/200 requests: nothing found that breaks prefix caching/);
  });

  it('lints ledger traffic from the stored system text, naming the row and its request id', async () => {
    const policy = textOfTokens(800, 'rule');
    const ledger = await openLedger(join(cwd, 'dated.duckdb'));
    try {
      const days = ['2026-08-01', '2026-08-02', '2026-08-03'];
      await ledger.insertPromptText(
        days.map((day) => ({ hash: `sys-${day}`, kind: 'system' as const, chars: 20 + policy.length, chunks: [`chunk-${day}`] })),
        days.map((day) => ({ hash: `chunk-${day}`, chars: 20 + policy.length, text: `Today is ${day}. ${policy}` })),
      );
      await ledger.insertRows(days.map((day, index) => makeUsageRow({ requestId: `req-${index}`, usageStart: `${day}T09:00:00.000Z`, usageEnd: `${day}T09:00:01.000Z`, task: 'dated', promptBlocks: [{ kind: 'system', hash: `sys-${day}`, chars: 20 + policy.length }, { kind: 'user', hash: `u${index}`, chars: 10 }] })));
    } finally {
      await ledger.close();
    }
    const run = await runFrugal(['cache', 'lint', '--ledger', 'dated.duckdb', '--task', 'dated'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/error dynamic-before-static at row 1, system block 0, char 9 \[request req-0\] \(and 2 more requests: rows 2, 3\)/);
  });

  it.each([
    [['cache', 'plan', 'broken.jsonl', '--model', sonnet37], /broken\.jsonl, line 2: not valid JSON/],
    [['cache', 'plan', 'dated.jsonl', '--model', sonnet37], /dated\.jsonl, line 1: no timestamp/],
    [['cache', 'plan', 'missing.jsonl'], /Cannot read missing\.jsonl/],
    [['cache', 'plan', 'chat.jsonl', '--ttl', '2h'], /--ttl must be one of 5m, 1h, auto/],
    [['cache', 'plan'], /Give a REQUESTS file/],
  ])('exits 2 on bad input (%#)', async (argv, message) => {
    const run = await runFrugal(argv, { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('keeps going past bad lines with --skip-invalid, and names them', async () => {
    const run = await runFrugal(['cache', 'plan', 'broken.jsonl', '--model', sonnet37, '--skip-invalid'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/note: skipped: broken\.jsonl, line 2: not valid JSON/);
  });
});

describe('frugal cache lint (in process)', () => {
  it('points at the date before the static system prompt and exits 1', async () => {
    const run = await runFrugal(['cache', 'lint', 'dated.jsonl'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/error dynamic-before-static at line 1, system block 0, char 9 \(and 1 more request: lines 2\)/);
    expect(run.stdout).toMatch(/fix: move the date after the static text/);
  });

  it('exits 0 when nothing breaks prefix caching', async () => {
    const run = await runFrugal(['cache', 'lint', 'sparse.jsonl'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/60 requests: nothing found that breaks prefix caching/);
  });
});
