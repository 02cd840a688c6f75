/** The state of work that runs once in the background: what `/api/review` and `/api/alarms` report. */
export type BackgroundState<T> =
  | { state: 'running'; startedAt: string }
  | { state: 'ready'; finishedAt: string; result: T }
  | { state: 'failed'; message: string };

/**
 * Starts `work` on the first `read()` and answers at once with its state, so an endpoint never
 * waits seconds for a review. A result older than `maxAgeMs` is recomputed on the next read (the
 * old one is served meanwhile); a failure is reported, and retried on the next read.
 */
export function createBackgroundResult<T>(work: () => Promise<T>, options: { maxAgeMs: number; now?: () => number }): { read(): BackgroundState<T>; settled(): Promise<void> } {
  const now = options.now ?? Date.now;
  let current: BackgroundState<T> | undefined;
  let finished = 0;
  let running: Promise<void> | undefined;
  const start = (): void => {
    const startedAt = new Date(now()).toISOString();
    if (current === undefined || current.state === 'failed') current = { state: 'running', startedAt };
    running = work().then(
      (result) => {
        current = { state: 'ready', finishedAt: new Date(now()).toISOString(), result };
        finished = now();
      },
      (error: unknown) => {
        current = { state: 'failed', message: error instanceof Error ? error.message : String(error) };
      },
    ).finally(() => {
      running = undefined;
    });
  };
  return {
    read() {
      if (running === undefined && (current === undefined || current.state === 'failed' || (current.state === 'ready' && now() - finished > options.maxAgeMs))) {
        const failed = current?.state === 'failed' ? current : undefined;
        start();
        // A failure is shown once; the retry's state is what the next read sees.
        if (failed !== undefined) return failed;
      }
      return current as BackgroundState<T>;
    },
    settled: () => running ?? Promise.resolve(),
  };
}
