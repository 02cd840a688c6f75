/**
 * frugal as a library: model ids, exact costs, the price catalog with your overrides, workload
 * estimates and the Provisioned Throughput crossover.
 * @module
 */
export * from './core/index.js';
export * from './pricing/index.js';
export { configSchema, type FrugalConfig, loadConfig, loadPricingCatalog, parseConfigText } from './config/index.js';
export * from './providers/index.js';
