export * from './robust-statistics.js';
export * from './detect-daily-anomalies.js';
export * from './forecast-month-end.js';
export * from './check-result-schema.js';
export * from './evaluate-budgets.js';
export * from './detect-drift.js';
export * from './run-check.js';
