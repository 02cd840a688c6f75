import { describe, expect, it } from 'vitest';
import { smallCatalog } from '../../test/fixtures/small-catalog.js';
import { computeCrossover, createPricingCatalog, parseCatalog, parseTrafficCsv, timeWeightedPercentile, type TrafficPoint } from './index.js';

const catalog = createPricingCatalog(parseCatalog(smallCatalog()));
const model = 'anthropic.claude-test-sonnet-20250101-v1:0';
// Test Sonnet in us-east-1 today: $2/M in, $10/M out; 1-month PT at $50/unit-hour.
// With 20% output the blend is $3.60/M. One unit at 50,000 tokens/min for 730 h is 2.19e9 tokens = $7,884 on demand,
// against $36,500 provisioned; so pick a capacity where 62.5% break-even sits between the cases below.
const capacity = Math.round(36_500 / 3.6 / 0.625 / 60 / 730 * 1e6); // ≈ 370,421 tokens/min/unit

/** A week of traffic in 5-minute periods, tokens from a utilisation profile. */
function week(profile: (minuteOfHour: number) => number): TrafficPoint[] {
  const points: TrafficPoint[] = [];
  const start = Date.parse('2026-11-02T00:00:00Z');
  for (let minute = 0; minute < 7 * 24 * 60; minute += 5) {
    const tokens = profile(minute % 60) * capacity * 5;
    points.push({ start: start + minute * 60_000, minutes: 5, inputTokens: tokens * 0.8, outputTokens: tokens * 0.2 });
  }
  return points;
}

describe('computeCrossover', () => {
  it('recommends provisioned for traffic at about 70% all day', () => {
    const result = computeCrossover({ model, units: 1, term: '1m', tokensPerMinutePerUnit: capacity, traffic: week(() => 0.7) }, catalog);
    expect(result.provisionedMonthly).toBe(36_500);
    expect(result.breakEvenUtilization).toBeCloseTo(0.625, 3);
    expect(result.utilization?.sustained).toBeCloseTo(0.7, 6);
    expect(result.onDemandMonthly).toBeCloseTo(36_500 * 0.7 / 0.625, 0);
    expect(result.recommendation).toBe('provisioned');
  });

  it('says switch to on-demand for 10% traffic with hourly 5-minute spikes to 100%', () => {
    const result = computeCrossover({ model, units: 1, term: '1m', tokensPerMinutePerUnit: capacity, traffic: week((minute) => (minute < 5 ? 1 : 0.1)) }, catalog);
    expect(result.utilization).toMatchObject({ sustained: expect.closeTo(0.1, 6), peak: expect.closeTo(1, 6) });
    expect(result.utilization?.mean).toBeCloseTo(0.175, 6);
    expect(result.recommendation).toBe('switch-to-on-demand');
    expect(result.reason).toMatch(/below 50\.0%/);
  });

  it('says on-demand when sustained use is over 50% but under break-even', () => {
    const result = computeCrossover({ model, units: 1, term: '1m', tokensPerMinutePerUnit: capacity, traffic: { utilization: 0.55 } }, catalog);
    expect(result.recommendation).toBe('on-demand');
    expect(result.assumptions.join()).toMatch(/20\.0% of tokens assumed to be output/);
  });

  it('reports rates and capacities the user supplied as assumed', () => {
    const result = computeCrossover({ model, units: 2, term: '6m', hourlyRate: 20, tokensPerMinutePerUnit: capacity, traffic: { utilization: 0.9 }, outputShare: 0.2 }, catalog);
    expect(result.provisionedMonthly).toBe(2 * 20 * 730);
    expect(result.hourlyRateSource).toBe('given with --hourly-rate');
    expect(result.assumptions.join()).toMatch(/AWS publishes none/);
    expect(result.assumptions.join()).toMatch(/AWS does not publish model-unit capacity/);
  });

  it('asks for the rate when AWS publishes none, and for capacity when only utilisation is known', () => {
    expect(() => computeCrossover({ model, units: 1, term: '6m', traffic: { utilization: 0.7 } }, catalog)).toThrow(/Pass --hourly-rate/);
    expect(() => computeCrossover({ model, units: 1, term: '1m', traffic: { utilization: 0.7 } }, catalog)).toThrow(/--tokens-per-minute-per-unit/);
    expect(() => computeCrossover({ model, units: 0, term: '1m', traffic: { utilization: 0.7 } }, catalog)).toThrow(/--units/);
  });

  it('compares costs alone when capacity is unknown, and says so', () => {
    const result = computeCrossover({ model, units: 1, term: '1m', traffic: week(() => 0.7) }, catalog);
    expect(result).toMatchObject({ breakEvenUtilization: null, utilization: null, recommendation: 'provisioned' });
    expect(result.warnings.join()).toMatch(/utilisation and break-even are unknown/);
  });
});

describe('timeWeightedPercentile', () => {
  it('weights each value by how long it lasted', () => {
    const samples = [{ value: 1, weight: 5 }, { value: 0.1, weight: 55 }];
    expect(timeWeightedPercentile(samples, 0.5)).toBe(0.1);
    expect(timeWeightedPercentile(samples, 0.95)).toBe(1);
  });
});

describe('parseTrafficCsv', () => {
  it('reads token rows and infers period length from the gaps', () => {
    const points = parseTrafficCsv('timestamp,input_tokens,output_tokens\n2026-11-01T00:00:00Z,1000,200\n2026-11-01T01:00:00Z,2000,400\n');
    expect(points).toEqual([
      { start: Date.parse('2026-11-01T00:00:00Z'), minutes: 60, inputTokens: 1000, outputTokens: 200 },
      { start: Date.parse('2026-11-01T01:00:00Z'), minutes: 60, inputTokens: 2000, outputTokens: 400 },
    ]);
  });

  it('reads utilisation as a fraction or a percentage', () => {
    const points = parseTrafficCsv('hour,utilization,minutes\n2026-11-01T00:00:00Z,70%,60\n2026-11-01T01:00:00Z,0.5,30\n');
    expect(points.map((point) => [point.utilization, point.minutes])).toEqual([[0.7, 60], [0.5, 30]]);
  });

  it.each([
    ['', /empty/],
    ['when,tokens\n', /no time column/],
    ['timestamp,input_tokens\n', /header but no rows/],
    ['timestamp,input_tokens,output_tokens\n2026-11-01T00:00:00Z,1,2\nyesterday,1,2\n', /line 3: "yesterday" is not a date-time/],
    ['timestamp,input_tokens,output_tokens\n2026-11-01T00:00:00Z,1,-2\n', /line 2: output_tokens "-2" must be a number/],
    ['timestamp,input_tokens,output_tokens\n2026-11-01T00:00:00Z,1\n', /line 2: expected 3 values, found 2/],
    ['timestamp,input_tokens,output_tokens\n2026-11-01T01:00:00Z,1,2\n2026-11-01T00:00:00Z,1,2\n', /line 3: timestamps must increase/],
    ['timestamp,input_tokens,utilization\n2026-11-01T01:00:00Z,1,2\n', /not both/],
  ])('rejects bad input with the line number (%#)', (text, message) => {
    expect(() => parseTrafficCsv(text, 'traffic.csv')).toThrow(message);
  });
});
