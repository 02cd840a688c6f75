import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { renderSvg } from '../../charts/index.js';
import { InvalidArgumentError } from '../../core/index.js';
import { defaultLedgerPath, isPostgresUrl, openLedger } from '../../ledger/index.js';
import { type ReportView, buildReportCharts, buildReportTables, buildSpendReport, defaultViewWindows, renderReportHtml, reportViews } from '../../report/index.js';
import type { CommandContext } from '../create-program.js';
import { formatJson, formatTable } from '../format-table.js';
import { commandSummaries } from '../command-summaries.js';

interface ReportOptions {
  ledger: string;
  since?: string;
  until?: string;
  out?: string;
  json?: boolean;
}

export function registerReportCommand(program: Command, context: CommandContext): void {
  program
    .command('report')
    .description(commandSummaries.report.description)
    .argument('[view]', `one of ${reportViews.join(', ')} (default: all)`)
    .option('--ledger <path-or-url>', `DuckDB file or postgres://... (default ./${defaultLedgerPath})`, defaultLedgerPath)
    .option('--since <when>', `one window for every view: 30d, 2w, 48h back from the ledger's latest day, or an ISO date (default per view: ${reportViews.map((view) => `${view} ${defaultViewWindows[view]}`).join(', ')})`)
    .option('--until <when>', 'window end (exclusive), an ISO date; default the end of the ledger\'s latest day')
    .option('--out <dir>', 'write report.html (self-contained), report.json and one .svg per chart into this folder')
    .option('--json', 'print the report as JSON')
    .action(async (view: string | undefined, options: ReportOptions) => {
      const { io } = context;
      if (view !== undefined && !(reportViews as readonly string[]).includes(view)) throw new InvalidArgumentError('view', `The view must be one of ${reportViews.join(', ')}, got "${view}".`);
      if (!isPostgresUrl(options.ledger) && options.ledger !== ':memory:' && !existsSync(resolve(io.cwd, options.ledger))) {
        throw new InvalidArgumentError('--ledger', `No ledger at ${options.ledger}. Read usage into one first (frugal ingest ...), or make the sample one: frugal review --sample.`);
      }
      const ledger = await openLedger(options.ledger, { cwd: io.cwd });
      let report;
      try {
        report = await buildSpendReport(ledger, { ...(view !== undefined && { views: [view as ReportView] }), ...(options.since !== undefined && { since: options.since }), ...(options.until !== undefined && { until: options.until }) });
      } finally {
        await ledger.close();
      }
      const tables = buildReportTables(report);
      if (options.out !== undefined) {
        const dir = resolve(io.cwd, options.out);
        await mkdir(dir, { recursive: true });
        const charts = await Promise.all(buildReportCharts(report).map(async (chart) => ({ ...chart, svg: await renderSvg(chart.spec) })));
        for (const chart of charts) await writeFile(join(dir, `${chart.name}.svg`), chart.svg);
        await writeFile(join(dir, 'report.html'), renderReportHtml(report, tables, charts));
        await writeFile(join(dir, 'report.json'), formatJson(report));
        if (options.json !== true) io.stdout(`Wrote ${join(dir, 'report.html')}, report.json and ${charts.length} SVG charts.\n\n`);
      }
      if (options.json === true) {
        io.stdout(formatJson(report));
        return;
      }
      if (report.sample !== null) io.stdout(`${report.sample}\n\n`);
      for (const table of tables) {
        io.stdout(`${table.title}\n`);
        io.stdout(table.rows.length === 0 ? '(no rows)\n\n' : `${formatTable(table.head, table.rows, table.head.map((_, index) => (table.numeric.includes(index) ? 'right' : 'left')))}\n`);
      }
      for (const note of report.notes) io.stdout(`note: ${note}\n`);
    });
}
