import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../emulator/index.js';
import { parseRouteClassifier } from '../../route/index.js';
import { syntheticOutcomes } from '../../../test/helpers/synthetic-route-outcomes.js';
import { runFrugal } from '../../../test/helpers/run-frugal.js';

const root = resolve(import.meta.dirname, '../../..');
const cheap = 'amazon.nova-micro-v1:0';
const top = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
let dir: string;
let emulator: RunningEmulator;

/** A wide outcomes CSV in RouteLLM's format, from the synthetic outcomes. */
function writeOutcomes(path: string, count: number, seed: number): void {
  const quote = (text: string): string => `"${text.replace(/"/g, '""')}"`;
  const lines = syntheticOutcomes(count, seed).map((row) => [quote(row.prompt), row.scores['cheap'] === 1 ? 'True' : 'False', row.scores['top'] === 1 ? 'True' : 'False', '0.00002', '0.004'].join(','));
  writeFileSync(path, [`prompt,${cheap},${top},${cheap}|cost,${top}|cost`, ...lines].join('\n'));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'frugal-route-'));
  writeOutcomes(join(dir, 'train.csv'), 600, 3);
  writeOutcomes(join(dir, 'test.csv'), 300, 11);
  emulator = await startEmulator({ port: 0, timeScale: 0, modelsFile: join(root, 'examples/bench/emulator-models.yaml') });
});
afterAll(async () => {
  await emulator.close();
});

describe('frugal route', () => {
  it('train → eval → explain on an outcomes CSV', async () => {
    const train = await runFrugal(['route', 'train', '--data', 'train.csv', '--out', 'router.json'], { cwd: dir });
    expect(train.stderr).toBe('');
    expect(train.code).toBe(0);
    // No --weak/--strong: the catalog orders the two models by price.
    expect(train.stdout).toContain(`ladder: ${cheap} → ${top}; label: gain`);
    expect(train.stdout).toMatch(/Held-out prompts \(\d+\)/);
    expect(train.stdout).toMatch(/threshold [\d.-]+ sends ~50% to the top tier/);
    const model = parseRouteClassifier(readFileSync(join(dir, 'router.json'), 'utf8'), 'router.json');
    expect(model.tiers.map((tier) => [tier.modelId, tier.tier])).toEqual([
      [cheap, 1],
      [top, 2],
    ]);

    const evaluated = await runFrugal(['route', 'eval', '--router', 'router.json', '--data', 'test.csv', '--chart', 'pgr.svg'], { cwd: dir });
    expect(evaluated.code).toBe(0);
    expect(evaluated.stdout).toMatch(/│ classifier +│ +0\.\d+ │/);
    for (const text of ['random', 'length rule', 'oracle', 'routing accuracy', 'cost saved vs always-strong', 'decision latency: p50', 'The classifier beats the random router']) expect(evaluated.stdout).toContain(text);
    expect(evaluated.stdout).toMatch(/cost per request +│ \$0\.\d+ vs \$0\.004 always-strong/);
    expect(readFileSync(join(dir, 'pgr.svg'), 'utf8')).toMatch(/^<svg[\s\S]*Performance gap recovered[\s\S]*<\/svg>$/);

    const json = JSON.parse((await runFrugal(['route', 'eval', '--router', 'router.json', '--data', 'test.csv', '--json'], { cwd: dir })).stdout) as { pair: { routers: { summary: { name: string; apgr: number } }[] } };
    const [ours, random] = json.pair.routers;
    expect(ours?.summary.apgr).toBeGreaterThan((random?.summary.apgr ?? 1) + 0.1);

    const explained = await runFrugal(['route', 'explain', '--router', 'router.json', '--top', '4', 'please prove the integral converges and justify every step of the argument'], { cwd: dir });
    expect(explained.code).toBe(0);
    expect(explained.stdout).toContain(`tier 2: ${top}`);
    expect(explained.stdout).toMatch(/why: classifier: need [\d.-]+ ≥ threshold [\d.-]+ → tier 2/);
    expect(explained.stdout).toMatch(/calibration: threshold .* about 50.0% of traffic goes to the top tier/);
    expect(explained.stdout).toMatch(/Top 4 features \(> 0 pushes toward the top tier\)/);
  });

  it('evaluates a rules file, with a cascade replay on recorded answers', async () => {
    writeFileSync(join(dir, 'rules.yaml'), `version: 1\ntiers: [${cheap}, ${top}]\ndefault: 1\nrules:\n  - name: proofs\n    when: { keywords: { any: [prove, derive, justify] } }\n    tier: 2\n`);
    const csv = `prompt,${cheap},${top},${cheap}_response\n"prove it",False,True,"I'm not sure."\n"cancel my order",True,True,"Done."\n"where is my parcel",False,True,"It is on its way."\n`;
    writeFileSync(join(dir, 'answers.csv'), csv);
    const result = await runFrugal(['route', 'eval', '--router', 'rules.yaml', '--data', 'answers.csv', '--cascade', '--cost', `${cheap}=0.00002`, '--cost', `${top}=0.004`], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('rules.yaml (rules)');
    expect(result.stdout).toMatch(/strong-model calls +│ 33.3%/);
    expect(result.stdout).toMatch(/escalation rate +│ 33.3%/);
    expect(result.stdout).toMatch(/false accepts: bad answers let through +│ 50.0%/);
    expect(result.stdout).toContain('warning: escalation rate 33.3% is above 25%');
  });

  it('routes live against the emulator and prints decision, served model, cost and escalations', async () => {
    writeFileSync(join(dir, 'live.yaml'), `version: 1\ntiers: [${cheap}, ${top}]\ndefault: 1\nrules:\n  - name: hard\n    when: { keywords: { any: [contract, legal] } }\n    tier: 2\n`);
    writeFileSync(join(dir, 'prompts.jsonl'), [
      JSON.stringify({ prompt: 'Which queue: my card was charged twice', task: 'classification', expected: 'billing', choices: ['billing', 'technical', 'account'] }),
      JSON.stringify({ prompt: 'Review this legal contract clause for risks' }),
    ].join('\n'));
    const result = await runFrugal(['route', 'try', '--router', 'live.yaml', '--endpoint', emulator.url, '--prompts', 'prompts.jsonl', '--cascade', '--max-tokens', '200'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`│ 1 │ Which queue: my card was ch… │ 1 default +│ ${cheap.replace(/\./g, '\\.')}`));
    expect(result.stdout).toMatch(new RegExp(`│ 2 │ Review this legal contract … │ 2 rules +│ ${top.replace(/\./g, '\\.')}`));
    expect(result.stdout).toMatch(/total cost \$\d/);
    expect(result.stdout).toContain('simulations');
    const json = JSON.parse((await runFrugal(['route', 'try', '--router', 'live.yaml', '--endpoint', emulator.url, '--prompt', 'hello', '--json'], { cwd: dir })).stdout) as { requests: { decision: { tier: number }; servedModelId: string; totalCostUsd: number }[] };
    expect(json.requests[0]).toMatchObject({ decision: { tier: 1 }, servedModelId: cheap });
    expect(json.requests[0]?.totalCostUsd).toBeGreaterThan(0);
  });

  it('trains from a bench run of the classification suite and routes the suite live', async () => {
    const out = join(dir, 'bench-run');
    const bench = await runFrugal(['bench', join(root, 'examples/bench/support-tickets.yaml'), '--emulator', join(root, 'examples/bench/emulator-models.yaml'), '--models', 'us.amazon.nova-micro-v1:0', '--limit', '60', '--out', out, '--no-png'], { cwd: dir, env: { FRUGAL_NO_PROGRESS: '1' } });
    expect(bench.code).toBe(0);
    // A run copied from another machine: the suite path it recorded does not resolve here.
    const moved = join(dir, 'moved-run');
    mkdirSync(moved);
    writeFileSync(join(moved, 'results.jsonl'), readFileSync(join(out, 'results.jsonl'), 'utf8').replace(/"file":"[^"]*support-tickets\.yaml"/, '"file":"/elsewhere/support-tickets.yaml"'));
    const elsewhere = await runFrugal(['route', 'train', '--data', 'moved-run', '--out', 'tickets.json'], { cwd: dir });
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toMatch(/was run with the suite \/elsewhere\/support-tickets.yaml, which is not there from .*; pass it with --suite/);
    const train = await runFrugal(['route', 'train', '--data', 'moved-run', '--out', 'tickets.json', '--suite', join(root, 'examples/bench/support-tickets.yaml')], { cwd: dir });
    expect(train.stderr).toBe('');
    expect(train.code).toBe(0);
    expect(train.stdout).toContain('Trained a router on 60 prompts');
    expect(train.stdout).toContain('ladder: us.amazon.nova-micro-v1:0 → us.anthropic.claude-3-5-sonnet-20241022-v2:0');
    const live = await runFrugal(['route', 'try', '--router', 'tickets.json', '--endpoint', emulator.url, '--suite', join(root, 'examples/bench/support-tickets.yaml'), '--limit', '6'], { cwd: dir });
    expect(live.code).toBe(0);
    expect(live.stdout).toMatch(/│ 1 │ classify-ticket\/t0001 +│ [12] classifier [\d.-]+ +│ us\./);
    expect(live.stdout).toMatch(/answers right \d\/6/);
  }, 60_000);

  it('exits 2 with a clear message on bad input', async () => {
    const cases: [string[], RegExp][] = [
      [['route', 'train', '--data', 'missing.csv', '--out', 'x.json'], /cannot read missing.csv/],
      [['route', 'train', '--data', 'train.csv', '--out', 'x.json', '--weak', cheap], /Give both --weak and --strong/],
      [['route', 'train', '--data', 'train.csv', '--out', 'x.json', '--weak', 'nope', '--strong', top], /nope has no outcomes in the data/],
      [['route', 'eval', '--router', 'train.csv', '--data', 'test.csv'], /a router is a trained classifier \(\.json.*or a rules file \(\.yaml\)/],
      [['route', 'eval', '--router', 'router.json', '--data', 'test.csv', '--cost', 'oops'], /--cost takes MODEL=USD/],
      [['route', 'explain', '--router', 'train.csv', 'hi'], /a router is a trained classifier/],
      [['route', 'try', '--router', 'live.yaml', '--endpoint', 'http://127.0.0.1:9', '--prompt', 'a', '--prompts', 'b'], /exactly one of --prompt TEXT, --prompts FILE.jsonl or --suite/],
    ];
    writeFileSync(join(dir, 'broken.yaml'), 'version: 1\ntiers: [a]\ndefault: 3\n');
    cases.push([['route', 'explain', '--router', 'broken.yaml', 'hi'], /broken.yaml is not a valid rules file[\s\S]*tier 3 does not exist/]);
    writeFileSync(join(dir, 'bad.csv'), 'prompt,a\nhello,maybe\n');
    cases.push([['route', 'train', '--data', 'bad.csv', '--out', 'x.json', '--weak', 'a', '--strong', 'a'], /bad.csv, line 2: column "a" holds "maybe"/]);
    for (const [argv, message] of cases) {
      const result = await runFrugal(argv, { cwd: dir });
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr, argv.join(' ')).toMatch(message);
    }
  });
});
