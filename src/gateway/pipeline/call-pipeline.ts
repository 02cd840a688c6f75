import type { Context } from 'hono';
import type { PipelineResult, PipelineStreamEvent } from '../../client/index.js';
import { findContentFilter } from '../errors/find-content-filter.js';
import type { GatewayEnv } from '../gateway-env.js';
import type { GatewayServices } from '../gateway-services.js';
import { type RequestOutcome, recordOutcome } from '../usage/record-outcome.js';
import { createGatewayCall } from './create-gateway-call.js';

export { findContentFilter };

type Services = Pick<GatewayServices, 'pipeline' | 'metrics'>;

/**
 * A whole (non-streamed) request through the pipeline; its billed calls are counted whether it
 * succeeds or not. Its usage rows are built after the response goes out; the request stays in
 * flight until they are queued.
 */
export async function invokePipeline(c: Context<GatewayEnv>, services: Services): Promise<PipelineResult> {
  const accounting = c.get('accounting');
  const key = c.get('key');
  try {
    const result = await services.pipeline.invoke(createGatewayCall(c));
    recordOutcome(result, accounting, services.metrics, key.team);
    if (result.recorded !== undefined) c.get('track')(result.recorded);
    return result;
  } catch (error) {
    recordOutcome(error as RequestOutcome, accounting, services.metrics, key.team);
    throw error;
  }
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
      (result) => {
        recordOutcome(result, accounting, services.metrics, key.team);
        return result.recorded;
      },
      (error: unknown) => recordOutcome(error as RequestOutcome, accounting, services.metrics, key.team),
    ),
  );
  const iterator = stream[Symbol.asyncIterator]();
  const first = await iterator.next();
  return { iterator, first };
}
