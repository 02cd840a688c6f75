export * from './batch-job.js';
export * from './batch-job-timing.js';
export * from './batch-job-service.js';
export * from './resolve-batch-model.js';
export * from './register-control-plane-routes.js';
export * from './register-batch-routes.js';
export type { BatchManifest } from './write-batch-output.js';
