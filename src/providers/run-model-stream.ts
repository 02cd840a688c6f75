import { type ProviderError, StreamInterruptedError } from '../core/index.js';
import { type CallPolicy, throwIfContentFiltered, toProviderError } from './call-policy.js';
import type { Permit } from './create-aimd-limiter.js';
import { type AttemptScope, createAttemptScope } from './create-attempt-scope.js';
import { createStreamAccumulator } from './create-stream-accumulator.js';
import type { CallOptions, Latency, ModelResult, ModelStream, StreamEvent } from './model-provider.js';
import { createModelResult, type StreamPart } from './provider-response.js';
import { retryWithBackoff } from './retry-with-backoff.js';

export interface OpenedStream {
  requestId: string | null;
  parts: AsyncIterable<StreamPart>;
}

export interface RunModelStreamInput {
  policy: CallPolicy;
  modelId: string;
  options: CallOptions | undefined;
  /** Runs once before the first attempt; its errors reach the caller as they are (bad settings). */
  prepare?: () => Promise<void>;
  open: (signal: AbortSignal) => Promise<OpenedStream>;
  /** `phase` says whether the failure came before or after the stream opened. */
  mapError: (error: unknown, phase: 'request' | 'stream') => ProviderError;
}

interface LiveAttempt {
  permit: Permit | undefined;
  scope: AttemptScope;
  iterator: AsyncIterator<StreamPart>;
  /** Events read while deciding whether the attempt worked, not yet handed to the caller. */
  pending: StreamEvent[];
  done: boolean;
}

/**
 * A streaming call with the shared policy. An attempt counts as started once the first event the
 * caller can see arrives: failures before that (throttling, a stream cut before any content) are
 * retried like any call; failures after it are thrown, carrying the usage seen so far, because the
 * caller already holds part of the answer.
 */
export function runModelStream(input: RunModelStreamInput): ModelStream {
  const { policy, modelId, options } = input;
  const { now } = policy;
  const timeoutMs = options?.timeoutMs ?? policy.timeoutMs;
  const limiter = policy.limiters?.forModel(modelId);
  const context = { policy, modelId, signal: options?.signal, timeoutMs };
  let startedAt = now();
  let attemptStartedAt = startedAt;
  let queueMs = 0;
  let retryWaitMs = 0;
  let attempts = 0;
  let endedAt: number | undefined;
  let accumulator = createStreamAccumulator(null, now);

  function latency(): Latency {
    const at = endedAt ?? now();
    return {
      totalMs: at - startedAt,
      attemptMs: at - attemptStartedAt,
      firstTokenMs: accumulator.firstTokenAt === null ? null : accumulator.firstTokenAt - attemptStartedAt,
      lastTokenMs: accumulator.lastTokenAt === null ? null : accumulator.lastTokenAt - attemptStartedAt,
      serviceMs: accumulator.response().serviceMs,
      retryWaitMs,
      queueMs,
      attempts,
    };
  }

  function snapshot(): ModelResult {
    return createModelResult(modelId, accumulator.response(), latency());
  }

  async function startAttempt(): Promise<LiveAttempt> {
    const permit = await limiter?.acquire(options?.signal);
    queueMs += permit?.queuedMs ?? 0;
    attempts += 1;
    attemptStartedAt = now();
    const scope = createAttemptScope(options?.signal, timeoutMs);
    let phase: 'request' | 'stream' = 'request';
    try {
      const opened = await input.open(scope.signal);
      phase = 'stream';
      accumulator = createStreamAccumulator(opened.requestId, now);
      const iterator = opened.parts[Symbol.asyncIterator]();
      const pending: StreamEvent[] = [];
      for (;;) {
        const next = await iterator.next();
        if (next.done) {
          if (!accumulator.stopped) throw interrupted();
          return { permit, scope, iterator, pending, done: true };
        }
        const event = accumulator.accept(next.value);
        if (event !== undefined) {
          pending.push(event);
          return { permit, scope, iterator, pending, done: false };
        }
      }
    } catch (error) {
      const mapped = toProviderError(error, { ...context, scope }, (cause) => input.mapError(cause, phase));
      if (phase === 'stream') mapped.usage = accumulator.usage;
      permit?.release(mapped.code === 'THROTTLED' ? 'throttled' : 'failed');
      scope.cancel();
      scope.dispose();
      throw mapped;
    }
  }

  function interrupted(): StreamInterruptedError {
    return new StreamInterruptedError("The stream ended before the model finished. The text so far is in the stream's snapshot(); retry for a whole answer.", {
      provider: policy.provider,
      modelId,
    });
  }

  async function* generate(): AsyncGenerator<StreamEvent> {
    await input.prepare?.();
    startedAt = now();
    let live: LiveAttempt;
    try {
      const outcome = await retryWithBackoff(startAttempt, { ...policy.retry, ...(options?.signal !== undefined && { signal: options.signal }) });
      live = outcome.value;
      retryWaitMs = outcome.waitMs;
    } catch (error) {
      throw toProviderError(error, context, (cause) => input.mapError(cause, 'request'));
    }

    let completed = false;
    let outcome: 'success' | 'throttled' | 'failed' = 'failed';
    try {
      yield* live.pending;
      while (!live.done) {
        const next = await live.iterator.next();
        if (next.done) break;
        const event = accumulator.accept(next.value);
        if (event !== undefined) yield event;
      }
      if (!accumulator.stopped) throw interrupted();
      completed = true;
      outcome = 'success';
      endedAt = now();
      const result = snapshot();
      throwIfContentFiltered(result, policy.provider);
      yield { type: 'end', result };
    } catch (error) {
      if (completed) throw error;
      const mapped = toProviderError(error, { ...context, scope: live.scope }, (cause) => input.mapError(cause, 'stream'));
      if (mapped.code === 'THROTTLED') outcome = 'throttled';
      endedAt = now();
      // Whatever was reported before the failure is billed; hand it to the caller.
      mapped.usage = accumulator.usage;
      mapped.attempts = attempts;
      mapped.retryWaitMs = retryWaitMs;
      throw mapped;
    } finally {
      live.permit?.release(outcome);
      if (!completed) {
        endedAt ??= now();
        // The caller stopped reading or the stream failed: stop the request so generation stops too.
        live.scope.cancel();
        live.iterator.return?.().catch(() => undefined);
      }
      live.scope.dispose();
    }
  }

  const iterable = { [Symbol.asyncIterator]: () => generate() };
  return { ...iterable, snapshot };
}
