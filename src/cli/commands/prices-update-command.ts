import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { type ReadPriceListOfferResult, fetchPriceListOffer, readPriceListOffer } from '../../catalog-update/index.js';
import { loadConfig, readCatalogFile, resolveConfigPath } from '../../config/index.js';
import { InvalidArgumentError } from '../../core/index.js';
import { type Catalog, defaultCatalog } from '../../pricing/index.js';
import { type PriceListConversionReport, convertPriceListOffer } from '../../pricing/convert-price-list-offer.js';
import type { CommandContext } from '../create-program.js';
import { formatJson, formatTable } from '../format-table.js';

interface UpdateOptions {
  from?: string;
  pricingApi?: boolean;
  region?: string;
  out?: string;
  json?: boolean;
  config?: string;
  catalog?: string;
}

export const defaultUpdateOut = 'frugal-catalog.json';
const shippedCatalog = fileURLToPath(new URL('../../pricing/data/catalog.json', import.meta.url));

/** The catalog to update: `--catalog`, else `catalog:` in frugal.yaml, else the shipped one. Overrides are not baked in. */
async function loadBaseCatalog(options: UpdateOptions, cwd: string): Promise<{ catalog: Catalog; origin: string }> {
  if (options.catalog !== undefined) {
    const path = resolve(cwd, options.catalog);
    return { catalog: await readCatalogFile(path), origin: path };
  }
  const loaded = await loadConfig({ ...(options.config !== undefined && { path: options.config }), cwd });
  if (loaded.config.catalog !== undefined) {
    const path = resolveConfigPath(loaded, loaded.config.catalog);
    return { catalog: await readCatalogFile(path), origin: path };
  }
  return { catalog: defaultCatalog(), origin: 'the shipped catalog' };
}

/** A path relative to the working directory when it is inside it, else as given. */
function showPath(path: string, cwd: string): string {
  if (/^https?:/.test(path)) return path;
  const inside = relative(cwd, path);
  return inside === '' || inside.startsWith('..') || isAbsolute(inside) ? path : inside;
}

const usd = (value: number | undefined): string => (value === undefined ? '-' : `$${value}`);

function summarise(report: PriceListConversionReport, cwd: string): string {
  const lines: string[] = [];
  const show = (path: string): string => showPath(path, cwd);
  for (const offer of report.offers) lines.push(`Read ${offer.offerCode} ${offer.version} (published ${offer.publicationDate}) from ${show(offer.origin)}`);
  lines.push('');

  const priceRows: string[][] = [];
  for (const row of report.changed) {
    for (const change of row.changes) priceRows.push(['changed', row.model, row.region, row.scope, row.mode, change.bucket, usd(change.old), usd(change.new), row.effectiveDate]);
  }
  for (const row of report.added) {
    for (const [bucket, value] of Object.entries(row.prices)) priceRows.push(['added', row.model, row.region, row.scope, row.mode, bucket, '-', usd(value), row.effectiveDate]);
  }
  if (priceRows.length === 0) lines.push('No price changes: the catalog already matches the offer.');
  else {
    lines.push(`Price changes, USD per 1M tokens (${report.changed.length} rows changed, ${report.added.length} added):`);
    lines.push(formatTable(['', 'model', 'region', 'scope', 'mode', 'bucket', 'old', 'new', 'effective'], priceRows, ['left', 'left', 'left', 'left', 'left', 'left', 'right', 'right']).trimEnd());
  }
  if (report.unchanged > 0) lines.push(`${report.unchanged} catalog price row(s) confirmed unchanged.`);

  if (report.unmatched.length > 0) {
    lines.push('', `Token SKUs not converted (${report.unmatched.length}):`);
    lines.push(formatTable(['sku', 'usage type', 'region', 'reason'], report.unmatched.map((item) => [item.sku, item.usageType, item.region ?? '-', item.reason])).trimEnd());
  }
  if (report.missingModels.length > 0) {
    lines.push('', `Models in the offer that the catalog lacks (${report.missingModels.length}); add them to the catalog, or their names to src/pricing/data/price-list-model-map.json:`);
    lines.push(
      formatTable(
        ['AWS name', 'catalog id', 'regions', 'SKUs'],
        report.missingModels.map((model) => [model.awsName, model.catalogId ?? '(not in the model map)', model.regions.join(','), String(model.skus.length)]),
        ['left', 'left', 'left', 'right'],
      ).trimEnd(),
    );
  }
  if (report.skipped.length > 0) {
    const byReason = new Map<string, number>();
    for (const item of report.skipped) byReason.set(item.reason, (byReason.get(item.reason) ?? 0) + 1);
    lines.push('', `Skipped ${report.skipped.length} SKU(s) that are not per-token prices (--json lists them):`);
    for (const [reason, count] of byReason) lines.push(`  ${count} × ${reason}`);
  }
  if (report.outsideRegions > 0) lines.push(`${report.outsideRegions} SKU(s) outside the requested Region(s) were left out.`);
  return `${lines.join('\n')}\n`;
}

export function registerPricesUpdateCommand(pricesCommand: Command, context: CommandContext): Command {
  return pricesCommand
    .command('update')
    .description('convert the AWS Price List for Amazon Bedrock into a frugal price catalog file')
    .option('--from <file|dir>', 'AWS Price List offer file (index.json) or a directory of them')
    .option('--pricing-api', 'download the current offer through the AWS Price List API (needs AWS credentials)')
    .option('--region <regions>', 'only these AWS Regions (comma-separated)')
    .option('--out <file>', `catalog file to write (default: ./${defaultUpdateOut})`)
    .option('--json', 'machine-readable report')
    .action(async (_options: UpdateOptions, command: Command) => {
      // Parent and global options (--region, --json, --catalog, --config) arrive through optsWithGlobals.
      const options = command.optsWithGlobals<UpdateOptions>();
      const { io } = context;
      if ((options.from === undefined) === (options.pricingApi !== true)) {
        throw new InvalidArgumentError(
          '--from',
          `Give exactly one of --from <offer file or directory> and --pricing-api. The offer file for all Regions is at https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonBedrock/current/index.json.`,
        );
      }
      const regions = options.region?.split(',').map((region) => region.trim()).filter((region) => region.length > 0);
      const out = resolve(io.cwd, options.out ?? defaultUpdateOut);
      if (out === shippedCatalog || out.endsWith(`${'src'}/pricing/data/catalog.json`)) {
        throw new InvalidArgumentError('--out', `--out ${out} is the catalog shipped with frugal; write the update to another file (default ./${defaultUpdateOut}).`);
      }

      const base = await loadBaseCatalog(options, io.cwd);
      let read: ReadPriceListOfferResult;
      if (options.from !== undefined) {
        read = await readPriceListOffer(resolve(io.cwd, options.from));
        if (read.offers.some((offer) => resolve(offer.origin) === out)) {
          throw new InvalidArgumentError('--out', `--out ${out} is one of the offer files being read; choose another file.`);
        }
      } else {
        read = { offers: await fetchPriceListOffer({ ...(regions?.length === 1 && { region: regions[0] }) }), ignored: [] };
      }
      const retrieved = options.pricingApi === true ? new Date().toISOString().slice(0, 10) : undefined;
      const { catalog, report } = convertPriceListOffer(read.offers, base.catalog, { ...(regions !== undefined && { regions }), ...(retrieved !== undefined && { retrieved }) });

      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, `${JSON.stringify(catalog, null, 2)}\n`, 'utf8');

      if (options.json === true) {
        io.stdout(formatJson({ out, base: base.origin, catalogVersion: catalog.version, ignoredFiles: read.ignored, ...report }));
        return;
      }
      io.stdout(summarise(report, io.cwd));
      for (const ignored of read.ignored) io.stderr(`note: ignored ${showPath(ignored.path, io.cwd)}: ${ignored.reason}\n`);
      const shown = showPath(out, io.cwd);
      io.stdout(
        `\nWrote ${shown} (catalog version ${catalog.version}, based on ${base.origin === 'the shipped catalog' ? base.origin : showPath(base.origin, io.cwd)}).\n` +
          `Use it: put \`catalog: ${shown}\` in frugal.yaml, or pass --catalog ${shown} (e.g. \`frugal --catalog ${shown} prices\`).\n`,
      );
    });
}
