/**
 * How long a job stays in each status before moving on. Time comes from the service's clock, so
 * tests pass a manual clock and zero (or chosen) durations; `frugal emulator` uses real time.
 */
export interface BatchJobTiming {
  /** Submitted → Validating. */
  submittedMs: number;
  /** Validating → Scheduled (or Failed). */
  validatingMs: number;
  /** Scheduled → InProgress. A job whose start would fall after its timeout ends Expired. */
  scheduledMs: number;
  /** Least time InProgress; the job completes once this has passed and every record is processed. */
  minInProgressMs: number;
  /** Stopping → Stopped. */
  stoppingMs: number;
}

/** Real-time defaults: a small job completes within a few seconds, with every status observable. */
export const defaultBatchJobTiming: BatchJobTiming = {
  submittedMs: 500,
  validatingMs: 1000,
  scheduledMs: 1000,
  minInProgressMs: 1000,
  stoppingMs: 500,
};

/** No waiting: each call to the control plane moves jobs as far as their work allows. */
export const immediateBatchJobTiming: BatchJobTiming = {
  submittedMs: 0,
  validatingMs: 0,
  scheduledMs: 0,
  minInProgressMs: 0,
  stoppingMs: 0,
};
