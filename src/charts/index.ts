/**
 * Shared charts: one Vega-Lite spec builder per chart kind, rendered headless to SVG and PNG, with
 * a colour-blind-safe palette and units on every axis. Used by bench, and by reports and the
 * dashboard, so a chart looks the same everywhere.
 * @module
 */
export * from './palette.js';
export * from './chart-spec.js';
export * from './build-scatter-chart-spec.js';
export * from './build-distribution-chart-spec.js';
export * from './build-bar-chart-spec.js';
export * from './build-line-chart-spec.js';
export * from './render-svg.js';
export * from './render-png.js';
