/**
 * Routing performance and quality on RouteLLM's public data (test/fixtures/routellm):
 * 1. decision latency of `route()` (signals + decision) for a rules router and for the learned
 *    router, on typical MMLU prompts and on 2,000-token prompts, against the targets (rules p99
 *    < 50 µs, classifier p99 < 1 ms; the industry rule of thumb is < 5 ms);
 * 2. training time on the full MMLU data (14,037 prompts);
 * 3. the regression suite with MMLU 5-fold cross-validation added (APGR/CPT beside random,
 *    prompt length and oracle).
 *
 *   npm run bench:route             # all three
 *   npm run bench:route -- latency  # only the latency part
 *
 * Not part of `npm test`: timings depend on the machine.
 */
import { cpus, loadavg } from 'node:os';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { countTokens } from '../../src/emulator/index.js';
import { computePercentile, createRouter, parseRouteRules, type OutcomeRow, readOutcomeData, routellmStrong, routellmWeak, runRoutellmSuite, trainRouteClassifier } from '../../src/route/index.js';
import type { ModelRequest } from '../../src/providers/index.js';

const only = process.argv[2];
const fixtures = resolve(import.meta.dirname, '../../test/fixtures/routellm');
const [gsm8k, mmlu] = await Promise.all([readOutcomeData(['gsm8k'], fixtures), readOutcomeData(['mmlu'], fixtures)]);
const print = (text = ''): void => {
  process.stdout.write(`${text}\n`);
};
const ask = (text: string): ModelRequest => ({ modelId: 'x', messages: [{ role: 'user', content: [{ text }] }] });

/**
 * Prompts of about `tokens` tokens (the emulator's stated approximation), each one different.
 * Built with join, not +=: request text arrives from JSON.parse as flat strings, whereas a string
 * grown by += is a rope that every character read walks (a benchmark artefact, not traffic).
 */
function longPrompts(rows: readonly OutcomeRow[], tokens: number, count: number): string[] {
  const prompts: string[] = [];
  let at = 0;
  for (let index = 0; index < count; index += 1) {
    const parts: string[] = [];
    while (countTokens(parts.join('\n\n')) < tokens) {
      parts.push((rows[at % rows.length] as OutcomeRow).prompt);
      at += 1;
    }
    prompts.push(parts.join('\n\n'));
  }
  return prompts;
}

interface Figures {
  p50: number;
  p99: number;
  mean: number;
  cpuP50: number;
  cpuP99: number;
  /** Share of calls (CPU pass) whose wall time exceeded their CPU time by more than `descheduled` µs, and the wall p99 of the others. */
  lostCpu: number;
  keptP99: number;
  /** Garbage collections during the two timed passes, and their total pause. */
  gcs: { minor: number; major: number; ms: number };
  load: string;
}

/** µs of wall time beyond CPU time that counts as having lost the processor (cpuUsage reads in whole µs). */
const descheduled = 20;

const gcSeen = { minor: 0, major: 0, ms: 0 };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
    if (kind === constants.NODE_PERFORMANCE_GC_MINOR) gcSeen.minor += 1;
    else gcSeen.major += 1;
    gcSeen.ms += entry.duration;
  }
}).observe({ entryTypes: ['gc'] });
/** GC entries arrive asynchronously: let them in before reading the counters. */
const settle = (): Promise<void> => new Promise((done) => setTimeout(done, 20));

/**
 * Wall-clock latency per decision, then (in a second pass) the CPU time of each decision: on a
 * shared machine the wall-clock tail includes time the process was not running at all. Warm-up
 * first (every prompt several times, so JIT tiers, caches and the threshold window settle), then
 * `decisions` timed calls per pass; the clock is read with performance.now(), which allocates
 * nothing, so the loop itself adds no garbage.
 */
async function measure(route: (request: ModelRequest) => unknown, prompts: readonly string[], decisions: number): Promise<Figures> {
  const requests = prompts.map(ask);
  const warmUp = Math.max(5000, requests.length * 5);
  for (let index = 0; index < warmUp; index += 1) route(requests[index % requests.length] as ModelRequest);
  await settle();
  const loadBefore = loadavg()[0] as number;
  const gcBefore = { ...gcSeen };
  const wall = new Float64Array(decisions);
  for (let index = 0; index < decisions; index += 1) {
    const request = requests[index % requests.length] as ModelRequest;
    const started = performance.now();
    route(request);
    wall[index] = (performance.now() - started) * 1000;
  }
  // Second pass: CPU time of each call, with its wall time read inside the same bracket. Where
  // wall exceeds CPU by more than `descheduled` µs the process lost the processor mid-decision
  // (other work on the machine, or a GC thread it waited for): counted, and the wall p99 of the
  // calls that kept it is shown beside the plain one.
  const cpu = new Float64Array(decisions);
  const kept: number[] = [];
  for (let index = 0; index < decisions; index += 1) {
    const request = requests[index % requests.length] as ModelRequest;
    const started = process.cpuUsage();
    const startedWall = performance.now();
    route(request);
    const wallTime = (performance.now() - startedWall) * 1000;
    const used = process.cpuUsage(started);
    cpu[index] = used.user + used.system;
    if (wallTime - (cpu[index] as number) <= descheduled) kept.push(wallTime);
  }
  await settle();
  return {
    p50: computePercentile(wall, 50),
    p99: computePercentile(wall, 99),
    mean: wall.reduce((sum, value) => sum + value, 0) / decisions,
    cpuP50: computePercentile(cpu, 50),
    cpuP99: computePercentile(cpu, 99),
    lostCpu: 1 - kept.length / decisions,
    keptP99: computePercentile(kept, 99),
    gcs: { minor: gcSeen.minor - gcBefore.minor, major: gcSeen.major - gcBefore.major, ms: gcSeen.ms - gcBefore.ms },
    load: `${loadBefore.toFixed(2)}→${(loadavg()[0] as number).toFixed(2)}`,
  };
}

/** The bench's rules; `codeWords` are the code rule's keywords. */
const benchRules = (codeWords: string): ReturnType<typeof parseRouteRules> =>
  parseRouteRules(
    `version: 1
tiers: [amazon.nova-micro-v1:0, anthropic.claude-3-5-haiku-20241022-v1:0, anthropic.claude-sonnet-4-5-20250929-v1:0]
default: 2
rules:
  - { name: labels, when: { task: [ticket-classification, intent], outputFormat: label }, tier: 1 }
  - { name: vip, when: { metadata: { team: [vip, exec] } }, tier: 3 }
  - { name: long-context, when: { inputTokens: { gte: 6000 } }, tier: 3 }
  - { name: agents, when: { toolsPresent: true, depth: { gte: 3 } }, tier: 3 }
  - { name: code, when: { keywords: { any: [${codeWords}], none: [homework] } }, tier: 3 }
  - { name: legal, when: { keywords: { any: [indemnify, liability, warranty, arbitration] } }, tier: 3 }
  - { name: invoices, when: { outputFormat: json, pattern: "invoice\\\\s+#?\\\\d+" }, tier: 1 }
  - { name: chit-chat, when: { inputChars: { lt: 40 } }, tier: 1 }
`,
    'bench-rules.yaml',
  );
const rulesFile = benchRules('stack trace, refactor, "C++", segfault, deadlock');
/** The same rules with a three-letter keyword of letters only, which the keyword matcher cannot skip ahead for. */
const shortWordRulesFile = benchRules('stack trace, refactor, "C++", segfault, deadlock, sql');

print('frugal route benchmark (RouteLLM data: GSM8K 1,307 and MMLU 14,037 prompts after decontamination)');
print(`node ${process.version}, ${process.arch}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg().map((value) => value.toFixed(2)).join(' ')} (timings are wall clock: a busy machine inflates the tail)`);

let classifierModel: ReturnType<typeof trainRouteClassifier>['model'] | undefined;
if (only === undefined || only === 'training' || only === 'latency') {
  print('\n2. Training on the full MMLU data (three runs):');
  const seconds: number[] = [];
  for (let run = 0; run < (only === 'latency' ? 1 : 3); run += 1) {
    const { model, report } = trainRouteClassifier(mmlu.rows, { tiers: [routellmWeak, routellmStrong] });
    seconds.push(report.seconds);
    classifierModel = model;
    if (run === 0) print(`   ${report.trainRows} training + ${report.holdoutRows} held-out prompts, ${report.features.words} word and ${report.features.chars} character features, file ${(JSON.stringify(model).length / 1024).toFixed(0)} KiB`);
  }
  const median = [...seconds].sort((a, b) => a - b)[Math.floor(seconds.length / 2)] as number;
  print(`   ${seconds.map((value) => `${value.toFixed(2)} s`).join(', ')}; median ${median.toFixed(2)} s = ${Math.round(mmlu.rows.length / median).toLocaleString('en-US')} prompts/s`);
}

if (only === undefined || only === 'latency') {
  print('\n1. Decision latency of route() (signals + decision), µs per decision:');
  const typical = mmlu.rows.slice(0, 2000).map((row) => row.prompt);
  const long = longPrompts(mmlu.rows, 2000, 200);
  const longTokens = long.map((text) => countTokens(text));
  print(`   typical prompts: MMLU, median ${computePercentile(typical.map((text) => countTokens(text)), 50)} tokens; long prompts: ${Math.min(...longTokens)}–${Math.max(...longTokens)} tokens (${Math.round(long[0]?.length ?? 0).toLocaleString('en-US')} characters)`);
  const rules = createRouter({ tiers: rulesFile.tiers, defaultTier: rulesFile.default, rules: rulesFile.rules, pinning: false });
  const shortWordRules = createRouter({ tiers: shortWordRulesFile.tiers, defaultTier: shortWordRulesFile.default, rules: shortWordRulesFile.rules, pinning: false });
  const learned = createRouter({ classifier: classifierModel, pinning: false });
  const rows: [string, Figures, number][] = [
    ['rules (8 rules), typical prompt', await measure((request) => rules.route(request), typical, 50_000), 50],
    ['rules (8 rules), 2,000-token prompt', await measure((request) => rules.route(request), long, 50_000), 50],
    ['rules + keyword "sql", 2,000-token prompt', await measure((request) => shortWordRules.route(request), long, 50_000), 50],
    ['classifier, typical prompt', await measure((request) => learned.route(request), typical, 50_000), 1000],
    ['classifier, 2,000-token prompt', await measure((request) => learned.route(request), long, 20_000), 1000],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  print(`   ${''.padEnd(width)}   ------- wall clock -------   -- CPU time --`);
  print(`   ${'router, prompt'.padEnd(width)}      p50      p99     mean      p50      p99   target p99   wall p99/target   CPU p99/target   lost CPU   wall p99 rest   GCs (minor/major, pause)   load 1 min`);
  for (const [name, figures, target] of rows) {
    const cell = (value: number): string => value.toFixed(1).padStart(8);
    const ratio = (value: number): string => (value / target).toFixed(3);
    const gcs = `${figures.gcs.minor}/${figures.gcs.major}, ${figures.gcs.ms.toFixed(1)} ms`;
    print(`   ${name.padEnd(width)} ${cell(figures.p50)} ${cell(figures.p99)} ${cell(figures.mean)} ${cell(figures.cpuP50)} ${cell(figures.cpuP99)}   ${`< ${target}`.padStart(10)}   ${ratio(figures.p99).padStart(15)}   ${ratio(figures.cpuP99).padStart(14)}   ${`${(figures.lostCpu * 100).toFixed(2)}%`.padStart(8)}   ${figures.keptP99.toFixed(1).padStart(13)}   ${gcs.padStart(24)}   ${figures.load}`);
  }
  print('   (timed calls: 50,000 per pass, 20,000 for the classifier on long prompts, after warm-up; wall clock in one pass, CPU time in a second;');
  print(`    "lost CPU": calls of the second pass whose wall time exceeded their CPU time by > ${descheduled} µs, "wall p99 rest": wall p99 of the others)`);
}

if (only === undefined || only === 'quality') {
  print('\n3. RouteLLM regression suite with MMLU 5-fold (APGR; CPT(50%) in brackets):');
  const started = performance.now();
  const report = runRoutellmSuite(gsm8k, mmlu, { includeMmluFolds: true });
  const f = (summary: { apgr: number; cpt50: number | null }): string => `${summary.apgr.toFixed(3)} (${summary.cpt50 === null ? '—' : `${(summary.cpt50 * 100).toFixed(1)}%`})`;
  for (const bench of report.benchmarks) {
    print(`   ${bench.name}: weak ${(bench.weakQuality * 100).toFixed(2)}%, strong ${(bench.strongQuality * 100).toFixed(2)}%; random ${f(bench.random)}, length ${f(bench.length)}, oracle ${f(bench.oracle)}`);
  }
  print(`   ${'protocol'.padEnd(24)} ${'ours'.padStart(15)} ${'random'.padStart(15)} ${'length rule'.padStart(15)}  train s`);
  for (const entry of report.learned) print(`   ${entry.name.padEnd(24)} ${f(entry.ours).padStart(15)} ${f(entry.random).padStart(15)} ${f(entry.length).padStart(15)}  ${entry.trainSeconds.toFixed(1).padStart(7)}`);
  for (const finding of report.findings) print(`   - ${finding}`);
  const { cascade } = report;
  print(`   cascade on GSM8K (${cascade.validators.join(', ')}): escalation ${(cascade.escalationRate * 100).toFixed(1)}%, false accept ${((cascade.falseAcceptRate ?? 0) * 100).toFixed(1)}%, false reject ${((cascade.falseRejectRate ?? 0) * 100).toFixed(1)}%, PGR ${cascade.pgr.toFixed(3)} at ${cascade.callsPerRequest.toFixed(2)} calls/request`);
  print(`   (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
