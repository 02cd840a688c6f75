import type { Command } from 'commander';
import { normalizeModelId } from '../../core/index.js';
import type { PricedModel, PricingCatalog } from '../../pricing/index.js';
import type { CommandContext } from '../create-program.js';
import { formatJson, formatTable } from '../format-table.js';
import { registerPricesUpdateCommand } from './prices-update-command.js';
import { commandSummaries } from '../command-summaries.js';

interface PricesOptions {
  model?: string;
  region?: string;
  json?: boolean;
}

function selectModels(pricing: PricingCatalog, modelId: string | undefined): PricedModel[] {
  if (modelId === undefined) {
    return pricing.catalog.models.map((entry) => pricing.model(entry.id)).filter((priced) => priced !== undefined);
  }
  const result = normalizeModelId(modelId, pricing.registry);
  if (!result.ok) throw result.error;
  const priced = pricing.model(result.model.id);
  return priced ? [priced] : [];
}

const price = (value: number | undefined): string => (value === undefined ? '-' : `$${value}`);

export function registerPricesCommand(program: Command, context: CommandContext): Command {
  const command = program
    .command('prices')
    .description(commandSummaries.prices.description)
    .option('--model <id>', 'one model, in any id form (bare, us./global. profile, ARN, bedrock/...)')
    .option('--region <region>', 'only prices sold in this AWS Region')
    .option('--json', 'machine-readable output')
    .action(async (options: PricesOptions) => {
      const pricing = await context.loadPricing();
      const models = selectModels(pricing, options.model);
      const inRegion = (regions: readonly string[]): boolean =>
        options.region === undefined || regions.includes(options.region) || regions.includes('*');

      if (options.json === true) {
        const entries = models
          .map(({ entry, prices, provisioned }) => ({
            ...entry,
            prices: prices.filter((row) => inRegion(row.regions)),
            provisioned: provisioned.filter((rate) => inRegion(rate.regions)),
          }))
          .filter((entry) => entry.prices.length > 0);
        context.io.stdout(formatJson({ version: pricing.version, currency: 'USD', unit: 'USD per 1M tokens', models: entries }));
        return;
      }

      const rows: string[][] = [];
      for (const { entry, prices } of models) {
        for (const row of prices.filter((candidate) => inRegion(candidate.regions))) {
          rows.push([
            entry.id,
            entry.provider,
            row.regions.includes('*') ? 'any' : (options.region ?? row.regions.join(',')),
            row.scope,
            row.mode,
            price(row.input),
            price(row.output),
            price(row.cacheRead),
            price(row.cacheWrite5m),
            price(row.cacheWrite1h),
            row.effectiveDate,
            row.overridden ? `override: ${row.source}` : row.source,
          ]);
        }
      }
      if (rows.length === 0) {
        context.io.stderr(`No prices match${options.model === undefined ? '' : ` model ${options.model}`}${options.region === undefined ? '' : ` in ${options.region}`}.\n`);
        return;
      }
      context.io.stdout(
        formatTable(
          ['model', 'provider', 'regions', 'scope', 'mode', 'input', 'output', 'cache read', 'write 5m', 'write 1h', 'effective', 'source'],
          rows,
          ['left', 'left', 'left', 'left', 'left', 'right', 'right', 'right', 'right', 'right'],
        ),
      );
      context.io.stdout(`USD per million tokens · catalog ${pricing.version}${pricing.overridesApplied ? ' (with overrides from your config)' : ''}\n`);
      const used = new Set(models.flatMap(({ prices }) => prices.map((row) => row.source)));
      for (const source of pricing.catalog.sources.filter((entry) => used.has(entry.id))) {
        context.io.stdout(`  ${source.id}: ${source.title}${source.url === undefined ? '' : ` <${source.url}>`}\n`);
      }
    });
  registerPricesUpdateCommand(command, context);
  return command;
}
