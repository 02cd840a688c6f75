import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAttemptScope } from './create-attempt-scope.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('createAttemptScope', () => {
  it('aborts on the caller’s abort, on its timeout and on cancel, and lets go of the caller on dispose', () => {
    vi.useFakeTimers();
    const caller = new AbortController();
    const linked = createAttemptScope(caller.signal, undefined);
    caller.abort(new Error('caller left'));
    expect(linked.signal.aborted).toBe(true);
    expect((linked.signal.reason as Error).message).toBe('caller left');

    const timed = createAttemptScope(undefined, 50);
    vi.advanceTimersByTime(49);
    expect(timed.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(timed.signal.aborted).toBe(true);
    expect(timed.timedOut()).toBe(true);

    const cancelled = createAttemptScope(undefined, undefined);
    cancelled.cancel();
    expect(cancelled.signal.aborted).toBe(true);

    const other = new AbortController();
    const disposed = createAttemptScope(other.signal, undefined);
    disposed.dispose();
    other.abort();
    expect(disposed.signal.aborted).toBe(false);
  });

  it('uses the caller’s signal as it is for an attempt that is never cancelled and has no timeout', () => {
    const caller = new AbortController();
    const scope = createAttemptScope(caller.signal, undefined, { cancellable: false });
    expect(scope.signal).toBe(caller.signal);
    expect(scope.timedOut()).toBe(false);
    expect(() => scope.cancel()).toThrow(/cannot be cancelled/);
    // With a timeout of its own it still gets its own signal.
    const timed = createAttemptScope(caller.signal, 1000, { cancellable: false });
    expect(timed.signal).not.toBe(caller.signal);
    timed.dispose();
  });
});
