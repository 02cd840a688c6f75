import type { SqlDialect } from '../sql-dialect.js';

// The connection sets TimeZone to UTC, so date_trunc and to_char bucket in UTC.
export const postgresDialect: SqlDialect = {
  name: 'postgres',
  period(grain, column) {
    switch (grain) {
      case 'hour':
        return `to_char(date_trunc('hour', ${column}), 'YYYY-MM-DD"T"HH24":00:00Z"')`;
      case 'day':
        return `to_char(${column}, 'YYYY-MM-DD')`;
      case 'week':
        return `to_char(date_trunc('week', ${column}), 'YYYY-MM-DD')`;
      case 'month':
        return `to_char(${column}, 'YYYY-MM')`;
      case 'hourOfDay':
        return `to_char(${column}, 'HH24')`;
      case 'dayOfWeek':
        return `extract(dow from ${column})::int::text`;
    }
  },
  isoTime: (expression) => `to_char(${expression}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  quantiles: (expression, quantiles) => `percentile_cont(ARRAY[${quantiles.join(', ')}]::float8[]) WITHIN GROUP (ORDER BY ${expression})`,
  double: (expression) => `(${expression})::float8`,
  timestampParam: (placeholder) => `${placeholder}::timestamptz`,
  json: (column) => column,
  jsonRows: (placeholder, columns) => `jsonb_to_recordset(${placeholder}::jsonb) AS rows(${columns.map((name) => `${name} text`).join(', ')})`,
};
