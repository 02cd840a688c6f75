import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { convertSvgToPng, renderSvg } from '../../charts/index.js';
import type { BenchAnalysis } from '../analysis/analyze-bench.js';
import { exportBedrockEvalJobs } from '../interop/export-bedrock-eval-jobs.js';
import type { BenchHeader, BenchRow } from '../run/bench-row.js';
import type { BenchCostEstimate } from '../run/estimate-bench-cost.js';
import type { BenchSuite } from '../suite/load-suite.js';
import { buildBenchCharts } from './build-bench-charts.js';
import { convertRowsToCsv } from './convert-rows-to-csv.js';
import { renderBenchReport } from './render-bench-report.js';

export interface BenchOutputs {
  files: string[];
  warnings: string[];
}

export interface WriteOutputsInput {
  outDir: string;
  suite: BenchSuite;
  header: BenchHeader;
  rows: readonly BenchRow[];
  analysis: BenchAnalysis;
  estimate?: BenchCostEstimate;
  warnings: string[];
  simulated: boolean;
  /** Skip PNG rendering (SVG only). */
  png?: boolean;
  now?: () => Date;
}

/**
 * Everything a run leaves behind besides results.jsonl: results.csv, summary.json (settings,
 * catalog and tool version, summaries, frontiers, verdicts), charts as SVG and PNG, report.html,
 * and Bedrock evaluation datasets (bring-your-own-inference JSONL, ≤1,000 prompts, one model each).
 */
export async function writeBenchOutputs(input: WriteOutputsInput): Promise<BenchOutputs> {
  const { outDir } = input;
  const files: string[] = [];
  const write = (relative: string, content: string | Buffer): void => {
    const path = join(outDir, relative);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    files.push(path);
  };
  const generatedAt = (input.now ?? (() => new Date()))().toISOString();
  write('results.csv', convertRowsToCsv(input.rows));
  write('summary.json', `${JSON.stringify({ header: input.header, generatedAt, estimate: input.estimate ?? null, ...input.analysis, warnings: input.warnings }, null, 2)}\n`);

  const charts = [];
  for (const chart of buildBenchCharts(input.analysis, input.rows)) {
    const svg = await renderSvg(chart.spec);
    write(`charts/${chart.name}.svg`, svg);
    if (input.png !== false) write(`charts/${chart.name}.png`, convertSvgToPng(svg));
    charts.push({ title: chart.title, svg });
  }
  write('report.html', renderBenchReport({ header: input.header, analysis: input.analysis, charts, ...(input.estimate !== undefined && { estimate: input.estimate }), warnings: input.warnings, simulated: input.simulated, generatedAt }));

  const exported = exportBedrockEvalJobs(input.rows, input.suite, { judges: input.header.settings.judges });
  for (const dataset of exported.datasets) write(`bedrock-eval/${dataset.path}`, dataset.text);
  for (const job of exported.jobs) write(`bedrock-eval/${job.path}`, job.text);
  return { files, warnings: exported.warnings };
}
