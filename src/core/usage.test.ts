import { describe, expect, it } from 'vitest';
import { convertExclusiveUsage, convertInclusiveUsage, costOfTokens, costOfUnits, formatUsd, picoToUsd, totalInputTokens } from './index.js';

describe('convertInclusiveUsage', () => {
  it('takes cache tokens out of an inclusive input count (OpenTelemetry, OpenAI)', () => {
    // 5,000 input in all = 100 uncached + 4,096 read + 804 written.
    expect(convertInclusiveUsage({ inputTokens: 5000, cacheReadTokens: 4096, cacheWrite5mTokens: 804, outputTokens: 300 })).toEqual({
      inputTokens: 100,
      cacheReadTokens: 4096,
      cacheWrite5mTokens: 804,
      cacheWrite1hTokens: 0,
      outputTokens: 300,
    });
  });

  it('round-trips with convertExclusiveUsage (Bedrock Converse counts are exclusive)', () => {
    const exclusive = { inputTokens: 2, cacheReadTokens: 95_500, cacheWrite5mTokens: 0, cacheWrite1hTokens: 10, outputTokens: 7 };
    const inclusive = convertExclusiveUsage(exclusive);
    expect(inclusive.inputTokens).toBe(95_512);
    expect(totalInputTokens(exclusive)).toBe(95_512);
    expect(convertInclusiveUsage(inclusive)).toEqual(exclusive);
  });

  it('rejects counts that are already exclusive', () => {
    expect(() => convertInclusiveUsage({ inputTokens: 2, cacheReadTokens: 95_500 })).toThrow(/probably exclusive/);
  });
});

describe('money', () => {
  it('is exact where floating point is not', () => {
    expect(0.1 * 3).not.toBe(0.3);
    expect(picoToUsd(costOfTokens(5_000_000, 3))).toBe(15);
    expect(picoToUsd(costOfTokens(19_800_000, 0.3) + costOfTokens(200_000, 3.75))).toBe(6.69);
    expect(picoToUsd(costOfTokens(1, 0.00875))).toBe(0.00000000875);
    expect(picoToUsd(costOfUnits(730, 63))).toBe(45_990);
    expect(picoToUsd(costOfUnits(0.5, 34.992))).toBe(17.496);
  });

  it('turns picodollars into the double nearest the exact amount, small or large', () => {
    const viaDecimal = (amount: bigint): number => {
      const digits = (amount < 0n ? -amount : amount).toString().padStart(13, '0');
      return Number(`${amount < 0n ? '-' : ''}${digits.slice(0, -12)}.${digits.slice(-12)}`);
    };
    // A fixed pseudo-random walk over magnitudes from 1 picodollar to well past 2^53.
    let seed = 12345;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const amounts = [0n, 1n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 10n ** 12n, 123_456_789_012_345_678n];
    for (let index = 0; index < 20_000; index += 1) amounts.push(BigInt(Math.floor(next() * 10 ** (1 + Math.floor(next() * 15)))) * (index % 7 === 0 ? 1_000_003n : 1n));
    for (const amount of amounts) {
      expect(picoToUsd(amount)).toBe(viaDecimal(amount));
      expect(picoToUsd(-amount)).toBe(viaDecimal(-amount));
    }
  });

  it('formats for people', () => {
    expect(formatUsd(45)).toBe('$45.00');
    expect(formatUsd(1234567.891)).toBe('$1,234,567.89');
    expect(formatUsd(0.000875)).toBe('$0.000875');
    expect(formatUsd(-22.5)).toBe('-$22.50');
    expect(formatUsd(null)).toBe('unknown');
    // precise: four significant digits under a dollar, so small costs compare.
    expect(formatUsd(0.008137, { precise: true })).toBe('$0.008137');
    expect(formatUsd(0.016274, { precise: true })).toBe('$0.01627');
    expect(formatUsd(0.5, { precise: true })).toBe('$0.5');
    expect(formatUsd(-0.25, { precise: true })).toBe('-$0.25');
    expect(formatUsd(0.99999, { precise: true })).toBe('$1');
    expect(formatUsd(0, { precise: true })).toBe('$0.00');
    expect(formatUsd(12.345, { precise: true })).toBe('$12.35');
    // cents: whole cents, as a bill rounds them.
    expect(formatUsd(0.000875, { cents: true })).toBe('$0.00');
    expect(formatUsd(-0.001, { cents: true })).toBe('$0.00');
    expect(formatUsd(0.125, { cents: true })).toBe('$0.13');
    expect(formatUsd(-1234.5651, { cents: true })).toBe('-$1,234.57');
    expect(formatUsd(0.016274)).toBe('$0.02');
  });
});
