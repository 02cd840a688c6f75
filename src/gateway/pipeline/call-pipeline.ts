import type { Context } from 'hono';
import type { PipelineStreamEvent } from '../../client/index.js';
import type { ModelResult } from '../../providers/index.js';
import { findContentFilter } from '../errors/find-content-filter.js';
import type { GatewayEnv } from '../gateway-env.js';
import type { GatewayServices } from '../gateway-services.js';
import { type RequestOutcome, recordOutcome } from '../usage/record-outcome.js';
import { createGatewayCall } from './create-gateway-call.js';

export { findContentFilter };

type Services = Pick<GatewayServices, 'pipeline' | 'metrics'>;

/**
 * A whole (non-streamed) request through the pipeline: resolves with the answer as soon as it is
 * final, so the response goes out before the pipeline prices the call and builds its usage rows
 * (~0.08 ms of a request here). Its billed calls are counted whether it succeeds or not; the
 * request stays in flight, and its budget reserved, until that bookkeeping is done and its rows
 * are queued. A failure is thrown as before.
 */
export async function invokePipeline(c: Context<GatewayEnv>, services: Services): Promise<{ result: ModelResult }> {
  const accounting = c.get('accounting');
  const key = c.get('key');
  let onAnswer!: (answer: ModelResult) => void;
  const answered = new Promise<ModelResult>((resolve) => (onAnswer = resolve));
  const done = services.pipeline.invoke({ ...createGatewayCall(c), onAnswer });
  c.get('track')(
    done.then(
      (result) => recordOutcome(result, accounting, services.metrics, key.team),
      (error: unknown) => recordOutcome(error as RequestOutcome, accounting, services.metrics, key.team),
    ),
  );
  // A pipeline that answers only when it settles (a fake, a cascade that fails) still ends the race.
  return { result: await Promise.race([answered, done.then((result) => result.result)]) };
}

/**
 * A streamed request: starts it and waits for its first event, so anything that fails before the
 * answer starts (throttling after retries, a hidden cascade attempt's error) is still an HTTP
 * error with its status. The request stays in flight, and its cost is counted, until the stream
 * is over — read to the end, failed, or abandoned by the client — and its usage rows are queued.
 */
export async function openPipelineStream(c: Context<GatewayEnv>, services: Services): Promise<{ iterator: AsyncIterator<PipelineStreamEvent>; first: IteratorResult<PipelineStreamEvent> }> {
  const accounting = c.get('accounting');
  const key = c.get('key');
  const stream = services.pipeline.stream(createGatewayCall(c));
  c.get('track')(
    stream.result.then(
      (result) => recordOutcome(result, accounting, services.metrics, key.team),
      (error: unknown) => recordOutcome(error as RequestOutcome, accounting, services.metrics, key.team),
    ),
  );
  const iterator = stream[Symbol.asyncIterator]();
  const first = await iterator.next();
  return { iterator, first };
}
