import type { CellFormat } from './dashboard-api-schema.js';

/**
 * How every number is printed, on the page and in the API's summaries: always with its unit or
 * currency. Dollars under $1 keep three significant digits ($0.00627), since a per-request cost
 * rounded to cents would read as $0.01 or $0.00.
 */
export function formatCell(value: string | number | null | undefined, format: CellFormat): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'string') return format === 'time' ? `${value.slice(0, 16).replace('T', ' ')} UTC` : value;
  switch (format) {
    case 'usd':
      return formatDollars(value);
    case 'tokens':
      return `${compact(value)} tokens`;
    case 'count':
      return Math.round(value).toLocaleString('en-US');
    case 'percent':
      return `${(value * 100).toFixed(1)}%`;
    case 'ms':
      return `${Math.round(value).toLocaleString('en-US')} ms`;
    default:
      return String(value);
  }
}

export function formatDollars(usd: number): string {
  const abs = Math.abs(usd);
  const sign = usd < 0 ? '-' : '';
  if (abs === 0) return '$0.00';
  if (abs < 1) {
    const decimals = Math.min(12, Math.max(2, 2 - Math.floor(Math.log10(abs))));
    return `${sign}$${abs.toFixed(decimals).replace(/(\.\d\d\d*?)0+$/, '$1')}`;
  }
  return `${sign}$${abs.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** 1,234 / 45.6k / 7.89M: token counts span six orders of magnitude. */
export function compact(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${(value / 1e9).toFixed(2)}B`;
  if (abs >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (abs >= 1e4) return `${(value / 1e3).toFixed(1)}k`;
  return Math.round(value).toLocaleString('en-US');
}
