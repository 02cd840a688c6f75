import type { ConverseCommandOutput, ContentBlock as ConverseContentBlock, ConverseTrace, StopReason as ConverseStopReason, TokenUsage } from '@aws-sdk/client-bedrock-runtime';
import type { Cost, ReportedUsage } from '../core/index.js';
import type { PlacedCachePoint } from '../cache/index.js';
import type { ModelResult } from '../providers/index.js';
import { isPromptRouterArn, type RouteDecision } from '../route/index.js';
import type { PipelineAttempt, PipelineResult } from './pipeline-result.js';

/** What frugal adds to a Converse response: how the request was routed, cached, capped and priced. */
export interface FrugalCallInfo {
  requestId: string;
  /** The model that answered. */
  modelId: string;
  decision: RouteDecision | null;
  outcome: PipelineResult['outcome'];
  attempts: PipelineAttempt[];
  escalations: number;
  cachePoints: PlacedCachePoint[];
  maxTokens: number | null;
  /** The answer's cost; `totalCostUsd` adds the attempts a cascade threw away. */
  cost: Cost;
  totalCostUsd: number | null;
}

export type FrugalConverseOutput = ConverseCommandOutput & { frugal: FrugalCallInfo };

const converseStopReasons: Record<string, ConverseStopReason> = {
  end: 'end_turn',
  length: 'max_tokens',
  'stop-sequence': 'stop_sequence',
  'tool-use': 'tool_use',
  'content-filter': 'content_filtered',
  'context-window': 'model_context_window_exceeded',
};

/** Every stop reason Converse defines: Bedrock's own is passed on when it is one of them. */
const bedrockStopReasons: ReadonlySet<string> = new Set<ConverseStopReason>([
  'end_turn', 'tool_use', 'max_tokens', 'stop_sequence', 'guardrail_intervened', 'content_filtered', 'model_context_window_exceeded',
]);

/** Converse's stop reason: Bedrock's own when it gave one, else ours mapped back (an OpenAI-compatible upstream's `stop` is `end_turn`). */
export function converseStopReason(result: Pick<ModelResult, 'output'>): ConverseStopReason {
  const raw = result.output.rawStopReason;
  if (raw !== null && bedrockStopReasons.has(raw)) return raw as ConverseStopReason;
  return converseStopReasons[result.output.stopReason] ?? 'end_turn';
}

/** Converse's usage: `inputTokens` without cache, as Bedrock reports it; unknown counts as 0. */
export function converseUsage(usage: ReportedUsage): TokenUsage {
  const input = usage.inputTokens ?? 0;
  const output = usage.outputTokens ?? 0;
  const read = usage.cacheReadTokens ?? 0;
  const write = (usage.cacheWrite5mTokens ?? 0) + (usage.cacheWrite1hTokens ?? 0);
  return { inputTokens: input, outputTokens: output, totalTokens: input + output + read + write, cacheReadInputTokens: read, cacheWriteInputTokens: write };
}

/** Bedrock's `trace.promptRouter` when the request named a prompt router, so code that reads it keeps working. */
export function converseRouterTrace(result: Pick<ModelResult, 'modelId' | 'requestedModelId'>): { trace?: ConverseTrace } {
  return isPromptRouterArn(result.requestedModelId) && result.modelId !== result.requestedModelId ? { trace: { promptRouter: { invokedModelId: result.modelId } } } : {};
}

export function toFrugalCallInfo(result: PipelineResult): FrugalCallInfo {
  return {
    requestId: result.requestId,
    modelId: result.result.modelId,
    decision: result.decision,
    outcome: result.outcome,
    attempts: result.attempts,
    escalations: result.escalations,
    cachePoints: result.cachePoints,
    maxTokens: result.maxTokens,
    cost: result.cost,
    totalCostUsd: result.totalCostUsd,
  };
}

/** A pipeline result as the `ConverseCommand` output the caller's code already reads, plus `frugal`. */
export function convertToConverseOutput(result: PipelineResult): FrugalConverseOutput {
  const answer = result.result;
  const content = answer.output.content.map((block): ConverseContentBlock => (block.type === 'text' ? { text: block.text } : { toolUse: { toolUseId: block.toolUseId, name: block.name, input: block.input as never } }));
  return {
    $metadata: { httpStatusCode: 200, ...(answer.requestId !== null && { requestId: answer.requestId }), attempts: answer.latency.attempts, totalRetryDelay: answer.latency.retryWaitMs },
    output: { message: { role: 'assistant', content } },
    stopReason: converseStopReason(answer),
    usage: converseUsage(answer.usage),
    metrics: { latencyMs: answer.latency.serviceMs ?? Math.round(answer.latency.attemptMs) },
    ...(answer.serviceTier !== null && answer.serviceTier !== 'reserved' && { serviceTier: { type: answer.serviceTier } }),
    ...converseRouterTrace(answer),
    frugal: toFrugalCallInfo(result),
  };
}
