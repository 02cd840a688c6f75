import { formatUsd } from '../../core/index.js';
import type { PairRouterSummary } from './summarize-pair-curve.js';
import type { RouteEvalReport } from './evaluate-router-on-data.js';

/** A table for people, independent of how the CLI draws it. */
export interface ReportTable {
  title: string;
  head: string[];
  rows: string[][];
  /** Columns after the first are right-aligned numbers. */
  numeric: boolean;
}

const pct = (value: number | null | undefined, digits = 1): string => (value === null || value === undefined || Number.isNaN(value) ? '—' : `${(value * 100).toFixed(digits)}%`);
const num = (value: number, digits = 3): string => value.toFixed(digits);
const usd = (value: number | null): string => (value === null ? '—' : formatUsd(value, { precise: true }));

export function pairSummaryRow(summary: PairRouterSummary): string[] {
  return [summary.name, num(summary.apgr), pct(summary.cpt50), pct(summary.cpt80), summary.note ?? ''];
}

/** The evaluation as tables and plain sentences (the CLI prints them; `--json` prints the report). */
export function describeRouteEval(report: RouteEvalReport): { tables: ReportTable[]; lines: string[] } {
  const tables: ReportTable[] = [];
  const lines: string[] = [`${report.data.rows} prompts from ${report.data.sources.length} file(s); ladder ${report.ladder.join(' → ')}`, ...report.data.notes.map((note) => `note: ${note}`)];
  if (report.pair !== undefined) {
    const { pair } = report;
    lines.push(`${pair.weak}: quality ${pct(pair.weakQuality, 2)}; ${pair.strong}: ${pct(pair.strongQuality, 2)}`);
    tables.push({ title: 'RouteLLM metrics (10 quantile bins, 11 points)', head: ['router', 'APGR', 'CPT(50%)', 'CPT(80%)', 'note'], rows: pair.routers.map((router) => pairSummaryRow(router.summary)), numeric: true });
    const ours = pair.routers[0];
    if (ours !== undefined) {
      tables.push({
        title: `${ours.summary.name}: PGR curve`,
        head: ['strong calls', 'quality', 'PGR'],
        rows: ours.summary.points.map((point) => [pct(point.strongShare), pct(point.quality, 2), num(point.pgr)]),
        numeric: true,
      });
      const point = ours.operatingPoint;
      if (point !== undefined) {
        tables.push({
          title: 'At the router\'s threshold',
          head: ['measure', 'value'],
          rows: [
            ['threshold', Number.isFinite(point.threshold) ? num(point.threshold, 4) : String(point.threshold)],
            ['strong-model calls', pct(point.strongShare)],
            ['quality', `${pct(point.quality, 2)} (strong alone ${pct(pair.strongQuality, 2)})`],
            ['quality lost vs always-strong', `${(point.qualityLost * 100).toFixed(2)} points`],
            ['gap recovered (PGR)', num(point.pgr)],
            ['routing accuracy', pct(point.routingAccuracy)],
            ['cost per request', point.costBasis === 'usd' ? `${usd(point.costPerRequest)} vs ${usd(point.alwaysStrongCostPerRequest)} always-strong` : 'no costs in the data'],
            ['cost saved vs always-strong', `${pct(point.costSaved)}${point.costBasis === 'usd' ? '' : ' (by strong-call share; weak calls taken as free)'}`],
          ],
          numeric: false,
        });
      }
    }
  }
  if (report.multi !== undefined) {
    const { multi } = report;
    tables.push({ title: 'Single models', head: ['model', 'cost / request', 'quality'], rows: multi.models.map((model) => [model.model, usd(model.cost), pct(model.quality, 2)]), numeric: true });
    tables.push({
      title: 'Routers (AIQ: area under the cost-quality hull over the cost range)',
      head: ['router', 'AIQ', 'vs zero router', 'quality gain at best-single cost', 'cost to match best single'],
      rows: [
        ['zero router (mix single models)', num(multi.zeroRouter.aiq, 4), '', '', ''],
        ...multi.routers.map((router) => [
          router.name,
          num(router.aiq, 4),
          `${router.gapToZeroRouter >= 0 ? '+' : ''}${num(router.gapToZeroRouter, 4)}`,
          router.qualityGainAtBestSingleCost === null ? '—' : `${(router.qualityGainAtBestSingleCost * 100).toFixed(2)} points`,
          router.costRatioAtBestSingleQuality === null ? 'never reaches it' : pct(router.costRatioAtBestSingleQuality),
        ]),
        ['oracle (knows every answer)', '', '', `${usd(multi.oracle.cost)} at ${pct(multi.oracle.quality, 2)}`, ''],
      ],
      numeric: true,
    });
  }
  if (report.cascade !== undefined) {
    const cascade = report.cascade;
    tables.push({
      title: `Cascade replay on recorded cheap answers (validators: ${cascade.validators.join(', ')})`,
      head: ['measure', 'value'],
      rows: [
        ['escalation rate', pct(cascade.escalationRate)],
        ['false accepts: bad answers let through', pct(cascade.falseAcceptRate)],
        ['false rejects: good answers escalated', pct(cascade.falseRejectRate)],
        ['quality', `${pct(cascade.quality, 2)} (PGR ${num(cascade.pgr)})`],
        ['calls per request', num(cascade.callsPerRequest, 2)],
        ['cost per request', cascade.costPerRequest === null ? 'no costs in the data' : `${usd(cascade.costPerRequest)} vs ${usd(cascade.alwaysStrongCostPerRequest)} always-strong`],
        ['failures by kind', Object.entries(cascade.byFailure).map(([kind, count]) => `${kind} ${count}`).join(', ') || 'none'],
      ],
      numeric: false,
    });
  }
  lines.push(`decision latency: p50 ${report.latencyUs.p50.toFixed(1)} µs, p99 ${report.latencyUs.p99.toFixed(1)} µs over ${report.latencyUs.samples} decisions (each timed once inside the evaluation; npm run bench:route measures a running service)`);
  lines.push(...report.findings, ...report.warnings.map((warning) => `warning: ${warning}`));
  return { tables, lines };
}
