export interface AttemptScope {
  /** Aborts when the caller aborts, when the timeout fires, or on `cancel()`. */
  signal: AbortSignal;
  timedOut(): boolean;
  /** Stops the underlying request (a stream the caller stopped reading). */
  cancel(): void;
  /** Clears the timer and the link to the caller's signal. */
  dispose(): void;
}

const notTimedOut = (): boolean => false;
const nothing = (): void => undefined;

/**
 * One attempt's AbortSignal: the caller's signal plus a per-attempt timeout. A plain timer rather
 * than `AbortSignal.timeout`, so fake timers in tests control it. An attempt that is never
 * cancelled and has no timeout of its own (a whole call under the caller's signal, as the
 * gateway's are) uses the caller's signal as it is: a controller and listener less per call.
 */
export function createAttemptScope(parent: AbortSignal | undefined, timeoutMs: number | undefined, options: { cancellable?: boolean } = {}): AttemptScope {
  if (parent !== undefined && timeoutMs === undefined && options.cancellable === false) {
    return {
      signal: parent,
      timedOut: notTimedOut,
      cancel: () => {
        throw new Error('This attempt scope cannot be cancelled (created with cancellable: false).');
      },
      dispose: nothing,
    };
  }
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
