import type { SqlDialect } from '../sql-dialect.js';
import { duckdbDayBucket, duckdbHourBucket, duckdbMonthBucket } from './duckdb-time-buckets.js';

// The connection sets TimeZone to UTC, so these functions bucket in UTC.
export const duckdbDialect: SqlDialect = {
  name: 'duckdb',
  period(grain, column) {
    switch (grain) {
      case 'hour':
        return duckdbHourBucket(column);
      case 'day':
        return duckdbDayBucket(column);
      case 'week':
        return `strftime(date_trunc('week', ${column}), '%Y-%m-%d')`;
      case 'month':
        return duckdbMonthBucket(column);
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
  jsonRows: (placeholder, columns) => `(SELECT unnest(from_json(${placeholder}, '[{${columns.map((name) => `"${name}":"VARCHAR"`).join(',')}}]'), recursive := true))`,
};
