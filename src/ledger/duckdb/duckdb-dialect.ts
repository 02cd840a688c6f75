import type { SqlDialect } from '../sql-dialect.js';

// The connection sets TimeZone to UTC, so these functions bucket in UTC.
export const duckdbDialect: SqlDialect = {
  name: 'duckdb',
  period(grain, column) {
    switch (grain) {
      case 'hour':
        return `strftime(date_trunc('hour', ${column}), '%Y-%m-%dT%H:00:00Z')`;
      case 'day':
        return `strftime(${column}, '%Y-%m-%d')`;
      case 'week':
        return `strftime(date_trunc('week', ${column}), '%Y-%m-%d')`;
      case 'month':
        return `strftime(${column}, '%Y-%m')`;
      case 'hourOfDay':
        return `strftime(${column}, '%H')`;
      case 'dayOfWeek':
        return `CAST(dayofweek(${column}) AS VARCHAR)`;
    }
  },
  isoTime: (expression) => `strftime(${expression}, '%Y-%m-%dT%H:%M:%S.%gZ')`,
  quantiles: (expression, quantiles) => `quantile_cont(${expression}, [${quantiles.join(', ')}])`,
  double: (expression) => `CAST(${expression} AS DOUBLE)`,
  timestampParam: (placeholder) => `CAST(${placeholder} AS TIMESTAMPTZ)`,
  json: (column) => `CAST(${column} AS VARCHAR)`,
};
