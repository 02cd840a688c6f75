/**
 * Cost reports and alarms over the ledger: spend by provider, model family, model and bucket,
 * hour and task (`frugal report`), and budgets, anomalies, a month-end forecast and drift alarms
 * (`frugal check`). Everything is aggregated in the database.
 * @module
 */
export * from './resolve-ledger-period.js';
export * from './render-html-page.js';
export * from './read-sample-label.js';
export * from './spend-report-schema.js';
export * from './build-spend-report.js';
export * from './build-report-charts.js';
export * from './build-report-tables.js';
export * from './render-report-html.js';
export * from './read-provisioned-traffic.js';
export * from './check/index.js';
