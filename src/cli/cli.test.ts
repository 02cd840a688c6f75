import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFrugal } from '../../test/helpers/run-frugal.js';
import { runModuleScript } from '../../test/helpers/run-module-script.js';
import { commandSummaries } from './command-summaries.js';
import { createProgram } from './create-program.js';

const sonnet35 = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
const workdir = () => mkdtempSync(join(tmpdir(), 'frugal-cli-'));

describe('frugal estimate', () => {
  it('prints the corrected batch example', async () => {
    const run = await runFrugal(['estimate', '--model', sonnet35, '--requests', '10000', '--input-tokens', '500', '--output-tokens', '200', '--region', 'us-east-1']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/on-demand\s*│\s*\$15\.00\s*│\s*-\s*│\s*-\s*│\s*\$30\.00\s*│\s*\$45\.00/);
    expect(run.stdout).toMatch(/batch\s*│\s*\$7\.50\s*│\s*-\s*│\s*-\s*│\s*\$15\.00\s*│\s*\$22\.50\s*│\s*\$22\.50 \(50\.0%\)/);
  });

  it('prints the caching example as JSON', async () => {
    const run = await runFrugal([
      'estimate', '--model', 'us.anthropic.claude-3-7-sonnet-20250219-v1:0', '--region', 'us-east-1', '--requests', '10000',
      '--input-tokens', '2000', '--output-tokens', '0', '--cached-prefix-tokens', '2000', '--cache-hit-rate', '0.99', '--json',
    ]);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { scenarios: { name: string; cost: { total: number; byBucket: Record<string, number> } }[] };
    const caching = result.scenarios.find((scenario) => scenario.name === 'caching');
    expect(result.scenarios[0]?.cost.total).toBe(60);
    expect(caching?.cost).toMatchObject({ total: 6.69, byBucket: { cacheRead: 5.94, cacheWrite5m: 0.75 } });
  });

  it.each([
    [['--requests', '-5'], /--requests must be a whole number of 0 or more, got "-5"/],
    [['--requests', 'ten'], /--requests must be a whole number/],
    [['--cached-prefix-tokens', '100', '--cache-hit-rate', '1.2'], /--cache-hit-rate must be between 0 and 1/],
    [['--model', 'anthropic.claude-3-5-sonet'], /Unknown model id "anthropic.claude-3-5-sonet". Nearest known ids: anthropic\.claude-3-5-sonnet-20240620-v1:0/],
  ])('exits 2 with a clear message on bad arguments (%#)', async (extra, message) => {
    const base = ['--model', sonnet35, '--requests', '10', '--input-tokens', '500', '--output-tokens', '1'];
    const run = await runFrugal(['estimate', ...base, ...extra]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('exits 2 when a required option is missing', async () => {
    const run = await runFrugal(['estimate', '--model', sonnet35]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/required option '--requests <n>' not specified/);
  });
});

describe('frugal prices', () => {
  it('lists one model in any id form', async () => {
    const run = await runFrugal(['prices', '--model', `bedrock/converse/us.${sonnet35}`, '--region', 'us-east-1']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(sonnet35);
    expect(run.stdout).toMatch(/on-demand\s*│\s*\$3\s*│\s*\$15/);
  });

  it('prints JSON for machines', async () => {
    const run = await runFrugal(['prices', '--model', sonnet35, '--json']);
    const body = JSON.parse(run.stdout) as { version: string; models: { id: string; prices: unknown[] }[] };
    expect(body.models[0]?.id).toBe(sonnet35);
    expect(body.models[0]?.prices.length).toBeGreaterThan(0);
  });

  it('applies overrides from frugal.yaml and says so', async () => {
    const dir = workdir();
    writeFileSync(
      join(dir, 'frugal.yaml'),
      `pricing:\n  prices:\n    - model: ${sonnet35}\n      regions: [us-east-1]\n      input: 2.4\n      output: 12\n      source: negotiated 2026\n`,
    );
    const run = await runFrugal(['estimate', '--model', sonnet35, '--region', 'us-east-1', '--requests', '1000', '--input-tokens', '1000', '--output-tokens', '0'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/on-demand\s*│\s*\$2\.40/);
    expect(run.stdout).toContain('negotiated 2026 (your override)');
  });

  it('exits 2 on a broken config, naming the file and setting', async () => {
    const dir = workdir();
    writeFileSync(join(dir, 'frugal.yaml'), 'pricing:\n  discounts:\n    - percent: 150\n');
    const run = await runFrugal(['prices'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/frugal\.yaml has invalid settings:\n\s+- pricing\.discounts\.0\.percent/);
    const missing = await runFrugal(['--config', 'nope.yaml', 'prices'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.yaml does not exist/);
  });
});

describe('frugal crossover', () => {
  it('uses the published rate and reports the user capacity as assumed', async () => {
    const run = await runFrugal(['crossover', '--model', 'anthropic.claude-v2:1', '--units', '1', '--term', '1m', '--utilization', '0.7', '--tokens-per-minute-per-unit', '150000', '--region', 'us-east-1']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/provisioned per month\s*│\s*\$45,990\.00/);
    expect(run.stdout).toMatch(/assumed: Capacity of 150,000 tokens per minute/);
    expect(run.stdout).toMatch(/recommendation: provisioned/);
  });

  it('reads a traffic file and points at the bad line', async () => {
    const dir = workdir();
    writeFileSync(join(dir, 'hourly.csv'), 'timestamp,input_tokens,output_tokens\n2026-11-01T00:00:00Z,100,10\n2026-11-01T01:00:00Z,abc,10\n');
    const run = await runFrugal(['crossover', '--model', 'anthropic.claude-v2:1', '--units', '1', '--traffic', 'hourly.csv'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/hourly\.csv, line 3: input_tokens "abc" must be a number/);
    const unreadable = await runFrugal(['crossover', '--model', 'anthropic.claude-v2:1', '--units', '1', '--traffic', 'missing.csv'], { cwd: dir });
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toMatch(/missing\.csv: cannot read the traffic file/);
  });

  it('asks for --hourly-rate where AWS publishes none', async () => {
    const run = await runFrugal(['crossover', '--model', sonnet35, '--units', '1', '--utilization', '0.8', '--tokens-per-minute-per-unit', '100000']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Pass --hourly-rate/);
  });

  it('requires exactly one traffic source', async () => {
    const run = await runFrugal(['crossover', '--model', sonnet35, '--units', '1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/exactly one of --traffic/);
  });
});

describe('servers', () => {
  it('exit 2 with what to do when their port is taken', async () => {
    const { createServer } = await import('node:net');
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const { port } = busy.address() as { port: number };
    try {
      const run = await runFrugal(['emulator', '--port', String(port)]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`127.0.0.1:${port} is already in use`);
      expect(run.stderr).toContain('--port');
      expect(run.stderr).not.toContain('unexpected error');
    } finally {
      busy.close();
    }
  });
});

describe('commands', () => {
  it('lists every command in help, and suggests one for a misspelt name', async () => {
    const help = await runFrugal(['--help']);
    expect(help.code).toBe(0);
    for (const name of ['prices', 'estimate', 'crossover', 'emulator', 'ingest', 'bench', 'batch', 'cache', 'route', 'dashboard', 'review', 'report', 'check', 'gateway']) {
      expect(help.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    }
    const typo = await runFrugal(['ingets']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/Did you mean ingest\?/);
  });

  it('lists each command in root help as the command itself declares it', async () => {
    const io = { stdout: () => undefined, stderr: () => undefined, cwd: process.cwd(), env: {} };
    for (const [name, summary] of Object.entries(commandSummaries)) {
      const { program } = await createProgram(io, [name]);
      const command = program.commands.find((registered) => registered.name() === name);
      expect(command, name).toBeDefined();
      expect({ term: program.createHelp().subcommandTerm(command as NonNullable<typeof command>), description: command?.description() }).toEqual(summary);
    }
  });

  it('prints root help without loading any command', () => {
    // In a process of its own: DuckDB and the AWS SDK load through Node's CommonJS loader, whose cache tells.
    const script = `
      import { createRequire } from 'node:module';
      const { runCli } = await import(${JSON.stringify(new URL('./run-cli.ts', import.meta.url).href)});
      let stdout = '';
      const code = await runCli(['--help'], { stdout: (text) => { stdout += text; }, stderr: () => {}, cwd: process.cwd(), env: process.env });
      const loaded = Object.keys(createRequire(import.meta.url).cache).filter((path) => /@duckdb|@aws-sdk/.test(path));
      console.log(JSON.stringify({ code, lists: stdout.includes('ingest [options] <sources...>'), loaded: loaded.length }));`;
    expect(runModuleScript(script)).toEqual({ code: 0, lists: true, loaded: 0 });
  });

  it('shows a command\'s own help for help COMMAND', async () => {
    const run = await runFrugal(['help', 'ingest']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: frugal ingest \[options\] <sources\.\.\.>/);
    expect(run.stdout).toContain('--reread');
  });

  it('runs the command named after root options and their values', async () => {
    const run = await runFrugal(['--config', 'prices', 'estimate', '--help'], { cwd: workdir() });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: frugal estimate/);
  });
});
