import { context as otelContext, type Context } from '@opentelemetry/api';
import { type Cost, FrugalError, isProviderError, ProviderError, type ReportedUsage } from '../core/index.js';
import type { PlacedCachePoint } from '../cache/index.js';
import type { CallOptions, ModelProvider, ModelRequest, ModelResult, ModelStream, StreamEvent } from '../providers/index.js';
import type { CallSpan } from '../telemetry/index.js';
import { ChannelClosedError } from './create-event-channel.js';
import type { PipelineStreamEvent } from './pipeline-result.js';

/** Everything the pipeline knows about one model call, filled in as it runs. */
export interface CallRecord {
  /** 1-based. */
  index: number;
  tier: number;
  provider: ModelProvider;
  /** The request exactly as sent: this model's cache points, the capped output. */
  request: ModelRequest;
  placed: PlacedCachePoint[];
  /** Epoch ms. */
  startedAt: number;
  endedAt: number | null;
  result: ModelResult | null;
  error: unknown;
  /** What was billed: the answer's usage, or what a failed call reported. */
  usage: ReportedUsage | null;
  cost: Cost | null;
  span: CallSpan | null;
  streamed: boolean;
}

/** Where a streamed request's live call sends its deltas. */
export interface LiveOutput {
  emit(event: PipelineStreamEvent): Promise<void>;
  /** The `start` event for a call whose deltas are about to reach the caller. */
  start(record: CallRecord): PipelineStreamEvent;
}

export interface AttemptProviderInput {
  resolve(modelId: string): ModelProvider;
  /** This model's cache points. */
  prepare(request: ModelRequest, provider: ModelProvider): { request: ModelRequest; placed: PlacedCachePoint[] };
  /** Tier of the n-th call (0-based); the cascade climbs one tier per call. */
  tierOf(callIndex: number): number;
  /** Calls on this tier stream to the caller (the top of the ladder); others are buffered until validated. */
  live: { output: LiveOutput; isLive(tier: number): boolean } | undefined;
  price(usage: ReportedUsage, record: CallRecord, result: ModelResult | null): Cost;
  startSpan(record: CallRecord): CallSpan | null;
  records: CallRecord[];
  now(): number;
  /** Set when a call's answer is final once it arrives (one call, nothing to validate): awaited before the call is priced. */
  answered?: (result: ModelResult) => Promise<void>;
}

const run = <T>(context: Context | undefined, fn: () => T): T => (context === undefined ? fn() : otelContext.with(context, fn));

/**
 * The provider `runCascade` calls: each call gets its model's cache points, a span, a price and a
 * record, then goes to the real provider inside the span's context. In a streamed request the
 * call on the last tier streams to the caller as it arrives; lower tiers are called whole, since
 * their answer may still be rejected by a validator and nothing may reach the caller before that.
 */
export function createAttemptProvider(input: AttemptProviderInput): ModelProvider {
  async function invoke(request: ModelRequest, options?: CallOptions): Promise<ModelResult> {
    const provider = input.resolve(request.modelId);
    const prepared = input.prepare(request, provider);
    const tier = input.tierOf(input.records.length);
    const live = input.live !== undefined && input.live.isLive(tier) ? input.live.output : undefined;
    const record: CallRecord = {
      index: input.records.length + 1,
      tier,
      provider,
      request: prepared.request,
      placed: prepared.placed,
      startedAt: input.now(),
      endedAt: null,
      result: null,
      error: undefined,
      usage: null,
      cost: null,
      span: null,
      streamed: live !== undefined,
    };
    input.records.push(record);
    record.span = input.startSpan(record);
    try {
      const result = live === undefined ? await run(record.span?.context, () => provider.invoke(prepared.request, options)) : await streamLive(record, live, options);
      record.endedAt = input.now();
      record.result = result;
      if (input.answered !== undefined) await input.answered(result);
      record.usage = result.usage;
      record.cost = input.price(result.usage, record, result);
      record.span?.succeed(result, record.cost);
      return result;
    } catch (error) {
      record.endedAt ??= input.now();
      record.error = error;
      const usage = isProviderError(error) ? error.usage : undefined;
      if (usage !== undefined) {
        record.usage = usage;
        record.cost = input.price(usage, record, null);
      }
      record.span?.fail(error, usage, record.cost);
      throw error;
    }
  }

  async function streamLive(record: CallRecord, output: LiveOutput, options: CallOptions | undefined): Promise<ModelResult> {
    const stream: ModelStream = record.provider.stream(record.request, options);
    const iterator = stream[Symbol.asyncIterator]();
    let forwarded = false;
    let completed = false;
    try {
      for (;;) {
        const next: IteratorResult<StreamEvent> = await run(record.span?.context, () => iterator.next());
        if (next.done === true) break;
        const event = next.value;
        if (event.type === 'end') {
          completed = true;
          return event.result;
        }
        if (!forwarded) {
          await output.emit(output.start(record));
          forwarded = true;
        }
        await output.emit(event);
      }
      throw new ProviderError('STREAM_INTERRUPTED', 'The stream ended without its final event.', { provider: record.provider.name, modelId: record.request.modelId, usage: stream.snapshot().usage }, false);
    } catch (error) {
      if (error instanceof ChannelClosedError) {
        // The caller stopped reading: the call is cancelled, and billed for what it produced.
        const seen = stream.snapshot();
        throw new ProviderError('PROVIDER_ERROR', 'The caller stopped reading the stream; the model call was cancelled.', { provider: record.provider.name, modelId: record.request.modelId, requestId: seen.requestId ?? undefined, usage: seen.usage }, false);
      }
      // Part of this answer already reached the caller: another attempt would be spliced onto it.
      if (forwarded && FrugalError.isInstance(error) && error.isRetryable) {
        const usage = isProviderError(error) ? error.usage : stream.snapshot().usage;
        throw new ProviderError(error.code, `The stream failed after part of the answer reached the caller, so it is not retried: ${error.message}`, { provider: record.provider.name, modelId: record.request.modelId, usage, cause: error }, false);
      }
      throw error;
    } finally {
      if (!completed) await iterator.return?.().catch(() => undefined);
    }
  }

  return {
    name: 'frugal-pipeline',
    invoke,
    stream() {
      throw new Error('The cascade calls invoke(); streaming is bridged inside it.');
    },
  };
}
