import type { EmulatorRoutes } from '../create-emulator-app.js';
import { type ObjectStore, openObjectStore } from '../s3/index.js';
import type { BatchJobService } from './batch-job-service.js';
import { type BatchJobTiming, immediateBatchJobTiming } from './batch-job-timing.js';
import { batchModelsForEngine, processRecordWithEngine } from './process-record-with-engine.js';
import { registerBatchRoutes } from './register-batch-routes.js';

export interface BatchEmulatorSettings {
  /** Keep S3 objects in this directory across restarts; in memory otherwise. */
  s3Directory?: string;
  /** A store to use instead (tests, or a program embedding the emulator). */
  store?: ObjectStore;
  /** Status durations; by default real-time ones, or immediate when `timeScale` is 0. */
  timing?: Partial<BatchJobTiming>;
  /** Replaces the catalog's minimum records per job (100 for most models), e.g. for demos. */
  minRecordsPerJob?: number;
  /** Advance jobs while nobody polls, every this many ms (default 250); `null` turns it off. */
  autoAdvanceMs?: number | null;
  region?: string;
  accountId?: string;
}

export interface BatchEmulatorRoutes {
  routes: EmulatorRoutes;
  store: ObjectStore;
  /** The job service once the routes are registered (undefined before). */
  service(): BatchJobService | undefined;
  close(): void;
}

/**
 * Batch inference for `frugal emulator`: the S3 store under `/s3` and the control plane, running
 * records through the emulator's own simulated models on its clock and seed. `timeScale` is the
 * emulator's: 0 (tests, CI) makes every job status immediate.
 */
export async function openBatchEmulatorRoutes(settings: BatchEmulatorSettings & { timeScale?: number | undefined } = {}): Promise<BatchEmulatorRoutes> {
  const store = settings.store ?? (await openObjectStore(settings.s3Directory === undefined ? {} : { directory: settings.s3Directory }));
  const timing = settings.timing ?? (settings.timeScale === 0 ? immediateBatchJobTiming : undefined);
  const autoAdvanceMs = settings.autoAdvanceMs === undefined ? 250 : settings.autoAdvanceMs;
  let service: BatchJobService | undefined;
  return {
    store,
    routes: (app, context) => {
      service = registerBatchRoutes(app, {
        store,
        processRecord: processRecordWithEngine(context.engine),
        resolveModel: batchModelsForEngine(context.engine),
        now: context.clock,
        seed: context.seed,
        ...(timing !== undefined && { timing }),
        ...(settings.minRecordsPerJob !== undefined && { minRecordsPerJob: settings.minRecordsPerJob }),
        ...(autoAdvanceMs !== null && { autoAdvanceMs }),
        ...(settings.region !== undefined && { region: settings.region }),
        ...(settings.accountId !== undefined && { accountId: settings.accountId }),
      });
    },
    service: () => service,
    close: () => service?.close(),
  };
}
