import type { Attributes } from '@opentelemetry/api';
import { type Cost, FrugalError, type ReportedUsage } from '../core/index.js';
import type { ModelResult } from '../providers/index.js';
import {
  ATTR_ERROR_TYPE,
  ATTR_FRUGAL_API_KEY_ID,
  ATTR_FRUGAL_ATTEMPT_INDEX,
  ATTR_FRUGAL_ATTEMPT_TIER,
  ATTR_FRUGAL_CACHE_HIT,
  ATTR_FRUGAL_CACHE_POINTS,
  ATTR_FRUGAL_COST_USD,
  ATTR_FRUGAL_REQUEST_ID,
  ATTR_FRUGAL_ROUTE_POLICY,
  ATTR_FRUGAL_ROUTE_REASON,
  ATTR_FRUGAL_ROUTE_RULE,
  ATTR_FRUGAL_ROUTE_SCORE,
  ATTR_FRUGAL_ROUTE_TIER,
  ATTR_FRUGAL_SERVICE_TIER,
  ATTR_FRUGAL_STREAM,
  ATTR_FRUGAL_TEAM,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_COST,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_TASK_TYPE,
  GEN_AI_OPERATION_CHAT,
} from './gen-ai-attributes.js';
import type { CallSpanInfo, RequestSpanInfo } from './gen-ai-telemetry.js';

/** Drops undefined values, which OpenTelemetry would otherwise warn about. */
function defined(entries: Record<string, Attributes[string] | null | undefined>): Attributes {
  const attributes: Attributes = {};
  for (const [key, value] of Object.entries(entries)) if (value !== undefined && value !== null) attributes[key] = value;
  return attributes;
}

/** Attributes every span of a request carries: attribution and the route decision. */
export function requestAttributes(info: RequestSpanInfo): Attributes {
  const decision = info.decision;
  return defined({
    [ATTR_FRUGAL_REQUEST_ID]: info.requestId,
    [ATTR_TASK_TYPE]: info.task,
    [ATTR_FRUGAL_TEAM]: info.team,
    [ATTR_FRUGAL_API_KEY_ID]: info.apiKeyId,
    [ATTR_GEN_AI_CONVERSATION_ID]: info.conversationId,
    [ATTR_FRUGAL_STREAM]: info.stream,
    [ATTR_FRUGAL_ROUTE_TIER]: decision?.tier,
    [ATTR_FRUGAL_ROUTE_POLICY]: decision?.policy,
    [ATTR_FRUGAL_ROUTE_REASON]: decision?.reason,
    [ATTR_FRUGAL_ROUTE_RULE]: decision?.rule,
    [ATTR_FRUGAL_ROUTE_SCORE]: decision?.score,
  });
}

/** What is known when a call starts: the request as sent. */
export function callStartAttributes(info: CallSpanInfo, providerName: string): Attributes {
  const config = info.request.inferenceConfig;
  return {
    ...requestAttributes(info),
    ...defined({
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_CHAT,
      [ATTR_GEN_AI_PROVIDER_NAME]: providerName,
      [ATTR_GEN_AI_REQUEST_MODEL]: info.request.modelId,
      [ATTR_GEN_AI_REQUEST_MAX_TOKENS]: config?.maxTokens,
      [ATTR_GEN_AI_REQUEST_TEMPERATURE]: config?.temperature,
      [ATTR_GEN_AI_REQUEST_TOP_P]: config?.topP,
      [ATTR_GEN_AI_REQUEST_STOP_SEQUENCES]: config?.stopSequences,
      [ATTR_FRUGAL_ATTEMPT_INDEX]: info.attempt,
      [ATTR_FRUGAL_ATTEMPT_TIER]: info.tier,
      [ATTR_FRUGAL_CACHE_POINTS]: info.cachePoints,
    }),
  };
}

/**
 * Token counts as the convention counts them: `input_tokens` includes cache reads and writes
 * (Bedrock's `inputTokens` does not), and a count the provider did not report is left out
 * rather than written as 0.
 */
export function usageAttributes(usage: ReportedUsage): Attributes {
  const { inputTokens, cacheReadTokens, cacheWrite5mTokens, cacheWrite1hTokens, outputTokens } = usage;
  const cacheCreation = cacheWrite5mTokens === null || cacheWrite1hTokens === null ? null : cacheWrite5mTokens + cacheWrite1hTokens;
  const input = inputTokens === null || cacheReadTokens === null || cacheCreation === null ? null : inputTokens + cacheReadTokens + cacheCreation;
  return defined({
    [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: input,
    [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: outputTokens,
    [ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: cacheReadTokens,
    [ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS]: cacheCreation,
    [ATTR_FRUGAL_CACHE_HIT]: cacheReadTokens === null ? null : cacheReadTokens > 0,
  });
}

export function costAttributes(cost: Cost | null): Attributes {
  const total = cost?.total;
  return total === null || total === undefined ? {} : { [ATTR_FRUGAL_COST_USD]: total, [ATTR_GEN_AI_USAGE_COST]: total };
}

/** The answer: which model served, why it stopped, what it used and cost. */
export function resultAttributes(result: ModelResult, cost: Cost | null): Attributes {
  const ttft = result.latency.firstTokenMs;
  return {
    ...defined({
      [ATTR_GEN_AI_RESPONSE_MODEL]: result.modelId,
      [ATTR_GEN_AI_RESPONSE_ID]: result.requestId,
      [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: [result.output.rawStopReason ?? result.output.stopReason],
      [ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]: ttft === null ? null : ttft / 1000,
      [ATTR_FRUGAL_SERVICE_TIER]: result.serviceTier,
    }),
    ...usageAttributes(result.usage),
    ...costAttributes(cost),
  };
}

/** `error.type`: frugal's error code (THROTTLED, TIMEOUT, ...), else the error's name. */
export function errorType(error: unknown): string {
  if (FrugalError.isInstance(error)) return error.code;
  return error instanceof Error ? error.name : '_OTHER';
}

export function errorAttributes(error: unknown): Attributes {
  return { [ATTR_ERROR_TYPE]: errorType(error) };
}
