import type { ReviewInsight } from '../api/dashboard-insights-schema.js';
import { evidenceDrill } from '../api/evidence-drill.js';
import { formatCell } from '../api/format-cell.js';
import { fill, h } from './dom.js';
import type { DrillHandler } from './render-panel.js';

const usd = (value: number): string => formatCell(value, 'usd');

function rowsButton(text: string, onClick: (button: HTMLButtonElement) => void): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'secondary', 'aria-describedby': 'drill-hint' }, text);
  button.addEventListener('click', () => onClick(button));
  return button;
}

/** The latest savings plan: before → after, lever by lever, and each finding with its evidence and the rows behind it. */
export function renderReview(target: HTMLElement, insight: ReviewInsight, onDrill: DrillHandler): void {
  target.setAttribute('aria-busy', String(insight.state === 'running'));
  target.dataset.state = insight.state;
  if (insight.state === 'running') return fill(target, h('p', {}, `Running frugal review on this ledger (started ${insight.startedAt.slice(11, 19)} UTC)…`));
  if (insight.state !== 'ready') return fill(target, h('p', { class: insight.state === 'failed' ? 'error' : 'empty' }, insight.message));
  const report = insight.result;
  const { plan, period } = report;
  const periodLabel = `${period.since.slice(0, 10)} to ${new Date(Date.parse(period.until) - 1).toISOString().slice(0, 10)} (UTC)`;
  const periodDrill = evidenceDrill({ since: period.since, until: period.until });
  fill(
    target,
    h(
      'p',
      { class: 'plan-total' },
      h('strong', { 'data-plan': 'saving' }, `Save ${usd(plan.saving)} of ${usd(plan.before)} (${(plan.savingShare * 100).toFixed(1)}%)`),
      ` on ${period.days} days of traffic, ${periodLabel}: ${usd(plan.before)} → ${usd(plan.after)}. `,
      rowsButton(`Show the ${report.spend.requests.toLocaleString('en-US')} requests reviewed`, (button) => onDrill(periodDrill, `Reviewed traffic, ${periodLabel}`, button)),
    ),
    h(
      'table',
      {},
      h('caption', {}, 'Savings plan, levers in the order they compound'),
      h('thead', {}, h('tr', {}, ['Lever', 'Before', 'Saving', 'After', 'Findings'].map((label) => h('th', { scope: 'col' }, label)))),
      h(
        'tbody',
        {},
        plan.steps.map((step) =>
          h('tr', {}, h('th', { scope: 'row' }, step.title), h('td', { class: 'num' }, usd(step.before)), h('td', { class: 'num' }, usd(step.saving)), h('td', { class: 'num' }, usd(step.after)), h('td', { class: 'num' }, String(step.findings))),
        ),
      ),
    ),
    report.levers
      .filter((lever) => lever.findings.length > 0)
      .map((lever) =>
        // Each lever's findings fold away: the plan table above is the overview, these are the evidence.
        h(
          'details',
          { class: 'lever' },
          h('summary', {}, `${lever.title}: ${lever.findings.length} finding${lever.findings.length === 1 ? '' : 's'}, ${usd(lever.findings.reduce((sum, finding) => sum + finding.plannedSaving, 0))} in the plan`),
          h('p', {}, lever.summary),
          lever.findings.map((finding) =>
            h(
              'article',
              { class: 'finding' },
              h('h4', {}, finding.title),
              h('p', {}, finding.action),
              h(
                'p',
                {},
                `Saves ${usd(finding.saving)} alone, ${usd(finding.plannedSaving)} in the plan, on ${usd(finding.affectedSpend)} of spend. Confidence ${finding.confidence}: ${finding.confidenceReason}`,
              ),
              finding.evidence.facts.length === 0 ? null : h('ul', { class: 'facts' }, finding.evidence.facts.map((fact) => h('li', {}, `${fact.label}: ${fact.value}`))),
              h(
                'p',
                { class: 'evidence' },
                rowsButton(`Show the ${finding.evidence.requests.toLocaleString('en-US')} requests behind it`, (button) => onDrill(evidenceDrill(finding.evidence.filter), `${lever.title}: ${finding.title}`, button)),
                ' ',
                finding.evidence.exampleRequestIds.length === 0
                  ? null
                  : rowsButton(`Show ${finding.evidence.exampleRequestIds.length} example calls`, (button) => onDrill(evidenceDrill({ sources: finding.evidence.filter.sources ?? [] }, finding.evidence.exampleRequestIds), `${finding.title}: example calls`, button)),
              ),
              finding.command === undefined ? null : h('p', {}, 'Next: ', h('code', {}, finding.command)),
              finding.warnings.length === 0 ? null : h('ul', { class: 'notes' }, finding.warnings.map((warning) => h('li', {}, warning))),
            ),
          ),
        ),
      ),
    report.notes.length === 0 ? null : h('ul', { class: 'notes' }, report.notes.map((note) => h('li', {}, note))),
  );
}
