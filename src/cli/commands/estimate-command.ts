import type { Command } from 'commander';
import { formatUsd } from '../../core/index.js';
import { describeSource, type Scenario, type Workload, estimateWorkload } from '../../pricing/index.js';
import type { CommandContext } from '../create-program.js';
import { formatJson, formatTable } from '../format-table.js';
import { parseChoice, parseCount, parseFraction } from '../parse-options.js';
import { commandSummaries } from '../command-summaries.js';

/** Commander hands the options over under the same names the library's Workload uses. */
type EstimateOptions = Workload & { json?: boolean };

const money = (value: number | null | undefined): string => (value === undefined ? '-' : formatUsd(value));
const tokens = (count: number): string => count.toLocaleString('en-US');

function scenarioRow(scenario: Scenario): string[] {
  if (!scenario.available) return [scenario.name, 'n/a', '', '', '', '', '', 'not available'];
  const { byBucket, total } = scenario.cost;
  const cacheWrite = (byBucket.cacheWrite5m ?? 0) + (byBucket.cacheWrite1h ?? 0);
  const hasCache = scenario.tokens.cacheReadTokens + scenario.tokens.cacheWrite5mTokens + scenario.tokens.cacheWrite1hTokens > 0;
  const saving =
    scenario.name === 'on-demand' || scenario.saving === null
      ? ''
      : `${formatUsd(scenario.saving)} (${((scenario.savingPercent ?? 0) * 100).toFixed(1)}%)`;
  return [
    scenario.name,
    money(byBucket.input),
    hasCache ? money(byBucket.cacheRead) : '-',
    hasCache ? money(cacheWrite) : '-',
    money(byBucket.output),
    money(total),
    saving,
    scenario.cost.pricingStatus === 'priced' ? '' : `${scenario.cost.pricingStatus}: see notes`,
  ];
}

export function registerEstimateCommand(program: Command, context: CommandContext): void {
  program
    .command('estimate')
    .description(commandSummaries.estimate.description)
    .requiredOption('--model <id>', 'model id in any form (bare, us./global. profile, ARN, bedrock/...)')
    .requiredOption('--requests <n>', 'number of requests', parseCount('--requests'))
    .requiredOption('--input-tokens <n>', 'input tokens per request (including any cached prefix)', parseCount('--input-tokens'))
    .requiredOption('--output-tokens <n>', 'output tokens per request', parseCount('--output-tokens'))
    .option('--region <region>', 'AWS Region the requests are made in (default: the catalog default, us-east-1)')
    .option('--cached-prefix-tokens <n>', 'tokens of repeated prefix per request (system prompt, tools, documents)', parseCount('--cached-prefix-tokens'))
    .option('--cache-hit-rate <h>', 'share of requests that hit the cache, 0..1 or a percentage', parseFraction('--cache-hit-rate'))
    .option('--cache-ttl <ttl>', 'cache TTL: 5m (default) or 1h where the model offers it', parseChoice('--cache-ttl', ['5m', '1h'] as const))
    .option('--json', 'machine-readable output')
    .action(async (options: EstimateOptions) => {
      const pricing = await context.loadPricing();
      const { json: _json, ...workload } = options;
      const estimate = estimateWorkload(workload, pricing);
      if (options.json === true) {
        context.io.stdout(formatJson({ ...estimate, priceVersion: pricing.version }));
        return;
      }
      const { model, region } = estimate;
      const { io } = context;
      io.stdout(`${model.name} (${model.id}) in ${region}, ${model.scope === 'in-region' ? 'in-Region' : `${model.profile ?? ''} cross-Region profile`}\n`);
      io.stdout(
        `${tokens(workload.requests)} requests × ${tokens(workload.inputTokens)} input / ${tokens(workload.outputTokens)} output tokens` +
          (workload.cachedPrefixTokens === undefined
            ? '\n'
            : `, ${tokens(workload.cachedPrefixTokens)}-token cached prefix at a ${((workload.cacheHitRate ?? 0) * 100).toFixed(1)}% hit rate\n`),
      );
      const rows = estimate.scenarios.map(scenarioRow);
      // The status column only appears when some scenario needs it.
      const showStatus = rows.some((row) => row[7] !== '');
      io.stdout(
        formatTable(
          ['scenario', 'input', 'cache read', 'cache write', 'output', 'total', 'saving', ...(showStatus ? ['status'] : [])],
          rows.map((row) => (showStatus ? row : row.slice(0, 7))),
          ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
        ),
      );
      for (const scenario of estimate.scenarios) {
        if (scenario.reason !== undefined) io.stdout(`${scenario.name}: ${scenario.reason}\n`);
      }
      for (const warning of estimate.warnings) io.stdout(`note: ${warning}\n`);
      const prices = estimate.scenarios[0]?.cost.price;
      const source = prices === undefined ? '' : `, ${describeSource(pricing.catalog, prices.source)}${prices.overridden ? ' (your override)' : ''}, effective ${prices.effectiveDate}`;
      io.stdout(`Prices: catalog ${pricing.version}${source}\n`);
    });
}
