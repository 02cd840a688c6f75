import { formatUsd } from '../../core/index.js';
import type { BenchAnalysis } from '../analysis/analyze-bench.js';
import type { BenchHeader } from '../run/bench-row.js';
import type { BenchCostEstimate } from '../run/estimate-bench-cost.js';
import { buildEstimateTable, buildFrontierTable, buildSummaryTable, buildVerdictTable, type TextTable } from './build-bench-tables.js';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function renderTable(table: TextTable): string {
  const cell = (text: string, index: number, tag: 'td' | 'th'): string => `<${tag}${table.numeric.includes(index) ? ' class="num"' : ''}>${escapeHtml(text)}</${tag}>`;
  return [
    `<h2>${escapeHtml(table.title)}</h2>`,
    '<div class="scroll"><table>',
    `<thead><tr>${table.head.map((head, index) => cell(head, index, 'th')).join('')}</tr></thead>`,
    `<tbody>${table.rows.map((row) => `<tr>${row.map((text, index) => cell(text, index, 'td')).join('')}</tr>`).join('\n')}</tbody>`,
    '</table></div>',
  ].join('\n');
}

const verdictClass: Record<string, string> = { 'clearly fine': 'fine', 'clearly worse': 'worse', 'needs more examples': 'more' };

export interface ReportInput {
  header: BenchHeader;
  analysis: BenchAnalysis;
  charts: { title: string; svg: string }[];
  estimate?: BenchCostEstimate;
  warnings: string[];
  simulated: boolean;
  generatedAt: string;
}

/**
 * report.html: one self-contained file (inline CSS and SVG, no scripts, no CDN), so it opens
 * offline, attaches to a ticket and survives being mailed around.
 */
export function renderBenchReport(input: ReportInput): string {
  const { header, analysis } = input;
  const settings = header.settings;
  const candidates = analysis.candidates
    .map((candidate) => `<li><span class="badge ${verdictClass[candidate.verdict] ?? ''}">${escapeHtml(candidate.verdict)}</span> ${escapeHtml(candidate.model)}</li>`)
    .join('\n');
  const facts = [
    ['suite', `${header.suite.name}${header.suite.file === null ? '' : ` (${header.suite.file})`}`],
    ['models', settings.models.join(', ')],
    ['current model', settings.baseline ?? 'none'],
    ['judge', settings.judges.length === 0 ? 'none' : `${settings.judges.join(', ')}${settings.judgeRepeats > 1 ? ` × ${settings.judgeRepeats} repeats` : ''}`],
    ['region', settings.region],
    ['endpoint', settings.endpoint ?? 'Amazon Bedrock (default credential chain)'],
    ['repeats / limit / concurrency', `${settings.repeats} / ${settings.limit ?? 'all'} / ${settings.concurrency} per model`],
    ['price catalog', header.catalogVersion],
    ['frugal', header.toolVersion],
    ['started', header.createdAt],
    ['report generated', input.generatedAt],
  ];
  const totalCost = analysis.summaries.reduce<number | null>((sum, summary) => (sum === null || summary.cost.total === null ? null : sum + summary.cost.total), 0);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>frugal bench: ${escapeHtml(header.suite.name)}</title>
<style>
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 2rem auto; max-width: 1200px; padding: 0 1rem; color: #1a1a1a; line-height: 1.45; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; font-size: 0.85rem; } th, td { border-bottom: 1px solid #ddd; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.scroll { overflow-x: auto; } .charts { display: flex; flex-wrap: wrap; gap: 1.5rem; } figure { margin: 0; }
.badge { display: inline-block; padding: 0 0.5rem; border-radius: 0.6rem; font-size: 0.8rem; color: white; }
.fine { background: #009E73; } .worse { background: #D55E00; } .more { background: #0072B2; }
.warn { background: #fff4e0; border-left: 4px solid #E69F00; padding: 0.5rem 1rem; }
dl { display: grid; grid-template-columns: max-content auto; gap: 0.1rem 1rem; font-size: 0.9rem; } dt { font-weight: bold; }
</style>
</head>
<body>
<h1>frugal bench: ${escapeHtml(header.suite.name)}</h1>
${input.simulated ? '<p class="warn"><strong>Simulated models.</strong> This run used <code>frugal emulator</code>: answers, accuracies and latencies are declared behaviours, not measurements of real models. Use it to check the pipeline; decide on a run against Amazon Bedrock.</p>' : ''}
<p>Total spend of the rows below: <strong>${escapeHtml(formatUsd(totalCost))}</strong>${input.estimate === undefined ? '' : ` (estimated before the run: ${escapeHtml(formatUsd(input.estimate.total))}, at most ${escapeHtml(formatUsd(input.estimate.maxTotal))})`}.</p>
<h2>Candidates</h2>
<ul>${candidates || '<li>No verdicts: the current model has no results.</li>'}</ul>
${renderTable(buildVerdictTable(analysis))}
${renderTable(buildFrontierTable(analysis))}
<h2>Charts</h2>
<div class="charts">
${input.charts.map((chart) => `<figure aria-label="${escapeHtml(chart.title)}">${chart.svg}</figure>`).join('\n')}
</div>
${renderTable(buildSummaryTable(analysis))}
${input.estimate === undefined ? '' : renderTable(buildEstimateTable(input.estimate))}
<h2>How to read this</h2>
<ul>
<li>Quality is the mean of each row's scorer values (0–1), averaged over repeats per example; the interval is a 95% percentile bootstrap over examples (seed ${analysis.seed}).</li>
<li>Cost per task is one call plus its judging, from the reported token usage and the price catalog; unknown prices are shown as unknown, never as $0. The frontier uses generation cost only.</li>
<li>Verdicts compare each candidate with the current model on the examples both answered (paired): "clearly fine" when the 95% CI of the quality difference stays above −${(analysis.margin * 100).toFixed(1)} points, "clearly worse" when it lies entirely below, otherwise "needs more examples" with the estimated number that would settle it.</li>
</ul>
${[...analysis.notes, ...input.warnings].length === 0 ? '' : `<h2>Notes</h2><ul>${[...analysis.notes, ...input.warnings].map((note) => `<li>${escapeHtml(note)}</li>`).join('\n')}</ul>`}
<h2>Run</h2>
<dl>${facts.map(([key, value]) => `<dt>${escapeHtml(key as string)}</dt><dd>${escapeHtml(value as string)}</dd>`).join('')}</dl>
</body>
</html>
`;
}
