import { asArray, asCount, asRecord, asString, previewText } from './json-guards.js';

export interface OutputFacts {
  stopReason: string | null;
  latencyMs: number | null;
  /** Time to first byte, logged only for streamed InvokeModel (`firstByteLatency`). */
  ttftMs: number | null;
  responsePreview: string | null;
  /** Cache writes itemised by TTL, when the body says (Converse cacheDetails, Anthropic cache_creation). */
  cacheWrite1hTokens: number | undefined;
  cacheWrite5mTokens: number | undefined;
}

const none: OutputFacts = { stopReason: null, latencyMs: null, ttftMs: null, responsePreview: null, cacheWrite1hTokens: undefined, cacheWrite5mTokens: undefined };

/** Converse `usage.cacheDetails: [{ttl, inputTokens}]` or Anthropic `usage.cache_creation`. */
function readCacheSplit(usage: Record<string, unknown> | undefined): Pick<OutputFacts, 'cacheWrite1hTokens' | 'cacheWrite5mTokens'> {
  const details = asArray(usage?.cacheDetails);
  if (details !== undefined) {
    let oneHour = 0;
    let fiveMinutes = 0;
    for (const detail of details) {
      const record = asRecord(detail);
      const tokens = asCount(record?.inputTokens) ?? 0;
      if (asString(record?.ttl) === '1h') oneHour += tokens;
      else fiveMinutes += tokens;
    }
    return { cacheWrite1hTokens: oneHour, cacheWrite5mTokens: fiveMinutes };
  }
  const creation = asRecord(usage?.cache_creation);
  if (creation !== undefined) {
    return { cacheWrite1hTokens: asCount(creation.ephemeral_1h_input_tokens) ?? 0, cacheWrite5mTokens: asCount(creation.ephemeral_5m_input_tokens) ?? 0 };
  }
  return { cacheWrite1hTokens: undefined, cacheWrite5mTokens: undefined };
}

function contentText(content: unknown): string | undefined {
  for (const item of asArray(content) ?? []) {
    const text = asString(asRecord(item)?.text);
    if (text !== undefined) return text;
  }
  return undefined;
}

/**
 * InvokeModelWithResponseStream logs the stream's chunks as an array: Anthropic events
 * (message_start, content_block_delta, message_delta) and Bedrock's closing
 * `amazon-bedrock-invocationMetrics` with latency and first-byte latency.
 */
function readChunks(chunks: unknown[]): OutputFacts {
  let text = '';
  let stopReason: string | null = null;
  let latencyMs: number | null = null;
  let ttftMs: number | null = null;
  let split: Pick<OutputFacts, 'cacheWrite1hTokens' | 'cacheWrite5mTokens'> = { cacheWrite1hTokens: undefined, cacheWrite5mTokens: undefined };
  for (const chunk of chunks) {
    const event = asRecord(chunk);
    if (event === undefined) continue;
    const delta = asRecord(event.delta);
    if (text.length < 400) text += asString(delta?.text) ?? asString(event.outputText) ?? asString(event.generation) ?? '';
    stopReason = asString(delta?.stop_reason) ?? asString(event.stop_reason) ?? asString(event.completionReason) ?? stopReason;
    const startUsage = asRecord(asRecord(event.message)?.usage);
    if (startUsage !== undefined) split = readCacheSplit(startUsage);
    const metrics = asRecord(event['amazon-bedrock-invocationMetrics']);
    if (metrics !== undefined) {
      latencyMs = asCount(metrics.invocationLatency) ?? latencyMs;
      ttftMs = asCount(metrics.firstByteLatency) ?? ttftMs;
    }
  }
  return { ...none, stopReason, latencyMs, ttftMs, responsePreview: previewText(text), ...split };
}

/** What the logged response body tells beyond token counts. Unknown shapes give nulls. */
export function readOutputBody(bodyInput: unknown): OutputFacts {
  const chunks = asArray(bodyInput);
  if (chunks !== undefined) return readChunks(chunks);
  const body = asRecord(bodyInput);
  if (body === undefined) return none;
  const usage = asRecord(body.usage);
  const metrics = asRecord(body.metrics);
  const choice = asRecord(asArray(body.choices)?.[0]);
  const result = asRecord(asArray(body.results)?.[0]);
  const mistral = asRecord(asArray(body.outputs)?.[0]);
  const text =
    contentText(asRecord(asRecord(body.output)?.message)?.content) ??
    contentText(body.content) ??
    asString(asRecord(choice?.message)?.content) ??
    asString(body.generation) ??
    asString(result?.outputText) ??
    asString(mistral?.text);
  const stopReason =
    asString(body.stopReason) ?? asString(body.stop_reason) ?? asString(choice?.finish_reason) ?? asString(result?.completionReason) ?? asString(mistral?.stop_reason) ?? null;
  return {
    stopReason,
    latencyMs: asCount(metrics?.latencyMs) ?? null,
    ttftMs: null,
    responsePreview: previewText(text),
    ...readCacheSplit(usage),
  };
}
