import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { type CommitmentTerm, commitmentTerms, formatUsd, InvalidArgumentError, ParseError } from '../../core/index.js';
import { type CrossoverInput, computeCrossover, parseTrafficCsv } from '../../pricing/index.js';
import type { CommandContext } from '../create-program.js';
import { formatJson, formatTable } from '../format-table.js';
import { parseChoice, parseCount, parseFraction, parsePositiveNumber } from '../parse-options.js';
import { commandSummaries } from '../command-summaries.js';

interface CrossoverOptions {
  model: string;
  units: number;
  term: CommitmentTerm;
  region?: string;
  hourlyRate?: number;
  traffic?: string;
  utilization?: number;
  tokensPerMinutePerUnit?: number;
  outputShare?: number;
  json?: boolean;
}

const percent = (value: number | null | undefined): string => (value === null || value === undefined ? 'unknown' : `${(value * 100).toFixed(1)}%`);

async function readTraffic(path: string, cwd: string): Promise<CrossoverInput['traffic']> {
  const file = resolve(cwd, path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ParseError(`cannot read the traffic file: ${(error as Error).message}`, { file: path }, { cause: error });
  }
  return parseTrafficCsv(text, path);
}

export function registerCrossoverCommand(program: Command, context: CommandContext): void {
  program
    .command('crossover')
    .description(commandSummaries.crossover.description)
    .requiredOption('--model <id>', 'model id in any form')
    .requiredOption('--units <n>', 'model units to provision', parseCount('--units'))
    .option('--term <term>', `commitment: ${commitmentTerms.join(', ')}`, parseChoice('--term', commitmentTerms), '1m')
    .option('--region <region>', 'AWS Region (default: the catalog default, us-east-1)')
    .option('--hourly-rate <usd>', 'USD per model unit per hour, where AWS publishes none or yours differs', parsePositiveNumber('--hourly-rate'))
    .option('--traffic <file.csv>', 'observed traffic: timestamp,input_tokens,output_tokens (or timestamp,utilization) per period')
    .option('--utilization <u>', 'a steady utilisation of the units, 0..1 or a percentage', parseFraction('--utilization'))
    .option('--tokens-per-minute-per-unit <n>', 'capacity of one model unit (input+output tokens per minute)', parsePositiveNumber('--tokens-per-minute-per-unit'))
    .option('--output-share <s>', 'share of tokens that are output when traffic is given as utilisation (default 0.2)', parseFraction('--output-share'))
    .option('--json', 'machine-readable output')
    .action(async (options: CrossoverOptions) => {
      if ((options.traffic === undefined) === (options.utilization === undefined)) {
        throw new InvalidArgumentError('--traffic', 'Give exactly one of --traffic <file.csv> or --utilization <u>.');
      }
      const pricing = await context.loadPricing();
      const traffic = options.traffic !== undefined ? await readTraffic(options.traffic, context.io.cwd) : { utilization: options.utilization as number };
      const result = computeCrossover(
        {
          model: options.model,
          units: options.units,
          term: options.term,
          traffic,
          ...(options.region !== undefined && { region: options.region }),
          ...(options.hourlyRate !== undefined && { hourlyRate: options.hourlyRate }),
          ...(options.tokensPerMinutePerUnit !== undefined && { tokensPerMinutePerUnit: options.tokensPerMinutePerUnit }),
          ...(options.outputShare !== undefined && { outputShare: options.outputShare }),
        },
        pricing,
      );
      if (options.json === true) {
        context.io.stdout(formatJson(result));
        return;
      }
      const { io } = context;
      io.stdout(`${result.modelName} (${result.modelId}) in ${result.region}: ${result.units} model unit(s), ${result.term} commitment\n`);
      const rows: string[][] = [
        ['on-demand per month', formatUsd(result.onDemandMonthly)],
        ['provisioned per month', `${formatUsd(result.provisionedMonthly)} (${result.units} × $${result.hourlyRate}/h × ${result.hoursPerMonth} h)`],
        ['break-even utilisation', percent(result.breakEvenUtilization)],
      ];
      if (result.utilization !== null) {
        const stats = result.utilization;
        rows.push(['sustained utilisation (p50)', percent(stats.sustained)]);
        rows.push(['p10 / p90 / mean / peak', `${percent(stats.p10)} / ${percent(stats.p90)} / ${percent(stats.mean)} / ${percent(stats.peak)}`]);
      }
      io.stdout(formatTable([], rows, ['left', 'right']));
      io.stdout(`recommendation: ${result.recommendation}. ${result.reason}\n`);
      for (const assumption of result.assumptions) io.stdout(`assumed: ${assumption}\n`);
      for (const warning of result.warnings) io.stdout(`note: ${warning}\n`);
      io.stdout(`Hourly rate: ${result.hourlyRateSource} · catalog ${result.priceVersion}\n`);
    });
}
