import type { Env, Hono } from 'hono';
import { type ObjectStore, registerS3Routes } from '../s3/index.js';
import { type BatchJobService, type BatchJobServiceOptions, createBatchJobService } from './batch-job-service.js';
import { registerControlPlaneRoutes } from './register-control-plane-routes.js';

export interface BatchRoutesOptions extends BatchJobServiceOptions {
  store: ObjectStore;
  /** Path prefix of the S3 endpoint (default `/s3`): clients use `endpoint: '<emulator url>/s3'`. */
  s3BasePath?: string;
  /**
   * Advance jobs on a real-time timer every this many milliseconds, so outputs appear even when
   * nobody polls GetModelInvocationJob (what `frugal emulator` wants). Off by default: tests poll.
   */
  autoAdvanceMs?: number;
}

/**
 * Everything batch inference needs on one Hono app: the S3-compatible store under `/s3` and the
 * Bedrock control plane under `/model-invocation-job(s)`. Returns the job service so the caller
 * can close it with the server.
 */
export function registerBatchRoutes<E extends Env>(app: Hono<E>, options: BatchRoutesOptions): BatchJobService {
  registerS3Routes(app, { store: options.store, ...(options.s3BasePath !== undefined && { basePath: options.s3BasePath }) });
  const service = createBatchJobService(options);
  registerControlPlaneRoutes(app, service);
  if (options.autoAdvanceMs !== undefined) service.startAutoAdvance(options.autoAdvanceMs);
  return service;
}
