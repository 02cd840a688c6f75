import { type ExclusiveTokenCounts, type ModelRef, type UsageRow, inferenceProfileOf } from '../core/index.js';
import type { UsageRowDraft } from './invocation-log/parse-invocation-log-record.js';
import { unknownRequestDetails } from './unknown-request-details.js';

export interface CallFacts extends ExclusiveTokenCounts {
  source: UsageRow['source'];
  requestId: string;
  sourceFile: string;
  sourceLine: number;
  model: ModelRef;
  region: string | null;
  usageStart: string;
  usageEnd: string;
  metadata: Record<string, string>;
}

/**
 * A call row of one of our own sources (bench, OTel spans) before pricing and attribution: the
 * model's facts from its resolved id, everything a source of that kind cannot know left null.
 * Pass what the source does know in `known`.
 */
export function buildCallRowDraft(facts: CallFacts, known: Partial<UsageRowDraft> = {}): UsageRowDraft {
  const { model } = facts;
  return {
    source: facts.source,
    requestId: facts.requestId,
    sourceFile: facts.sourceFile,
    sourceLine: facts.sourceLine,
    provider: model.provider,
    serviceName: model.provider === 'bedrock' ? 'Amazon Bedrock' : model.provider === 'anthropic' ? 'Anthropic' : 'OpenAI',
    region: facts.region,
    inferenceRegion: null,
    accountId: null,
    callerArn: null,
    operation: null,
    modelId: model.id,
    rawModelId: model.input,
    modelFamily: model.family,
    modelTier: model.tier,
    inferenceScope: model.scope,
    inferenceProfile: inferenceProfileOf(model),
    mode: model.provisioned ? 'provisioned' : 'on-demand',
    usageType: null,
    requestCount: 1,
    usageStart: facts.usageStart,
    usageEnd: facts.usageEnd,
    inputTokens: facts.inputTokens,
    cacheReadTokens: facts.cacheReadTokens,
    cacheWrite5mTokens: facts.cacheWrite5mTokens,
    cacheWrite1hTokens: facts.cacheWrite1hTokens,
    outputTokens: facts.outputTokens,
    metadata: facts.metadata,
    ...unknownRequestDetails(),
    ...known,
  };
}
