/** Thrown to a producer whose consumer stopped reading. */
export class ChannelClosedError extends Error {
  constructor() {
    super('The stream consumer stopped reading.');
    this.name = 'ChannelClosedError';
  }
}

/**
 * A one-slot hand-off between a producer (the model call running inside the cascade) and a
 * consumer (the caller's `for await`). `push` resolves only once the value was taken, so a slow
 * reader slows the model stream instead of buffering it in memory; `close` (the reader stopped)
 * makes every pending and later `push` reject, which is how the producer learns to cancel.
 */
export interface EventChannel<T> {
  push(value: T): Promise<void>;
  pull(): Promise<IteratorResult<T, undefined>>;
  /** The producer finished; readers get `done` once the slot is empty. */
  end(): void;
  /** The producer failed; the next `pull` rejects with it. */
  fail(error: unknown): void;
  /** The consumer stopped reading. */
  close(): void;
}

export function createEventChannel<T>(): EventChannel<T> {
  let slot: { value: T; taken: () => void; refused: (error: unknown) => void } | undefined;
  let waiting: { resolve: (result: IteratorResult<T, undefined>) => void; reject: (error: unknown) => void } | undefined;
  let finished = false;
  let failure: { error: unknown } | undefined;
  let closed = false;

  const deliver = (): void => {
    if (waiting === undefined) return;
    const reader = waiting;
    if (slot !== undefined) {
      const { value, taken } = slot;
      slot = undefined;
      waiting = undefined;
      taken();
      reader.resolve({ done: false, value });
    } else if (failure !== undefined) {
      waiting = undefined;
      reader.reject(failure.error);
    } else if (finished) {
      waiting = undefined;
      reader.resolve({ done: true, value: undefined });
    }
  };

  return {
    push(value) {
      if (closed) return Promise.reject(new ChannelClosedError());
      if (slot !== undefined || finished) return Promise.reject(new Error('push while a value is pending or after end'));
      return new Promise<void>((taken, refused) => {
        slot = { value, taken, refused };
        deliver();
      });
    },
    pull() {
      if (waiting !== undefined) return Promise.reject(new Error('pull while another pull is pending'));
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
        deliver();
      });
    },
    end() {
      finished = true;
      deliver();
    },
    fail(error) {
      failure ??= { error };
      deliver();
    },
    close() {
      closed = true;
      const pending = slot;
      slot = undefined;
      pending?.refused(new ChannelClosedError());
    },
  };
}
