import { InvalidArgumentError } from '../core/index.js';

export type CallOutcome = 'success' | 'throttled' | 'failed';

export interface AimdLimiterOptions {
  /** Concurrency to start at, and the most it grows back to unless `maxLimit` says otherwise. */
  initialLimit: number;
  maxLimit?: number;
  /** Successes needed (since the last change) before growing by one. Default: the current limit. */
  increaseAfterSuccesses?: number;
  /** And the least time since the last change before growing. Default 2,000 ms. */
  increaseIntervalMs?: number;
  /** Injectable clock (ms). */
  now?: () => number;
}

export interface Permit {
  /** How long the caller waited in the queue for this slot (0 when one was free). */
  readonly queuedMs: number;
  /** Report how the call went; later calls to `release` are ignored. */
  release(outcome: CallOutcome): void;
}

export interface AimdLimiter {
  readonly limit: number;
  readonly active: number;
  readonly waiting: number;
  /** Waits (first come, first served) for a slot. Rejects with the signal's reason if aborted while queued. */
  acquire(signal?: AbortSignal): Promise<Permit>;
}

interface Waiter {
  queuedAt: number;
  grant: (permit: Permit) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/**
 * Additive-increase / multiplicative-decrease concurrency for one model: halves on throttling (never
 * below 1), grows by one after a window of successes. A throttle only halves the limit if its call
 * started after the last halving, so one burst of throttles (every call in flight at the old limit
 * failing together) halves once, not down to 1.
 */
export function createAimdLimiter(options: AimdLimiterOptions): AimdLimiter {
  if (!Number.isInteger(options.initialLimit) || options.initialLimit < 1) {
    throw new InvalidArgumentError('initialLimit', `initialLimit must be a whole number of at least 1, got ${options.initialLimit}.`);
  }
  const maxLimit = options.maxLimit ?? options.initialLimit;
  const increaseIntervalMs = options.increaseIntervalMs ?? 2_000;
  const now = options.now ?? Date.now;
  let limit = Math.min(options.initialLimit, maxLimit);
  let active = 0;
  let successes = 0;
  let lastChangeAt = now();
  let epoch = 0;
  const queue: Waiter[] = [];

  function createPermit(queuedMs: number): Permit {
    const startedIn = epoch;
    let released = false;
    return {
      queuedMs,
      release(outcome) {
        if (released) return;
        released = true;
        active -= 1;
        if (outcome === 'throttled' && startedIn === epoch) {
          limit = Math.max(1, Math.floor(limit / 2));
          epoch += 1;
          successes = 0;
          lastChangeAt = now();
        } else if (outcome === 'success') {
          successes += 1;
          const enough = successes >= (options.increaseAfterSuccesses ?? limit);
          if (enough && limit < maxLimit && now() - lastChangeAt >= increaseIntervalMs) {
            limit += 1;
            successes = 0;
            lastChangeAt = now();
          }
        }
        drain();
      },
    };
  }

  function drain(): void {
    while (active < limit && queue.length > 0) {
      const waiter = queue.shift() as Waiter;
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      active += 1;
      waiter.grant(createPermit(now() - waiter.queuedAt));
    }
  }

  return {
    get limit() {
      return limit;
    },
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (active < limit && queue.length === 0) {
        active += 1;
        return Promise.resolve(createPermit(0));
      }
      return new Promise<Permit>((grant, reject) => {
        const waiter: Waiter = {
          queuedAt: now(),
          grant,
          signal,
          onAbort: () => {
            const index = queue.indexOf(waiter);
            if (index >= 0) queue.splice(index, 1);
            reject(signal?.reason);
          },
        };
        signal?.addEventListener('abort', waiter.onAbort, { once: true });
        queue.push(waiter);
      });
    },
  };
}
