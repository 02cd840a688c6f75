import { buildLineChartSpec, type ChartSpec } from '../../charts/index.js';
import type { RouteEvalReport } from './evaluate-router-on-data.js';

/**
 * The evaluation as a chart: for two tiers RouteLLM's PGR curve (performance gap recovered against
 * the share of calls sent to the strong model) for our router and the references; for more tiers
 * the cost-quality hulls beside the zero router (mixing single models).
 */
export function buildRouteChartSpec(report: RouteEvalReport): ChartSpec {
  return withLongLegend(buildSpec(report));
}

/** Series names carry their AIQ/APGR; the default 160 px legend would cut them off. */
function withLongLegend(spec: ChartSpec): ChartSpec {
  const encoding = (spec as { encoding?: { color?: Record<string, unknown> } }).encoding;
  if (encoding?.color !== undefined) encoding.color['legend'] = { labelLimit: 320 };
  return spec;
}

function buildSpec(report: RouteEvalReport): ChartSpec {
  if (report.pair !== undefined) {
    const { weak, strong } = report.pair;
    return buildLineChartSpec({
      title: 'Quality gap recovered vs strong-model calls',
      subtitle: `${weak} → ${strong}, ${report.data.rows} prompts; APGR is the area under each curve`,
      points: report.pair.routers.flatMap((router) =>
        router.summary.points.map((point) => ({ x: point.strongShare, y: point.pgr, series: `${router.summary.name} (APGR ${router.summary.apgr.toFixed(2)})` })),
      ),
      x: { title: 'Calls sent to the strong model', unit: 'share of requests', format: '.0%', domain: [0, 1] },
      y: { title: 'Performance gap recovered', unit: 'PGR, 1 = strong model', format: '.2f' },
    });
  }
  const multi = report.multi;
  if (multi === undefined) throw new Error('nothing to chart');
  const points = [
    ...multi.zeroRouter.hull.map((point) => ({ x: point.cost, y: point.quality, series: `zero router (AIQ ${multi.zeroRouter.aiq.toFixed(3)})` })),
    ...multi.routers.flatMap((router) => router.hull.map((point) => ({ x: point.cost, y: point.quality, series: `${router.name} (AIQ ${router.aiq.toFixed(3)})` }))),
    { x: multi.oracle.cost, y: multi.oracle.quality, series: 'oracle' },
  ];
  return buildLineChartSpec({
    title: 'Cost vs quality: router hulls and the zero router',
    subtitle: `${report.ladder.join(' → ')}, ${report.data.rows} prompts`,
    points,
    x: { title: 'Mean cost per request', unit: 'USD', format: '$.3~g' },
    y: { title: 'Mean quality', unit: 'score 0..1', format: '.2f' },
  });
}
