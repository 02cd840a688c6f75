export * from './generate-sample-logs.js';
export type { SampleTask } from './plan-sample-day.js';
