import { randomUUID } from 'node:crypto';
import { createPromptHasher } from '../ingest/index.js';
import { createPricingCatalog } from '../pricing/index.js';
import type { ModelProvider, ModelRequest } from '../providers/index.js';
import { createEventChannel } from './create-event-channel.js';
import { executeRequest, type PipelineRuntime } from './execute-request.js';
import { guardTelemetry } from './guard-telemetry.js';
import type { PipelineContext } from './pipeline-context.js';
import { consolePipelineLogger } from './pipeline-logger.js';
import { parsePipelineOptions, type PipelineOptions } from './pipeline-options.js';
import type { Pipeline, PipelineResult, PipelineStream, PipelineStreamEvent } from './pipeline-result.js';

/** How long an abandoned stream waits for its cancelled call to settle (spans, usage) before returning. */
const abandonWaitMs = 5_000;

/** An answer the caller has not seen yet (a cascade attempt accepted below the top tier), as deltas. */
function* replay(result: PipelineResult): Generator<PipelineStreamEvent> {
  const final = result.attempts[result.attempts.length - 1];
  yield { type: 'start', modelId: final?.requestedModelId ?? result.result.modelId, tier: final?.tier ?? 1, decision: result.decision, requestId: result.requestId };
  for (const [index, block] of result.result.output.content.entries()) {
    if (block.type === 'text') yield { type: 'text-delta', index, text: block.text };
    else {
      yield { type: 'tool-use-start', index, toolUseId: block.toolUseId, name: block.name };
      yield { type: 'tool-use-delta', index, inputDelta: typeof block.input === 'string' ? block.input : JSON.stringify(block.input) };
    }
  }
}

/**
 * The run-time pipeline: route (rules → classifier, with conversation pinning) → cache points
 * where the prefix reaches the model's minimum → output cap → call → validate and escalate
 * (cascade) → usage rows and telemetry. `createClient` wraps it in Converse's shape; the gateway
 * calls it for every request. Create it once and share it: the router's pins, the prompt hasher
 * and the providers' concurrency limiters live across requests.
 */
export function createPipeline(input: PipelineOptions): Pipeline {
  const options = parsePipelineOptions(input);
  const logger = options.logger ?? consolePipelineLogger;
  const given = options.provider;
  const runtime: PipelineRuntime = {
    options,
    catalog: options.catalog ?? createPricingCatalog(),
    resolve: typeof given === 'function' ? given : (): ModelProvider => given,
    cache: options.cache === false ? undefined : options.cache === true || options.cache === undefined ? {} : options.cache,
    telemetry: guardTelemetry(options.telemetry, logger),
    logger,
    hasher: createPromptHasher(),
    createId: options.createId ?? randomUUID,
  };

  function stream(request: ModelRequest, context?: PipelineContext): PipelineStream {
    let settle!: { resolve: (result: PipelineResult) => void; reject: (error: unknown) => void };
    const result = new Promise<PipelineResult>((resolve, reject) => {
      settle = { resolve, reject };
    });
    // Nobody may be listening; the rejection still reaches whoever awaits `result`.
    result.catch(() => undefined);
    let opened = false;

    async function* generate(): AsyncGenerator<PipelineStreamEvent> {
      const controller = new AbortController();
      const signal = context?.signal === undefined ? controller.signal : AbortSignal.any([context.signal, controller.signal]);
      const channel = createEventChannel<PipelineStreamEvent>();
      const running = executeRequest(runtime, request, { ...context, signal }, channel.push);
      running.then(
        () => channel.end(),
        (error: unknown) => channel.fail(error),
      );
      let finished = false;
      try {
        for (;;) {
          const next = await channel.pull();
          if (next.done === true) break;
          yield next.value;
        }
        const outcome = await running;
        const final = outcome.attempts[outcome.attempts.length - 1];
        if (final !== undefined && !final.streamed) yield* replay(outcome);
        finished = true;
        settle.resolve(outcome);
        yield { type: 'end', result: outcome };
      } catch (error) {
        finished = true;
        settle.reject(error);
        throw error;
      } finally {
        if (!finished) {
          // The caller stopped reading: cancel the call and wait (bounded) until its span has ended and its usage is recorded.
          channel.close();
          controller.abort();
          let timer: NodeJS.Timeout | undefined;
          const outcome = await Promise.race([
            running.then(
              (value) => ({ value }),
              (error: unknown) => ({ error }),
            ),
            new Promise<undefined>((resolve) => {
              timer = setTimeout(() => resolve(undefined), abandonWaitMs);
              timer.unref();
            }),
          ]);
          clearTimeout(timer);
          if (outcome !== undefined && 'value' in outcome) settle.resolve(outcome.value);
          else settle.reject(outcome?.error ?? new Error('The stream was abandoned and its call did not stop in time.'));
        }
      }
    }

    return {
      result,
      [Symbol.asyncIterator]() {
        if (opened) throw new Error('A pipeline stream can be read once.');
        opened = true;
        return generate();
      },
    };
  }

  return {
    invoke: (request, context) => executeRequest(runtime, request, context, undefined),
    stream,
    async flush() {
      try {
        await options.usageSink?.flush?.();
      } catch (error) {
        logger.warn('the usage sink failed to flush', error);
      }
    },
  };
}
