import { FrugalError, normalizeModelId } from '../core/index.js';
import { type CrossoverResult, computeCrossover } from '../pricing/index.js';
import { readProvisionedTraffic } from '../report/index.js';
import type { ReviewSlice } from './load-review-slices.js';
import { type FindingDraft, type LeverDraft, type ReviewContext, buildEvidence, count, percent, slug } from './review-context.js';

const hourMs = 3_600_000;

export interface ProvisionedReview extends LeverDraft {
  /** USD of the units held over the period (not in the call rows: Bedrock bills unit-hours). */
  heldCost: number;
  crossovers: CrossoverResult[];
}

/**
 * Provisioned throughput: for each holding in review.provisioned, its traffic from the ledger
 * hour by hour (idle hours included), run through `computeCrossover`, which judges sustained
 * utilisation (the time-weighted median), not peaks: below 50% it says switch to on-demand. The
 * saving is the units' cost over the period minus the on-demand price of the same tokens.
 */
export async function detectProvisionedThroughput(context: ReviewContext): Promise<ProvisionedReview> {
  const { catalog } = context;
  const holdings = context.config.provisioned;
  const provisionedSlices = context.slices.filter((slice) => slice.mode === 'provisioned');
  // The ledger's coverage, not the calendar: before its first call, idle hours are unknown, not idle.
  const since = context.firstUsage === null ? context.filter.since : new Date(Math.max(Date.parse(context.filter.since), Math.floor(Date.parse(context.firstUsage) / hourMs) * hourMs)).toISOString();
  const window = { ...context.filter, since };
  const periodHours = (Date.parse(context.filter.until) - Date.parse(since)) / hourMs;
  const findings: FindingDraft[] = [];
  const notes: string[] = [];
  const crossovers: CrossoverResult[] = [];
  const covered = new Set<string>();
  let heldCost = 0;

  for (const holding of holdings) {
    const resolved = normalizeModelId(holding.model, catalog.registry);
    if (!resolved.ok) {
      notes.push(`review.provisioned: ${resolved.error.message}`);
      continue;
    }
    const modelId = resolved.model.id;
    covered.add(modelId);
    let result: CrossoverResult;
    try {
      result = computeCrossover(
        {
          model: modelId,
          units: holding.units,
          term: holding.term,
          traffic: await readProvisionedTraffic(context.ledger, window, modelId),
          ...(holding.region !== undefined && { region: holding.region }),
          ...(holding.hourlyRate !== undefined && { hourlyRate: holding.hourlyRate }),
          ...(holding.tokensPerMinutePerUnit !== undefined && { tokensPerMinutePerUnit: holding.tokensPerMinutePerUnit }),
        },
        catalog,
      );
    } catch (error) {
      if (!FrugalError.isInstance(error)) throw error;
      notes.push(`${holding.model}: ${error.message}`);
      continue;
    }
    crossovers.push(result);
    const held = result.provisionedMonthly * (periodHours / result.hoursPerMonth);
    const onDemand = result.onDemandMonthly * (periodHours / result.hoursPerMonth);
    heldCost += held;
    const slices: ReviewSlice[] = provisionedSlices.filter((slice) => slice.modelId === modelId);
    const utilization = result.utilization;
    const needed = utilization === null ? null : Math.max(1, Math.ceil(utilization.p90 * holding.units));
    const facts = [
      { label: 'units held', value: `${holding.units} × $${result.hourlyRate}/hour (${holding.term}; ${result.hourlyRateSource}) = $${held.toFixed(2)} over ${count(periodHours)} hours` },
      { label: 'same tokens on-demand', value: `$${onDemand.toFixed(2)}` },
      ...(utilization === null ? [] : [{ label: 'utilisation', value: `sustained (time-weighted median) ${percent(utilization.sustained, 1)}, p90 ${percent(utilization.p90, 1)}, peak ${percent(utilization.peak, 1)}` }]),
      ...(result.breakEvenUtilization === null ? [] : [{ label: 'break-even', value: percent(result.breakEvenUtilization, 1) }]),
      ...(needed !== null && needed < holding.units ? [{ label: 'idle units', value: `${holding.units - needed} of ${holding.units} (p90 traffic needs ${needed})` }] : []),
      { label: 'recommendation', value: result.reason },
    ];
    if (result.recommendation === 'provisioned') {
      notes.push(`${result.modelName}: ${result.reason}${needed !== null && needed < holding.units ? ` ${holding.units - needed} of ${holding.units} units are idle at p90; consider fewer.` : ''}`);
      continue;
    }
    findings.push({
      id: `provisioned:${slug(holding.model)}`,
      lever: 'provisioned',
      title: `Switch ${result.modelName} from ${holding.units} provisioned unit${holding.units === 1 ? '' : 's'} to on-demand`,
      action: `Delete the provisioned throughput for ${holding.model} when its term allows, and call the model on-demand (or through a cross-Region profile): ${result.reason}`,
      command: `frugal crossover --model ${modelId} --units ${holding.units} --term ${holding.term}${holding.hourlyRate === undefined ? '' : ` --hourly-rate ${holding.hourlyRate}`}${holding.tokensPerMinutePerUnit === undefined ? '' : ` --tokens-per-minute-per-unit ${holding.tokensPerMinutePerUnit}`} --traffic hourly.csv`,
      confidence: utilization === null ? 'low' : 'high',
      confidenceReason: utilization === null ? 'no capacity per unit given (tokensPerMinutePerUnit), so utilisation is unknown; the costs alone decide' : 'utilisation measured hour by hour over the whole period',
      evidence: await buildEvidence(context, slices, facts, slices.length === 0 ? [] : undefined),
      warnings: [...result.assumptions, ...result.warnings],
      effect: { kind: 'fixed', before: held, after: onDemand },
      slices: [],
      fixedSpend: held,
    });
  }
  for (const slice of provisionedSlices.filter((item) => !covered.has(item.modelId))) {
    notes.push(`${count(slice.requests)} calls of ${slice.task} ran on provisioned ${slice.modelName}: add its units and term under review.provisioned in frugal.yaml to check their utilisation.`);
  }
  return {
    lever: 'provisioned',
    applicable: holdings.length > 0 || provisionedSlices.length > 0,
    findings,
    notes,
    heldCost,
    crossovers,
    emptySummary: holdings.length === 0 && provisionedSlices.length === 0 ? 'No provisioned throughput in the ledger or in review.provisioned.' : 'The provisioned units pay for themselves at their sustained utilisation.',
  };
}
