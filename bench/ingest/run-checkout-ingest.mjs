// One `frugal ingest` of a checkout, run by `run-ingest-bench.ts` in a process of its own.
// Plain JavaScript, so that a built checkout runs in plain Node as `npx frugal ingest` does: the
// bench itself runs through tsx, whose loader would otherwise sit in this process and in every
// ingest worker it starts (0.3-0.4 s more wall clock at 200,000 records, none of it frugal's).
// The bench names the CLI module: the built one, or for a checkout without `dist/` its TypeScript
// source, which the bench runs this with tsx for.
//
//   node run-checkout-ingest.mjs CLI-MODULE CHECKOUT INGEST-ARGUMENTS...
//
// Prints one line of JSON: wall-clock and CPU time (every thread of the process) from the import of
// the CLI to the end of the run, and the rows the ingest reported inserted.
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

const [cliModule, checkout, ...args] = process.argv.slice(2);
if (cliModule === undefined || checkout === undefined) throw new Error('usage: run-checkout-ingest.mjs CLI-MODULE CHECKOUT INGEST-ARGUMENTS...');

const started = performance.now();
const cpu = process.cpuUsage();
const { runCli } = await import(pathToFileURL(resolve(cliModule)).href);
let stdout = '';
const code = await runCli(['ingest', ...args], {
  stdout: (text) => {
    stdout += text;
  },
  stderr: (text) => process.stderr.write(text),
  cwd: resolve(checkout),
  env: process.env,
});
const used = process.cpuUsage(cpu);
const wallMs = performance.now() - started;
if (code !== 0) throw new Error(`frugal ingest exited ${code}`);
const report = JSON.parse(stdout);
process.stdout.write(`${JSON.stringify({ wallMs, cpuMs: (used.user + used.system) / 1000, inserted: report.records.inserted })}\n`);
