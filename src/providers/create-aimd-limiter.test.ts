import { describe, expect, it } from 'vitest';
import { createAimdLimiter, type Permit } from './create-aimd-limiter.js';

function fakeClock(start = 0) {
  let time = start;
  return { now: () => time, advance: (ms: number) => void (time += ms) };
}

async function acquireAll(limiter: ReturnType<typeof createAimdLimiter>, count: number): Promise<Permit[]> {
  return Promise.all(Array.from({ length: count }, () => limiter.acquire()));
}

describe('createAimdLimiter', () => {
  it('should admit up to the limit and queue the rest first come, first served', async () => {
    const limiter = createAimdLimiter({ initialLimit: 2 });
    const [first, second] = await acquireAll(limiter, 2);
    const order: string[] = [];
    const third = limiter.acquire().then((permit) => (order.push('third'), permit));
    const fourth = limiter.acquire().then((permit) => (order.push('fourth'), permit));
    expect([limiter.active, limiter.waiting]).toEqual([2, 2]);
    first?.release('failed');
    await third;
    second?.release('failed');
    await fourth;
    expect(order).toEqual(['third', 'fourth']);
    expect([limiter.active, limiter.waiting]).toEqual([2, 0]);
  });

  it('should report how long each permit waited in the queue', async () => {
    const clock = fakeClock();
    const limiter = createAimdLimiter({ initialLimit: 1, now: clock.now });
    const first = await limiter.acquire();
    expect(first.queuedMs).toBe(0);
    const second = limiter.acquire();
    clock.advance(120);
    first.release('success');
    expect((await second).queuedMs).toBe(120);
  });

  it('should halve on throttling, once per burst, and never go below 1', async () => {
    const limiter = createAimdLimiter({ initialLimit: 8 });
    const permits = await acquireAll(limiter, 8);
    // All eight calls in flight are throttled together: one halving, not three.
    for (const permit of permits) permit.release('throttled');
    expect(limiter.limit).toBe(4);
    for (const expected of [2, 1, 1]) {
      (await limiter.acquire()).release('throttled');
      expect(limiter.limit).toBe(expected);
    }
  });

  it('should grow back by one after a window of successes, slowly, up to the start', async () => {
    const clock = fakeClock();
    const limiter = createAimdLimiter({ initialLimit: 4, increaseIntervalMs: 1000, now: clock.now });
    (await limiter.acquire()).release('throttled');
    expect(limiter.limit).toBe(2);

    // Two successes (one window at limit 2), but too soon after the halving: no growth yet.
    for (const permit of await acquireAll(limiter, 2)) permit.release('success');
    expect(limiter.limit).toBe(2);

    clock.advance(1000);
    (await limiter.acquire()).release('success');
    expect(limiter.limit).toBe(3);

    // The window is now 3 successes, and the clock must move again.
    clock.advance(1000);
    for (const permit of await acquireAll(limiter, 2)) permit.release('success');
    expect(limiter.limit).toBe(3);
    (await limiter.acquire()).release('success');
    expect(limiter.limit).toBe(4);

    clock.advance(10_000);
    for (const permit of await acquireAll(limiter, 4)) permit.release('success');
    expect(limiter.limit).toBe(4);
  });

  it('should let queued callers in when the limit grows', async () => {
    const clock = fakeClock();
    const limiter = createAimdLimiter({ initialLimit: 2, increaseAfterSuccesses: 1, increaseIntervalMs: 0, now: clock.now });
    (await limiter.acquire()).release('throttled');
    const holder = await limiter.acquire();
    const queued = limiter.acquire();
    expect(limiter.waiting).toBe(1);
    holder.release('success'); // limit 1 → 2, and the queued caller gets the slot
    await queued;
    expect([limiter.limit, limiter.active, limiter.waiting]).toEqual([2, 1, 0]);
  });

  it('should drop a queued caller whose signal aborts', async () => {
    const limiter = createAimdLimiter({ initialLimit: 1 });
    const holder = await limiter.acquire();
    const controller = new AbortController();
    const queued = limiter.acquire(controller.signal);
    controller.abort(new Error('gave up'));
    await expect(queued).rejects.toThrow('gave up');
    expect(limiter.waiting).toBe(0);
    holder.release('success');
    expect(limiter.active).toBe(0);
  });

  it('should ignore a second release of the same permit', async () => {
    const limiter = createAimdLimiter({ initialLimit: 2 });
    const permit = await limiter.acquire();
    permit.release('throttled');
    permit.release('throttled');
    expect([limiter.limit, limiter.active]).toEqual([1, 0]);
  });
});
