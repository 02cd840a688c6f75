/**
 * `frugal dashboard`: the cost picture in the browser. A read-only JSON API over the ledger
 * (aggregated in the database) and a static page built with Vite, which draws the shared chart
 * specs of src/charts. `createDashboardApp` is a Hono app the gateway can mount.
 * @module
 */
export * from './create-dashboard-app.js';
export * from './start-dashboard.js';
export * from './api/dashboard-filter-schema.js';
export * from './api/dashboard-api-schema.js';
