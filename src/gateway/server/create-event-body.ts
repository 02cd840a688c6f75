import type { PipelineStreamEvent } from '../../client/index.js';

/** Turns pipeline events into wire frames; one per stream, since formats keep state (open blocks). */
export interface EventEncoder {
  event(event: PipelineStreamEvent): Uint8Array[];
  /** After the last event (the stream's terminator, e.g. `data: [DONE]`). */
  end(): Uint8Array[];
  /** An error after the response has started: it can only go in-band now. */
  error(error: unknown): Uint8Array[];
}

export type EventBodyOutcome = 'completed' | 'failed' | 'cancelled';

/**
 * A response body fed from the pipeline's event stream, one pull at a time (back-pressure
 * reaches the upstream). The first event was awaited before the response started, so failures
 * before any output still get a proper HTTP status; later failures become in-band error frames.
 * A client that goes away cancels the body, which ends the pipeline's stream (and the upstream
 * call). `finished` settles when the body is done either way.
 */
export function createEventBody(
  iterator: AsyncIterator<PipelineStreamEvent>,
  first: IteratorResult<PipelineStreamEvent>,
  encoder: EventEncoder,
): { body: ReadableStream<Uint8Array>; finished: Promise<{ outcome: EventBodyOutcome; error?: unknown }> } {
  let pending: IteratorResult<PipelineStreamEvent> | undefined = first;
  let done = false;
  let resolveFinished: (value: { outcome: EventBodyOutcome; error?: unknown }) => void = () => undefined;
  const finished = new Promise<{ outcome: EventBodyOutcome; error?: unknown }>((resolve) => {
    resolveFinished = resolve;
  });
  const finish = (outcome: EventBodyOutcome, error?: unknown): void => {
    if (done) return;
    done = true;
    resolveFinished({ outcome, ...(error !== undefined && { error }) });
  };

  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = pending ?? (await iterator.next());
        pending = undefined;
        if (next.done === true) {
          for (const frame of encoder.end()) controller.enqueue(frame);
          controller.close();
          finish('completed');
          return;
        }
        for (const frame of encoder.event(next.value)) controller.enqueue(frame);
      } catch (error) {
        if (done) return;
        for (const frame of encoder.error(error)) controller.enqueue(frame);
        controller.close();
        finish('failed', error);
      }
    },
    async cancel() {
      finish('cancelled');
      await iterator.return?.(undefined);
    },
  });
  return { body, finished };
}
