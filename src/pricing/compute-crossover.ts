import {
  type CommitmentTerm,
  costOfUnits,
  InvalidArgumentError,
  normalizeModelId,
  picoToUsd,
} from '../core/index.js';
import type { PricingCatalog } from './create-pricing-catalog.js';
import { describeSource } from './describe-source.js';
import type { TrafficPoint } from './parse-traffic-csv.js';
import { priceUsage } from './price-usage.js';

/** AWS bills Provisioned Throughput for every hour of the month: 24 × 365 / 12. */
export const hoursPerMonth = 730;
/** Below this sustained utilisation, provisioned units are mostly paid-for idle time. */
export const sustainedUtilizationFloor = 0.5;
const defaultOutputShare = 0.2;

export interface CrossoverInput {
  model: string;
  units: number;
  term: CommitmentTerm;
  region?: string;
  /** USD per model unit per hour; overrides (or stands in for) the catalog rate. */
  hourlyRate?: number;
  /** Input+output tokens per minute one model unit serves; AWS does not publish it. */
  tokensPerMinutePerUnit?: number;
  /** Observed traffic periods, or one utilisation assumed around the clock. */
  traffic: readonly TrafficPoint[] | { utilization: number };
  /** Share of tokens that are output, when the traffic gives utilisation rather than tokens. */
  outputShare?: number;
}

export interface UtilizationStats {
  /** Time-weighted median: the level held at least half the time. */
  sustained: number;
  p10: number;
  p90: number;
  mean: number;
  peak: number;
}

export type CrossoverRecommendation = 'provisioned' | 'on-demand' | 'switch-to-on-demand';

export interface CrossoverResult {
  modelId: string;
  modelName: string;
  region: string;
  units: number;
  term: CommitmentTerm;
  hourlyRate: number;
  hourlyRateSource: string;
  tokensPerMinutePerUnit: number | null;
  hoursPerMonth: number;
  /** Monthly on-demand cost of the traffic: input × input price + output × output price. */
  onDemandMonthly: number;
  /** units × hourly rate × 730. */
  provisionedMonthly: number;
  /** Utilisation at which both cost the same; null without a capacity per unit. */
  breakEvenUtilization: number | null;
  utilization: UtilizationStats | null;
  outputShare: number;
  recommendation: CrossoverRecommendation;
  reason: string;
  /** Figures the user supplied or frugal assumed because AWS publishes none. */
  assumptions: string[];
  warnings: string[];
  priceVersion: string;
}

/** The value held for at least share `q` of the time, weighting each period by its length. */
export function timeWeightedPercentile(values: readonly { value: number; weight: number }[], q: number): number {
  const sorted = [...values].sort((a, b) => a.value - b.value);
  const total = sorted.reduce((sum, entry) => sum + entry.weight, 0);
  let cumulative = 0;
  for (const entry of sorted) {
    cumulative += entry.weight;
    if (cumulative >= q * total - 1e-9) return entry.value;
  }
  return sorted[sorted.length - 1]?.value ?? 0;
}

function utilizationStats(samples: readonly { value: number; weight: number }[]): UtilizationStats {
  const total = samples.reduce((sum, sample) => sum + sample.weight, 0);
  return {
    sustained: timeWeightedPercentile(samples, 0.5),
    p10: timeWeightedPercentile(samples, 0.1),
    p90: timeWeightedPercentile(samples, 0.9),
    mean: samples.reduce((sum, sample) => sum + sample.value * sample.weight, 0) / total,
    peak: Math.max(...samples.map((sample) => sample.value)),
  };
}

const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;

/**
 * Provisioned Throughput vs on-demand for one model: monthly cost of each, the break-even
 * utilisation, and a recommendation that looks at sustained use (time-weighted percentiles of the
 * traffic), not peaks. Pure.
 */
export function computeCrossover(input: CrossoverInput, catalog: PricingCatalog): CrossoverResult {
  if (!Number.isInteger(input.units) || input.units < 1) {
    throw new InvalidArgumentError('--units', `--units must be a whole number of model units, 1 or more, got ${input.units}.`);
  }
  const resolved = normalizeModelId(input.model, catalog.registry);
  if (!resolved.ok) throw resolved.error;
  const model = resolved.model;
  const priced = catalog.model(model.id);
  if (priced === undefined) throw new InvalidArgumentError('--model', `No prices for ${model.id} in catalog ${catalog.version}.`);
  const region = input.region ?? model.region ?? catalog.catalog.defaultRegion;
  const assumptions: string[] = [];
  const warnings: string[] = [];

  const published = priced.provisioned
    .filter((rate) => rate.term === input.term && (rate.regions.includes(region) || rate.regions.includes('*')))
    .sort((a, b) => b.effectiveDate.localeCompare(a.effectiveDate))[0];
  let hourlyRate: number;
  let hourlyRateSource: string;
  if (input.hourlyRate !== undefined) {
    hourlyRate = input.hourlyRate;
    hourlyRateSource = 'given with --hourly-rate';
    assumptions.push(
      `Hourly rate $${hourlyRate} per model unit (${input.term}) is yours${published === undefined ? '; AWS publishes none for this model' : `; the catalog says $${published.hourlyPerUnit}`}.`,
    );
  } else if (published !== undefined) {
    hourlyRate = published.hourlyPerUnit;
    hourlyRateSource = `${describeSource(catalog.catalog, published.source)}, effective ${published.effectiveDate}${published.overridden ? ' (your override)' : ''}`;
  } else {
    throw new InvalidArgumentError(
      '--hourly-rate',
      `AWS publishes no ${input.term} Provisioned Throughput rate for ${model.id} in ${region}. Pass --hourly-rate (USD per model unit per hour, from the Bedrock console or your AWS account team).`,
    );
  }

  const capacity = input.tokensPerMinutePerUnit ?? published?.tokensPerMinutePerUnit;
  if (input.tokensPerMinutePerUnit !== undefined) {
    assumptions.push(`Capacity of ${input.tokensPerMinutePerUnit.toLocaleString('en-US')} tokens per minute per model unit is yours; AWS does not publish model-unit capacity.`);
  }
  const unitsCapacity = capacity === undefined ? undefined : capacity * input.units;

  // Turn the traffic into (tokens, utilisation) per period.
  const periods = 'utilization' in input.traffic
    ? [{ start: 0, minutes: hoursPerMonth * 60, utilization: input.traffic.utilization }]
    : [...input.traffic];
  if (periods.length === 0) throw new InvalidArgumentError('--traffic', 'The traffic has no periods.');
  const tokenTraffic = periods.every((period) => period.inputTokens !== undefined || period.outputTokens !== undefined);
  let inputTokens = 0;
  let outputTokens = 0;
  let outputShare: number;
  const samples: { value: number; weight: number }[] = [];
  if (tokenTraffic) {
    for (const period of periods) {
      inputTokens += period.inputTokens ?? 0;
      outputTokens += period.outputTokens ?? 0;
      if (unitsCapacity !== undefined) {
        const perMinute = ((period.inputTokens ?? 0) + (period.outputTokens ?? 0)) / period.minutes;
        samples.push({ value: perMinute / unitsCapacity, weight: period.minutes });
      }
    }
    outputShare = inputTokens + outputTokens === 0 ? 0 : outputTokens / (inputTokens + outputTokens);
  } else {
    if (unitsCapacity === undefined) {
      throw new InvalidArgumentError(
        '--tokens-per-minute-per-unit',
        'Utilisation alone does not say how many tokens ran: pass --tokens-per-minute-per-unit (the capacity of one model unit; ask your AWS account team), or give traffic in tokens.',
      );
    }
    outputShare = input.outputShare ?? defaultOutputShare;
    if (input.outputShare === undefined) assumptions.push(`${percent(outputShare)} of tokens assumed to be output (pass --output-share to change).`);
    for (const period of periods) {
      const utilization = period.utilization ?? 0;
      const tokens = utilization * unitsCapacity * period.minutes;
      outputTokens += tokens * outputShare;
      inputTokens += tokens * (1 - outputShare);
      samples.push({ value: utilization, weight: period.minutes });
    }
  }

  const coveredMinutes = periods.reduce((sum, period) => sum + period.minutes, 0);
  const monthScale = (hoursPerMonth * 60) / coveredMinutes;
  const onDemandCost = (inputCount: number, outputCount: number): number => {
    const cost = priceUsage(
      { model: model.id, region, inputTokens: Math.round(inputCount), outputTokens: Math.round(outputCount) },
      catalog,
    );
    if (cost.total === null) throw new InvalidArgumentError('--model', `Cannot price on-demand use of ${model.id}: ${cost.warnings.join(' ')}`);
    return cost.total;
  };
  const onDemandMonthly = onDemandCost(inputTokens * monthScale, outputTokens * monthScale);
  const provisionedMonthly = picoToUsd(costOfUnits(input.units * hoursPerMonth, hourlyRate));

  let breakEvenUtilization: number | null = null;
  if (unitsCapacity !== undefined) {
    const fullTokens = unitsCapacity * 60 * hoursPerMonth;
    breakEvenUtilization = provisionedMonthly / onDemandCost(fullTokens * (1 - outputShare), fullTokens * outputShare);
  } else {
    warnings.push('No capacity per model unit: utilisation and break-even are unknown, so the recommendation compares monthly costs only. Pass --tokens-per-minute-per-unit.');
  }
  const utilization = samples.length > 0 ? utilizationStats(samples) : null;
  if (utilization !== null && utilization.peak > 1) {
    warnings.push(`Traffic peaks at ${percent(utilization.peak)} of ${input.units} unit(s): requests above capacity would be throttled; on-demand absorbs them.`);
  }
  if (coveredMinutes < 7 * 24 * 60 && !('utilization' in input.traffic)) {
    warnings.push(`The traffic covers ${(coveredMinutes / 60).toFixed(1)} hours; a week or more shows the weekly cycle.`);
  }

  let recommendation: CrossoverRecommendation;
  let reason: string;
  if (utilization !== null && breakEvenUtilization !== null) {
    const { sustained } = utilization;
    if (sustained < sustainedUtilizationFloor) {
      recommendation = 'switch-to-on-demand';
      reason = `Sustained utilisation (time-weighted median) is ${percent(sustained)}, below ${percent(sustainedUtilizationFloor)}: provisioned units would sit idle most of the time${utilization.peak > 0.9 ? ` (peaks of ${percent(utilization.peak)} are short)` : ''}. Use on-demand.`;
    } else if (sustained >= breakEvenUtilization && provisionedMonthly < onDemandMonthly) {
      recommendation = 'provisioned';
      reason = `Sustained utilisation ${percent(sustained)} is above the ${percent(breakEvenUtilization)} break-even: provisioned saves ${percent(1 - provisionedMonthly / onDemandMonthly)} a month.`;
    } else {
      recommendation = 'on-demand';
      reason = `Sustained utilisation ${percent(sustained)} is below the ${percent(breakEvenUtilization)} break-even: on-demand is cheaper.`;
    }
  } else if (provisionedMonthly < onDemandMonthly) {
    recommendation = 'provisioned';
    reason = 'Provisioned costs less than on-demand for this traffic (utilisation unknown: check that the units can carry the peaks).';
  } else {
    recommendation = 'on-demand';
    reason = 'On-demand costs less than provisioned for this traffic.';
  }

  return {
    modelId: model.id,
    modelName: priced.entry.name,
    region,
    units: input.units,
    term: input.term,
    hourlyRate,
    hourlyRateSource,
    tokensPerMinutePerUnit: capacity ?? null,
    hoursPerMonth,
    onDemandMonthly,
    provisionedMonthly,
    breakEvenUtilization,
    utilization,
    outputShare,
    recommendation,
    reason,
    assumptions,
    warnings,
    priceVersion: catalog.version,
  };
}
