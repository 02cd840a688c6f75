/**
 * Child process of the harness benchmark: runs one promptfoo evaluation through promptfoo's Node
 * API and prints its timings as JSON on the last line. Kept out of the harness process so
 * promptfoo's globals (logger, database, telemetry) cannot touch our measurement.
 *
 *   tsx bench/harness/run-promptfoo-eval.ts <settings.json>
 */
import { readFileSync } from 'node:fs';

interface Settings {
  endpoint: string;
  model: string;
  concurrency: number;
  maxTokens: number;
  prompts: { system: string; user: string }[];
}

const settings = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as Settings;
const promptfoo = await import('promptfoo');
const evaluate = promptfoo.evaluate ?? promptfoo.default.evaluate;

const started = performance.now();
const cpu = process.cpuUsage();
const result = await evaluate(
  {
    prompts: ['[{"role": "system", "content": "{{ system }}"}, {"role": "user", "content": "{{ user }}"}]'],
    providers: [
      {
        id: `bedrock:converse:${settings.model}`,
        config: { region: 'us-east-1', endpoint: settings.endpoint, accessKeyId: 'test', secretAccessKey: 'test', maxTokens: settings.maxTokens, temperature: 0 },
      },
    ],
    tests: settings.prompts.map((prompt) => ({ vars: { system: JSON.stringify(prompt.system).slice(1, -1), user: JSON.stringify(prompt.user).slice(1, -1) } })),
    writeLatestResults: false,
  },
  { maxConcurrency: settings.concurrency, cache: false, showProgressBar: false },
);
const wallMs = performance.now() - started;
const used = process.cpuUsage(cpu);
const summary = await result.toEvaluateSummary();
const stats = summary.stats;
console.log(JSON.stringify({ wallMs, cpuMs: (used.user + used.system) / 1000, calls: settings.prompts.length, successes: stats.successes, failures: stats.failures, errors: stats.errors }));
process.exit(0);
