import { InvalidArgumentError } from '../../core/index.js';
import { compileRouteClassifier } from '../classifier/compile-route-classifier.js';
import { signalsOfRow } from '../classifier/train-route-classifier.js';
import { createValidators, type ValidatorSpec } from '../cascade/create-validators.js';
import { createRouter, type RouterConfig } from '../create-router.js';
import { promptRequest } from '../extract-route-signals.js';
import type { OutcomeDataset, OutcomeRow } from '../outcomes/outcome-dataset.js';
import type { PairOutcome } from './compute-pgr-curve.js';
import { computePercentile } from './compute-percentile.js';
import { quantileEdges } from './compute-pgr-curve.js';
import { type CascadeEvaluation, evaluateCascade } from './evaluate-cascade.js';
import { type MultiTierEvaluation, type MultiTierRouter, evaluateMultiTier } from './evaluate-multi-tier.js';
import { evaluateOracleRouter } from './evaluate-oracle-router.js';
import { type PairRouterEvaluation, type PricedPairOutcome, evaluatePairRouter } from './evaluate-pair-router.js';
import { evaluateRandomRouter } from './evaluate-random-router.js';
import { computePgrCurve } from './compute-pgr-curve.js';
import { summarizePairCurve } from './summarize-pair-curve.js';

export interface RouteEvalOptions {
  /** USD per call per model, where the data has no costs (e.g. from the catalog or a bench run). */
  costs?: Readonly<Record<string, number>>;
  /** Replay a cascade from the cheapest to the top tier on the recorded cheap answers. */
  cascade?: ValidatorSpec;
  /** Seeds for the random router. */
  seeds?: number;
}

export interface RouteEvalReport {
  data: { sources: string[]; rows: number; models: string[]; notes: string[] };
  ladder: string[];
  /** Two tiers: RouteLLM's metrics for the router and the reference routers. */
  pair?: { weak: string; strong: string; weakQuality: number; strongQuality: number; routers: PairRouterEvaluation[] };
  /** Three or more tiers: cost-quality points, hulls and AIQ. */
  multi?: MultiTierEvaluation;
  cascade?: CascadeEvaluation & { validators: string[] };
  /** Decision latency of the whole `route()` call, µs. */
  latencyUs: { p50: number; p99: number; samples: number };
  findings: string[];
  warnings: string[];
}

function dataModel(data: OutcomeDataset, modelId: string): string {
  const found = data.models.find((model) => model.toLowerCase() === modelId.toLowerCase());
  if (found === undefined) {
    throw new InvalidArgumentError('data', `The router's tier model ${modelId} has no outcomes in the data (models there: ${data.models.join(', ')}). Evaluate on data that scores the router's models.`);
  }
  return found;
}

function costOf(row: OutcomeRow, model: string, options: RouteEvalOptions): number | undefined {
  return row.costs[model] ?? options.costs?.[model];
}

/**
 * Evaluates a router (rules, classifier, or both) on labelled outcomes the way the routing
 * literature does: every prompt goes through the real `route()` (so rules, calibration and
 * decision latency are what production sees), the classifier's scores give the RouteLLM curve,
 * and random, prompt-length and oracle routers are scored on the same prompts.
 */
export function evaluateRouterOnData(config: RouterConfig, data: OutcomeDataset, options: RouteEvalOptions = {}): RouteEvalReport {
  // Fixed threshold during evaluation: recalibrating on the test prompts would leak their scores.
  const router = createRouter({ ...config, pinning: false, calibration: { minSamples: Number.POSITIVE_INFINITY } });
  const ladder = router.tiers.map((entry) => dataModel(data, entry.modelId));
  // Warm up first (regex compilation, JIT), so the latency figures describe a running service.
  for (const row of data.rows.slice(0, 200)) router.route(row.request ?? promptRequest(row.prompt), row.task === undefined ? {} : { task: row.task });
  const latencies = new Float64Array(data.rows.length);
  const chosen = data.rows.map((row, index) => {
    const request = row.request ?? promptRequest(row.prompt);
    const started = performance.now();
    const decision = router.route(request, row.task === undefined ? {} : { task: row.task });
    latencies[index] = (performance.now() - started) * 1000;
    return decision.tier - 1;
  });
  const classifier = config.classifier === undefined ? undefined : compileRouteClassifier(config.classifier);
  const report: RouteEvalReport = {
    data: { sources: data.sources, rows: data.rows.length, models: data.models, notes: data.notes },
    ladder,
    latencyUs: { p50: computePercentile(latencies, 50), p99: computePercentile(latencies, 99), samples: latencies.length },
    findings: [],
    warnings: [],
  };

  const trainedOn = config.classifier?.training.sources ?? [];
  const overlap = data.sources.filter((source) => trainedOn.includes(source));
  if (overlap.length > 0) {
    report.warnings.push(`The classifier was trained on ${overlap.join(', ')}: figures on its own training data measure memory, not routing. Evaluate on held-out data.`);
  }

  if (ladder.length === 2) {
    const [weak, strong] = ladder as [string, string];
    const outcomes: PricedPairOutcome[] = data.rows.map((row) => {
      const weakCost = costOf(row, weak, options);
      const strongCost = costOf(row, strong, options);
      return { weak: row.scores[weak] as number, strong: row.scores[strong] as number, ...(weakCost !== undefined && { weakCost }), ...(strongCost !== undefined && { strongCost }) };
    });
    const pairOutcomes: PairOutcome[] = outcomes;
    // Rules alone make one operating point; with a classifier its score traces the whole curve.
    const routerScores = classifier === undefined ? chosen.map((tier) => tier) : data.rows.map((row) => classifier.score(signalsOfRow(row)).need);
    const threshold = classifier === undefined ? 1 : (router.threshold() as number);
    const ours = evaluatePairRouter({ name: classifier === undefined ? 'rules' : 'classifier', scores: routerScores, outcomes, threshold, latenciesUs: latencies });
    if (classifier !== undefined && config.rules !== undefined && config.rules.length > 0) {
      ours.summary.note = 'curve from the classifier score; the operating point includes the rules';
      ours.operatingPoint = evaluatePairRouter({ name: 'router', scores: chosen, outcomes, threshold: 1 }).operatingPoint;
    }
    const reference = (name: string, summary: PairRouterEvaluation['summary']): PairRouterEvaluation => ({ summary: { ...summary, name } });
    const length = summarizePairCurve('length rule', computePgrCurve(data.rows.map((row) => row.prompt.length), pairOutcomes), 'longer prompt → strong model');
    const random = evaluateRandomRouter(pairOutcomes, { seeds: options.seeds ?? 10 });
    report.pair = {
      weak,
      strong,
      weakQuality: pairOutcomes.reduce((sum, outcome) => sum + outcome.weak, 0) / pairOutcomes.length,
      strongQuality: pairOutcomes.reduce((sum, outcome) => sum + outcome.strong, 0) / pairOutcomes.length,
      routers: [ours, reference('random', random), reference('length rule', length), reference('oracle', evaluateOracleRouter(pairOutcomes))],
    };
    if (classifier !== undefined) {
      const versus = (other: { apgr: number }): string => `APGR ${ours.summary.apgr.toFixed(3)} vs ${other.apgr.toFixed(3)}`;
      report.findings.push(ours.summary.apgr > random.apgr ? `The classifier beats the random router (${versus(random)}).` : `The classifier does NOT beat the random router (${versus(random)}): it has learnt nothing usable for this data.`);
      report.findings.push(ours.summary.apgr > length.apgr ? `It beats the prompt-length rule (${versus(length)}).` : `It does NOT beat the prompt-length rule (${versus(length)}); a length rule is the cheaper choice here.`);
    }
    const point = ours.operatingPoint;
    const target = config.target !== undefined && 'strongShare' in config.target ? config.target.strongShare : config.classifier?.calibration.targetStrongShare;
    if (point !== undefined && target !== undefined && classifier !== undefined && Math.abs(point.strongShare - target) > 0.1) {
      report.warnings.push(`The threshold sends ${(point.strongShare * 100).toFixed(1)}% of these prompts to the strong model against a target of ${(target * 100).toFixed(1)}%: this traffic differs from the calibration sample; in production the router recalibrates on recent traffic.`);
    }
  } else {
    const rows = data.rows.map((row) => ({
      scores: ladder.map((model) => row.scores[model] as number),
      costs: ladder.map((model) => {
        const cost = costOf(row, model, options);
        if (cost === undefined) throw new InvalidArgumentError('costs', `No cost for ${model} on row ${row.id}; a ${ladder.length}-tier evaluation compares costs. Give bench results with costs, cost columns, or --cost ${model}=USD.`);
        return cost;
      }),
    }));
    const routers: MultiTierRouter[] = [{ name: config.rules !== undefined && config.rules.length > 0 ? 'router at its threshold' : 'classifier at its threshold', choices: [chosen] }];
    if (classifier !== undefined) {
      const scores = data.rows.map((row) => classifier.score(signalsOfRow(row)));
      const edges = quantileEdges(scores.map((score) => score.need), 10);
      const map = config.classifier?.tiers.map((entry) => ladder.findIndex((model) => model.toLowerCase() === entry.modelId.toLowerCase())) ?? [];
      routers.push({ name: 'classifier sweep', choices: [...edges, Number.POSITIVE_INFINITY].map((edge) => scores.map((score) => map[classifier.pick(score, edge)] as number)) });
    }
    report.multi = evaluateMultiTier(ladder, rows, routers);
    for (const entry of report.multi.routers) {
      const adds = entry.gapToZeroRouter > 1e-9;
      report.findings.push(`${entry.name}: AIQ ${entry.aiq.toFixed(4)} vs the zero router's ${report.multi.zeroRouter.aiq.toFixed(4)}: ${adds ? 'routing adds quality per dollar over mixing single models at random' : 'it adds NOTHING over mixing single models at random'}.`);
    }
  }

  if (options.cascade !== undefined) {
    const weak = ladder[0] as string;
    const strong = ladder[ladder.length - 1] as string;
    const answered = data.rows.filter((row) => row.responses[weak] !== undefined);
    const validators = createValidators(options.cascade);
    report.cascade = {
      ...evaluateCascade(
        answered.map((row) => {
          const weakCost = costOf(row, weak, options);
          const strongCost = costOf(row, strong, options);
          const stop = row.stopReasons[weak];
          return {
            weak: row.scores[weak] as number,
            strong: row.scores[strong] as number,
            weakResponse: row.responses[weak] as string,
            ...(stop === 'length' || stop === 'max_tokens' ? { weakStopReason: 'length' as const } : {}),
            ...(weakCost !== undefined && { weakCost }),
            ...(strongCost !== undefined && { strongCost }),
          };
        }),
        validators,
      ),
      validators: validators.map((validator) => validator.name),
    };
    if (answered.length < data.rows.length) report.warnings.push(`The cascade replay used the ${answered.length} of ${data.rows.length} prompts that have ${weak}'s answer recorded.`);
    report.warnings.push(...report.cascade.warnings);
  }
  return report;
}
