import { formatUsd } from '../core/index.js';
import { escapeHtml, renderHtmlFigure, renderHtmlPage, renderHtmlTable } from '../report/index.js';
import { describeReviewHeadline } from './render-review-markdown.js';
import type { Finding, ReviewReport } from './review-report-schema.js';

const usd = (value: number): string => formatUsd(value, { cents: true });

function renderFinding(finding: Finding, index: number): string {
  const evidence = finding.evidence;
  return [
    `<h3 id="${escapeHtml(finding.id)}">${index}. ${escapeHtml(finding.title)}</h3>`,
    `<p><strong>Saves ${escapeHtml(usd(finding.plannedSaving))} in the plan</strong> (${escapeHtml(usd(finding.saving))} on its own) on ${escapeHtml(usd(finding.affectedSpend))} of spend. <span class="badge ${finding.confidence}">${finding.confidence} confidence</span> ${escapeHtml(finding.confidenceReason)}.</p>`,
    `<p>${escapeHtml(finding.action)}</p>`,
    finding.command === undefined ? '' : `<pre>${escapeHtml(finding.command)}</pre>`,
    '<dl>',
    `<dt>calls</dt><dd>${escapeHtml(`${evidence.requests.toLocaleString('en-US')} of ${evidence.tasks.join(', ')} on ${evidence.models.join(', ')} from ${evidence.callers.join(', ')}`)}</dd>`,
    ...evidence.facts.map((fact) => `<dt>${escapeHtml(fact.label)}</dt><dd>${escapeHtml(fact.value)}</dd>`),
    evidence.exampleRequestIds.length === 0 ? '' : `<dt>example requests</dt><dd>${evidence.exampleRequestIds.map((id) => `<code>${escapeHtml(id)}</code>`).join(' ')}</dd>`,
    `<dt>ledger rows</dt><dd><code>${escapeHtml(JSON.stringify(evidence.filter))}</code></dd>`,
    ...finding.warnings.map((warning) => `<dt>note</dt><dd>${escapeHtml(warning)}</dd>`),
    '</dl>',
  ].join('\n');
}

/** report.html: the Markdown report's content with the charts inline as SVG; one file, no scripts. */
export function renderReviewHtml(report: ReviewReport, charts: readonly { title: string; svg: string }[]): string {
  const body: string[] = [
    '<h1>frugal review</h1>',
    `<p><strong>${escapeHtml(describeReviewHeadline(report))}.</strong></p>`,
    `<p class="note">Ledger <code>${escapeHtml(report.ledger)}</code>; ${report.spend.requests.toLocaleString('en-US')} calls costing ${escapeHtml(usd(report.spend.total))}${report.spend.provisioned > 0 ? `, plus ${escapeHtml(usd(report.spend.provisioned))} of provisioned throughput` : ''}; prices from catalog ${escapeHtml(report.priceVersion)}; generated ${escapeHtml(report.generatedAt)}.</p>`,
    '<h2>The plan</h2>',
    '<p>Levers in compounding order: each is priced on the spend the levers before it left, so no dollar is saved twice.</p>',
    renderHtmlTable({
      head: ['lever', 'before', 'saving', 'after', 'changes'],
      rows: [...report.plan.steps.map((step) => [step.title, usd(step.before), usd(step.saving), usd(step.after), String(step.findings)]), ['total', usd(report.plan.before), usd(report.plan.saving), usd(report.plan.after), '']],
      numeric: [1, 2, 3, 4],
    }),
    `<div class="charts">${charts.map((chart) => renderHtmlFigure(chart.title, chart.svg)).join('\n')}</div>`,
    '<h2>Spend by task</h2>',
    renderHtmlTable({ head: ['task', 'calls', 'cost', 'models'], rows: report.spend.byTask.map((task) => [task.task, task.requests.toLocaleString('en-US'), usd(task.cost), task.models.map((model) => model.modelId).join(', ')]), numeric: [1, 2] }),
  ];
  let index = 0;
  for (const lever of report.levers) {
    body.push(`<h2>${escapeHtml(lever.title)}</h2>`, `<p>${escapeHtml(lever.summary)}</p>`);
    for (const finding of lever.findings) {
      index += 1;
      body.push(renderFinding(finding, index));
    }
    if (lever.notes.length > 0) body.push(`<ul class="note">${lever.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul>`);
  }
  if (report.notes.length > 0) body.push('<h2>Notes</h2>', `<ul class="note">${report.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul>`);
  return renderHtmlPage({ title: `frugal review${report.sample === null ? '' : ' (sample data)'}`, ...(report.sample !== null && { banner: report.sample }), body: body.join('\n') });
}
