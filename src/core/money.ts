/**
 * Exact money arithmetic. Prices are USD per million tokens with at most six decimals
 * (e.g. $0.00875/M), so one token costs a whole number of picodollars (1e-12 USD). Costs are
 * computed and summed as bigint picodollars and turned into a number only at the end, so
 * 10,000 × 500 tokens at $3/M is exactly $15, not 15.000000000000002.
 */
export type Picodollars = bigint;

const picoPerUsd = 1_000_000_000_000;

/** Picodollars per token for a price in USD per million tokens. */
export function picoPerToken(usdPerMillionTokens: number): Picodollars {
  return BigInt(Math.round(usdPerMillionTokens * 1_000_000));
}

export function costOfTokens(tokens: number, usdPerMillionTokens: number): Picodollars {
  return BigInt(Math.round(tokens)) * picoPerToken(usdPerMillionTokens);
}

/** Cost of a quantity priced per unit in USD (hours of provisioned throughput, say). */
export function costOfUnits(units: number, usdPerUnit: number): Picodollars {
  // Units may be fractional (hours); keep 1e-6 unit resolution, exact to the picodollar.
  return BigInt(Math.round(units * 1_000_000)) * BigInt(Math.round(usdPerUnit * 1_000_000));
}

const exactLimit = BigInt(Number.MAX_SAFE_INTEGER);

export function picoToUsd(amount: Picodollars): number {
  // Up to 2^53 the amount is an exact double, and IEEE division rounds the exact quotient to the
  // nearest double: the same result as the decimal string below, without building one.
  if (amount <= exactLimit && amount >= -exactLimit) return Number(amount) / picoPerUsd;
  // Through the decimal string, so the result is the double nearest the exact amount.
  const negative = amount < 0n;
  const digits = (negative ? -amount : amount).toString().padStart(13, '0');
  return Number(`${negative ? '-' : ''}${digits.slice(0, -12)}.${digits.slice(-12)}`);
}

export function usdToPico(usd: number): Picodollars {
  return BigInt(Math.round(usd * picoPerUsd));
}

/** Rounds to cents the way a bill does (half away from zero). */
export function roundCents(usd: number): number {
  return Math.sign(usd) * Math.round(Math.abs(usd) * 100 + Number.EPSILON) / 100;
}

export interface FormatUsdOptions {
  /** Amounts under a dollar keep four significant digits too, so small costs compare (`$0.008137` vs `$0.01627`, not `$0.01` vs `$0.02`). */
  precise?: boolean;
  /** Whole cents as a bill shows them (`roundCents`): `$0.00` for a tenth of a cent, for totals and tables. */
  cents?: boolean;
}

/** `$1,234.56`; amounts under a cent (under a dollar if `precise`) keep four significant digits (`$0.000875`) unless `cents`. */
export function formatUsd(amount: number | null, options: FormatUsdOptions = {}): string {
  if (amount === null) return 'unknown';
  const usd = options.cents === true ? roundCents(amount) : amount;
  const abs = Math.abs(usd);
  const sign = usd < 0 ? '-' : '';
  if (abs !== 0 && abs < (options.precise === true ? 1 : 0.01)) {
    const decimals = Math.min(12, 3 - Math.floor(Math.log10(abs)));
    return `${sign}$${abs.toFixed(decimals).replace(/\.?0+$/, '')}`;
  }
  return `${sign}$${abs.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
