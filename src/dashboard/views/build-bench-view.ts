import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { analyzeBench, buildBenchCharts, readResultsFile, resultsFileName, shortenModelIds } from '../../bench/index.js';
import type { BenchView } from '../api/dashboard-api-schema.js';
import { formatDollars } from '../api/format-cell.js';
import { chartJson } from './chart-json.js';

/** The analysis settings a run was summarised with (summary.json); the bench command's defaults otherwise. */
const summarySettingsSchema = z.looseObject({ margin: z.number().min(0).max(1).optional(), seed: z.number().int().optional() });

/** Run folders under `directory`: itself when it holds results, else its sub-folders that do. */
function findRuns(directory: string): { path: string; modified: number }[] {
  const runs: { path: string; modified: number }[] = [];
  const consider = (path: string): void => {
    const results = join(path, resultsFileName);
    if (existsSync(results)) runs.push({ path, modified: statSync(results).mtimeMs });
  };
  consider(directory);
  if (runs.length > 0) return runs;
  for (const entry of readdirSync(directory, { withFileTypes: true })) if (entry.isDirectory()) consider(join(directory, entry.name));
  return runs;
}

function readSettings(run: string): { margin: number; seed: number } {
  const path = join(run, 'summary.json');
  const defaults = { margin: 0.05, seed: 1 };
  if (!existsSync(path)) return defaults;
  try {
    const parsed = summarySettingsSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? { margin: parsed.data.margin ?? defaults.margin, seed: parsed.data.seed ?? defaults.seed } : defaults;
  } catch {
    return defaults;
  }
}

/**
 * The latest `frugal bench` run under `directory` (a run folder, or a folder of runs such as the
 * default `./frugal-bench`): its results are read and analysed with the bench's own code, and each
 * task's cost-vs-quality chart is the bench report's spec (frontier dashed, knee and current model
 * marked), so the dashboard and report.html draw the same picture.
 */
export function buildBenchView(directory: string): BenchView {
  const root = resolve(directory);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    return { available: false, directory: root, reason: `No bench results: ${root} does not exist. Run \`frugal bench SUITE.yaml\` (results go to ./frugal-bench/<suite>) or start the dashboard with --bench DIR.` };
  }
  const runs = findRuns(root).sort((a, b) => b.modified - a.modified);
  const latest = runs[0];
  if (latest === undefined) return { available: false, directory: root, reason: `No bench results in ${root}: no ${resultsFileName} in it or its sub-folders.` };
  const { header, rows, warnings } = readResultsFile(join(latest.path, resultsFileName));
  const settings = readSettings(latest.path);
  const analysis = analyzeBench(rows, { models: header.settings.models, baseline: header.settings.baseline, margin: settings.margin, seed: settings.seed });
  const charts = new Map(buildBenchCharts(analysis, rows).map((chart) => [chart.name, chart.spec]));
  const verdicts = new Map(analysis.comparisons.map((comparison) => [`${comparison.task}\u0000${comparison.candidate}`, comparison.verdict]));
  const names = shortenModelIds([...new Set(rows.map((row) => row.model))]);
  const tasks = Object.entries(analysis.frontiers).map(([task, frontier]) => {
    const onFrontier = new Set(frontier.frontier.map((point) => point.model));
    const models = analysis.summaries
      .filter((summary) => summary.task === task)
      .map((summary) => ({
        model: summary.model,
        costPerTask: summary.cost.generationMean,
        quality: summary.quality?.mean ?? null,
        qualityLow: summary.quality?.low ?? null,
        qualityHigh: summary.quality?.high ?? null,
        examples: summary.examples,
        onFrontier: onFrontier.has(summary.model),
        knee: frontier.knee?.model === summary.model,
        current: summary.model === analysis.baseline,
        verdict: verdicts.get(`${task}\u0000${summary.model}`) ?? null,
      }));
    const chart = charts.get(`${task}-cost-quality`);
    const cheapest = frontier.frontier[0];
    const best = frontier.frontier.at(-1);
    const describePoint = (point: { model: string; cost: number; quality: number }): string => `${names.get(point.model) ?? point.model} (${formatDollars(point.cost)} a task, quality ${(point.quality * 100).toFixed(0)}%)`;
    return {
      task,
      chart: chart === undefined ? null : chartJson(chart),
      summary:
        cheapest === undefined || best === undefined
          ? `${task}: no model has both a cost and a quality yet.`
          : `${task}: ${frontier.frontier.length} of ${models.length} models on the frontier, from ${describePoint(cheapest)} to ${describePoint(best)}${frontier.knee === null ? '' : `; knee at ${names.get(frontier.knee.model) ?? frontier.knee.model}`}.`,
      models,
    };
  });
  const simulated = rows.some((row) => row.simulated);
  return {
    available: true,
    directory: latest.path,
    suite: header.suite.name,
    createdAt: header.createdAt,
    simulated,
    baseline: analysis.baseline,
    tasks,
    notes: [...(simulated ? ['SIMULATED models (frugal emulator): the qualities come from declared accuracies, not from real models.'] : []), ...analysis.notes, ...warnings],
  };
}
