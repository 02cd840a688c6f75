export interface AttemptScope {
  /** Aborts when the caller aborts, when the timeout fires, or on `cancel()`. */
  signal: AbortSignal;
  timedOut(): boolean;
  /** Stops the underlying request (a stream the caller stopped reading). */
  cancel(): void;
  /** Clears the timer and the link to the caller's signal. */
  dispose(): void;
}

/**
 * One attempt's AbortSignal: the caller's signal plus a per-attempt timeout. A plain timer rather
 * than `AbortSignal.timeout`, so fake timers in tests control it.
 */
export function createAttemptScope(parent: AbortSignal | undefined, timeoutMs: number | undefined): AttemptScope {
  const controller = new AbortController();
  let timedOut = false;
  const onParentAbort = (): void => controller.abort(parent?.reason);
  if (parent?.aborted) controller.abort(parent.reason);
  else parent?.addEventListener('abort', onParentAbort, { once: true });
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          controller.abort(new Error(`Timed out after ${timeoutMs} ms`));
        }, timeoutMs);
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    cancel: () => controller.abort(new Error('Cancelled: the caller stopped reading the stream')),
    dispose: () => {
      if (timer !== undefined) clearTimeout(timer);
      parent?.removeEventListener('abort', onParentAbort);
    },
  };
}
