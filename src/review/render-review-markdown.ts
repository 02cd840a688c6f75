import { formatUsd } from '../core/index.js';
import type { Finding, ReviewReport } from './review-report-schema.js';

const usd = (value: number): string => formatUsd(value, { cents: true });
const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The title line and period, shared by the Markdown and HTML reports and the terminal. */
export function describeReviewHeadline(report: ReviewReport): string {
  return `${usd(report.plan.saving)} of ${usd(report.plan.before)} (${percent(report.plan.savingShare)}) could be saved on ${report.period.since.slice(0, 10)} to ${report.period.until.slice(0, 10)}`;
}

function renderFinding(finding: Finding, index: number): string {
  const lines = [
    `### ${index}. ${finding.title}`,
    '',
    `**Saves ${usd(finding.plannedSaving)} in the plan** (${usd(finding.saving)} on its own) on ${usd(finding.affectedSpend)} of spend. Confidence: **${finding.confidence}** (${finding.confidenceReason}).`,
    '',
    `What to change: ${finding.action}`,
    ...(finding.command === undefined ? [] : ['', '```sh', finding.command, '```']),
    '',
    'Evidence:',
    '',
    `- ${finding.evidence.requests.toLocaleString('en-US')} calls of ${finding.evidence.tasks.join(', ') || '-'} on ${finding.evidence.models.join(', ') || '-'} from ${finding.evidence.callers.join(', ') || '-'}`,
    ...finding.evidence.facts.map((fact) => `- ${fact.label}: ${fact.value}`),
    ...(finding.evidence.exampleRequestIds.length === 0 ? [] : [`- example request ids: ${finding.evidence.exampleRequestIds.map((id) => `\`${id}\``).join(', ')}`]),
    `- ledger rows: \`${JSON.stringify(finding.evidence.filter)}\``,
    ...finding.warnings.map((warning) => `- note: ${warning}`),
  ];
  return lines.join('\n');
}

/** report.md: the plan, then every lever with its findings and the evidence behind each number. */
export function renderReviewMarkdown(report: ReviewReport): string {
  const out: string[] = [];
  out.push('# frugal review');
  if (report.sample !== null) out.push('', `> **${report.sample}**`);
  out.push(
    '',
    `**${describeReviewHeadline(report)}.**`,
    '',
    `Ledger \`${report.ledger}\`; ${report.spend.requests.toLocaleString('en-US')} calls costing ${usd(report.spend.total)}${report.spend.provisioned > 0 ? `, plus ${usd(report.spend.provisioned)} of provisioned throughput` : ''}; prices from catalog ${report.priceVersion}; generated ${report.generatedAt}.`,
    '',
    '## The plan',
    '',
    'Levers in compounding order: each is priced on the spend the levers before it left, so no dollar is saved twice.',
    '',
    '| lever | before | saving | after | changes |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...report.plan.steps.map((step) => `| ${step.title} | ${usd(step.before)} | ${usd(step.saving)} | ${usd(step.after)} | ${step.findings} |`),
    `| **total** | **${usd(report.plan.before)}** | **${usd(report.plan.saving)}** | **${usd(report.plan.after)}** | |`,
    '',
    '## Spend by task',
    '',
    '| task | calls | cost | models |',
    '| --- | ---: | ---: | --- |',
    ...report.spend.byTask.map((task) => `| ${cell(task.task)} | ${task.requests.toLocaleString('en-US')} | ${usd(task.cost)} | ${cell(task.models.map((model) => model.modelId).join(', '))} |`),
  );
  let index = 0;
  for (const lever of report.levers) {
    out.push('', `## ${lever.title}`, '', lever.summary);
    for (const finding of lever.findings) {
      index += 1;
      out.push('', renderFinding(finding, index));
    }
    if (lever.notes.length > 0) out.push('', ...lever.notes.map((note) => `- ${note}`));
  }
  if (report.notes.length > 0) out.push('', '## Notes', '', ...report.notes.map((note) => `- ${note}`));
  return `${out.join('\n')}\n`;
}
