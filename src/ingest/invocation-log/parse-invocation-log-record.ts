import { type ModelRegistry, type UsageRow, formatIsoTimestamp, inferenceProfileOf } from '../../core/index.js';
import { formatSchemaIssues } from '../../pricing/index.js';
import { resolveModelId } from '../resolve-model-id.js';
import { type PromptHasher, createPromptHasher } from './create-prompt-hasher.js';
import { type InvocationLogRecord, invocationLogRecordSchema, knownSchemaVersions } from './invocation-log-record-schema.js';
import { isInvocationLogRecord } from './is-invocation-log-record.js';
import { isRecord } from './json-guards.js';
import { readOutputBody } from './read-output-body.js';
import { readPromptBlocks } from './read-prompt-blocks.js';

/** What pricing fills in. */
export type CostFields = 'cost' | 'costBasis' | 'billedCost' | 'catalogCost' | 'costByBucket' | 'pricingStatus' | 'priceVersion' | 'pricingNote';
/** What task attribution fills in. */
export type TaskFields = 'task' | 'taskSource' | 'team';
/** A ledger row before pricing and attribution. */
export type UsageRowDraft = Omit<UsageRow, CostFields | TaskFields>;

export interface ParsedInvocationLog {
  row: UsageRowDraft;
  /** The validated record as logged, kept beside the row. */
  raw: InvocationLogRecord;
  /** System prompt text, for attribution rules; not stored on the row. */
  systemText: string | null;
}

export type SkipKind = 'unknown-schema' | 'invalid-record' | 'unknown-model';
export type ParseInvocationLogResult = { ok: true; value: ParsedInvocationLog } | { ok: false; kind: SkipKind; message: string };

export interface ParseInvocationLogOptions {
  /** Resolves model ids; the pricing catalog's registry carries the user's `modelAliases`. */
  registry: ModelRegistry;
  hasher?: PromptHasher;
  sourceFile?: string | null;
  sourceLine?: number | null;
  /** Bodies the caller fetched from `inputBodyS3Path` / `outputBodyS3Path`. */
  inputBody?: unknown;
  outputBody?: unknown;
}

/** `requestMetadata` with every value as text: a loop, half the time of entries → map → fromEntries. */
function metadataText(metadata: InvocationLogRecord['requestMetadata']): Record<string, string> {
  const text: Record<string, string> = {};
  if (metadata === undefined) return text;
  // No own `__proto__` key gets here (the guard refuses it, the schema drops it), so assigning is safe.
  for (const key of Object.keys(metadata)) text[key] = String(metadata[key]);
  return text;
}

/**
 * One Bedrock model invocation log record to a ledger row draft (not yet priced or attributed).
 * Pure apart from hashing. Skips, with a reason, records of another schema or version, records
 * missing required fields, and model ids the catalog cannot resolve.
 */
export function parseInvocationLogRecord(input: unknown, options: ParseInvocationLogOptions): ParseInvocationLogResult {
  if (!isRecord(input)) return { ok: false, kind: 'invalid-record', message: 'not a JSON object' };
  if (input.schemaType !== 'ModelInvocationLog') {
    return { ok: false, kind: 'unknown-schema', message: `schemaType ${JSON.stringify(input.schemaType ?? null)} is not ModelInvocationLog` };
  }
  if (!(knownSchemaVersions as readonly unknown[]).includes(input.schemaVersion)) {
    return { ok: false, kind: 'unknown-schema', message: `schemaVersion ${JSON.stringify(input.schemaVersion ?? null)} is not one frugal reads (${knownSchemaVersions.join(', ')})` };
  }
  let raw: InvocationLogRecord;
  if (isInvocationLogRecord(input)) raw = input;
  else {
    const parsed = invocationLogRecordSchema.safeParse(input);
    if (!parsed.success) {
      return { ok: false, kind: 'invalid-record', message: formatSchemaIssues(parsed.error).slice(0, 3).join('; ') };
    }
    raw = parsed.data;
  }
  const resolution = resolveModelId(raw.modelId, options.registry);
  if (!resolution.ok) return { ok: false, kind: 'unknown-model', message: resolution.error.message };
  const model = resolution.model;

  const hasher = options.hasher ?? createPromptHasher();
  const prompt = readPromptBlocks(options.inputBody ?? raw.input.inputBodyJson, hasher);
  const output = readOutputBody(options.outputBody ?? raw.output?.outputBodyJson);

  const cacheRead = raw.input.cacheReadInputTokenCount;
  const cacheWrite = raw.input.cacheWriteInputTokenCount ?? 0;
  // The log gives one cache-write count; the body says which TTL it was billed at, if anything does.
  const split1h = output.cacheWrite1hTokens;
  const cacheWrite1hTokens = split1h !== undefined && split1h <= cacheWrite ? split1h : prompt.cacheTtl1h ? cacheWrite : 0;
  const cacheHit = cacheRead !== undefined ? cacheRead > 0 : prompt.cachePoints === 0 ? false : null;
  const startMs = Date.parse(raw.timestamp);
  const usageStart = formatIsoTimestamp(startMs);

  const row: UsageRowDraft = {
    source: 'invocation-log',
    requestId: raw.requestId,
    sourceFile: options.sourceFile ?? null,
    sourceLine: options.sourceLine ?? null,
    provider: model.provider,
    serviceName: 'Amazon Bedrock',
    region: raw.region,
    inferenceRegion: raw.inferenceRegion ?? null,
    accountId: raw.accountId,
    callerArn: raw.identity?.arn ?? null,
    operation: raw.operation,
    modelId: model.id,
    rawModelId: raw.modelId,
    modelFamily: model.family,
    modelTier: model.tier,
    inferenceScope: model.scope,
    inferenceProfile: inferenceProfileOf(model),
    mode: model.provisioned ? 'provisioned' : (prompt.serviceTier ?? 'on-demand'),
    usageType: null,
    requestCount: 1,
    usageStart,
    usageEnd: output.latencyMs === null ? usageStart : formatIsoTimestamp(startMs + output.latencyMs),
    inputTokens: raw.input.inputTokenCount,
    cacheReadTokens: cacheRead ?? 0,
    cacheWrite5mTokens: cacheWrite - cacheWrite1hTokens,
    cacheWrite1hTokens,
    outputTokens: raw.output?.outputTokenCount ?? 0,
    metadata: metadataText(raw.requestMetadata),
    routeDecision: null,
    cacheHit,
    latencyMs: output.latencyMs,
    ttftMs: output.ttftMs,
    maxTokens: prompt.maxTokens,
    stopReason: output.stopReason,
    systemPromptHash: prompt.systemPromptHash,
    promptBlocks: prompt.blocks,
    cachePoints: prompt.cachePoints,
    messageCount: prompt.messageCount,
    promptChars: prompt.promptChars,
    requestPreview: prompt.requestPreview,
    responsePreview: output.responsePreview,
    inputBodyPath: raw.input.inputBodyS3Path ?? null,
    outputBodyPath: raw.output?.outputBodyS3Path ?? null,
  };
  return { ok: true, value: { row, raw, systemText: prompt.systemText } };
}
