import { constants as http2Constants } from 'node:http2';
import type { Completion } from './create-simulation-engine.js';
import type { EmulatorBindings } from './create-emulator-app.js';
import { encodeExceptionFrame } from './encode-event-stream.js';

export interface EventStreamPlan {
  completion: Completion;
  head: Uint8Array[];
  deltas: Uint8Array[];
  tail: Uint8Array[];
}

export interface EventStreamResponseOptions {
  sleep(simulatedMs: number): Promise<void>;
  bindings: EmulatorBindings | undefined;
  headers: Record<string, string>;
}

/** The stream breaks here: `partial` is the first half of the frame that never arrives whole. */
interface Cut {
  partial: Uint8Array;
}

/** The frames in time: head and first delta after the TTFT, deltas spread over the generation time, then the tail; or a fault part-way. */
async function* playFrames(plan: EventStreamPlan, sleep: EventStreamResponseOptions['sleep']): AsyncGenerator<Uint8Array | Cut> {
  const { completion } = plan;
  const { fault, timing } = completion;
  const breakAfter = fault.stream === undefined ? Number.POSITIVE_INFINITY : Math.min(completion.breakAfterDeltas ?? 1, plan.deltas.length);
  await sleep(timing.ttftMs);
  yield* plan.head;
  const gap = plan.deltas.length > 0 ? (timing.latencyMs - timing.ttftMs) / plan.deltas.length : 0;
  for (let index = 0; index < plan.deltas.length && index < breakAfter; index += 1) {
    if (index > 0) await sleep(gap);
    yield plan.deltas[index] as Uint8Array;
  }
  if (fault.stream === 'cutStream') {
    const next = plan.deltas[breakAfter] ?? plan.tail[0] ?? new Uint8Array(16);
    yield { partial: next.subarray(0, Math.ceil(next.byteLength / 2)) };
    return;
  }
  if (fault.stream === 'streamError') {
    yield encodeExceptionFrame('ModelStreamErrorException', {
      message: 'The model stream failed part-way. (simulated)',
      originalStatusCode: 500,
      originalMessage: 'simulated stream error',
    });
    return;
  }
  yield* plan.tail;
}

/**
 * Breaks the connection the way a failing network does: half a frame arrives, then the HTTP/2
 * stream is reset (INTERNAL_ERROR) or the HTTP/1.1 socket destroyed. Either way the SDK's
 * event-stream reader fails mid-iteration rather than seeing a clean end.
 */
function breakConnection(outgoing: NonNullable<EmulatorBindings['outgoing']>, partial: Uint8Array): void {
  outgoing.write(partial, () => {
    if (outgoing.stream !== undefined) outgoing.stream.close(http2Constants.NGHTTP2_INTERNAL_ERROR);
    else outgoing.socket?.destroy();
  });
}

/** An `application/vnd.amazon.eventstream` response, played out in simulated time. */
export function createEventStreamResponse(plan: EventStreamPlan, options: EventStreamResponseOptions): Response {
  const frames = playFrames(plan, options.sleep);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await frames.next();
      if (next.done === true) {
        controller.close();
      } else if (next.value instanceof Uint8Array) {
        controller.enqueue(next.value);
      } else {
        const outgoing = options.bindings?.outgoing;
        // Without a Node response (app.request in tests) erroring the body is the nearest equivalent.
        if (outgoing !== undefined) breakConnection(outgoing, next.value.partial);
        else controller.error(new Error('simulated cut stream'));
      }
    },
    async cancel() {
      await frames.return(undefined);
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'application/vnd.amazon.eventstream', ...options.headers } });
}
