import { type Cost, isProviderError, type ReportedUsage } from '../../core/index.js';
import type { PricingCatalog } from '../../pricing/index.js';
import { type CallOptions, type ModelProvider, type ModelRequest, type ModelResult, priceReportedUsage, usageModeForServiceTier } from '../../providers/index.js';

export interface CallOutcome {
  text: string;
  /** The endpoint marked the reply as simulated (`frugal emulator`). */
  simulated: boolean;
  result: ModelResult | null;
  error: { code: string; message: string; aborted: boolean } | null;
  usage: ReportedUsage | null;
  /** null when unknown (usage not reported on a failure that may have been billed). */
  cost: Cost | null;
  latency: { ttftMs: number | null; totalMs: number; serviceMs: number | null; retryWaitMs: number; queueMs: number; attempts: number };
}

/**
 * Failures Bedrock rejects before any inference: not billed, so their cost is 0 rather than
 * unknown. Timeouts, cut streams and other failures may have run the model, so without reported
 * usage their cost is unknown (null).
 */
const unbilledCodes = new Set(['THROTTLED', 'ACCESS_DENIED', 'REQUEST_REJECTED', 'SERVICE_UNAVAILABLE', 'MODEL_NOT_READY']);

function textOf(result: ModelResult): string {
  return result.output.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

/** One candidate call, streamed (for TTFT) or not, with its cost priced from the reported usage. */
export async function callModel(input: { provider: ModelProvider; request: ModelRequest; stream: boolean; region: string; pricing: PricingCatalog; callOptions?: CallOptions }): Promise<CallOutcome> {
  const { provider, request } = input;
  const started = Date.now();
  const price = (usage: ReportedUsage, model: string, tier: ModelResult['serviceTier']): Cost =>
    priceReportedUsage(usage, { model, region: input.region, mode: usageModeForServiceTier(tier) }, input.pricing);
  try {
    let result: ModelResult | undefined;
    if (input.stream) {
      for await (const event of provider.stream(request, input.callOptions)) if (event.type === 'end') result = event.result;
      if (result === undefined) throw new Error('the stream ended without a result');
    } else {
      result = await provider.invoke(request, input.callOptions);
    }
    const { latency } = result;
    return {
      text: textOf(result),
      simulated: isSimulatedReply(result.raw),
      result,
      error: null,
      usage: result.usage,
      cost: price(result.usage, result.modelId, result.serviceTier),
      latency: { ttftMs: latency.firstTokenMs, totalMs: latency.totalMs, serviceMs: latency.serviceMs, retryWaitMs: latency.retryWaitMs, queueMs: latency.queueMs, attempts: latency.attempts },
    };
  } catch (error) {
    const provided = isProviderError(error);
    const code = errorCodeOf(error);
    const usage = provided ? (error.usage ?? null) : null;
    const cost = usage !== null ? price(usage, request.modelId, null) : unbilledCodes.has(code) ? zeroCost(input.pricing) : null;
    return {
      simulated: false,
      text: provided && 'outputText' in error && typeof error.outputText === 'string' ? error.outputText : '',
      result: null,
      error: { code, message: (error as Error).message, aborted: provided && error.name === 'RequestAbortedError' },
      usage,
      cost,
      latency: { ttftMs: null, totalMs: Date.now() - started, serviceMs: null, retryWaitMs: provided ? error.retryWaitMs : 0, queueMs: 0, attempts: provided ? error.attempts : 1 },
    };
  }
}

/**
 * `frugal emulator` marks every reply: Converse in `additionalModelResponseFields.frugal.simulated`,
 * ConverseStream in the messageStop event (our stream result keeps it under `raw.stop`).
 */
export function isSimulatedReply(raw: unknown): boolean {
  const fields = (value: unknown): unknown => (typeof value === 'object' && value !== null ? (value as { additionalModelResponseFields?: unknown }).additionalModelResponseFields : undefined);
  const stop = typeof raw === 'object' && raw !== null ? (raw as { stop?: unknown }).stop : undefined;
  for (const candidate of [fields(raw), fields(stop)]) {
    const frugal = typeof candidate === 'object' && candidate !== null ? (candidate as { frugal?: { simulated?: unknown } }).frugal : undefined;
    if (frugal?.simulated === true) return true;
  }
  return false;
}

function errorCodeOf(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : 'ERROR';
}

function zeroCost(pricing: PricingCatalog): Cost {
  return { total: 0, byBucket: {}, pricingStatus: 'priced', priceVersion: pricing.version, currency: 'USD', warnings: [] };
}
