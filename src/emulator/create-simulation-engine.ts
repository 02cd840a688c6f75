import { z } from 'zod';
import { createModelRegistry, type ModelInfo, type ModelRef, normalizeModelId } from '../core/index.js';
import { type CachingRules, createPricingCatalog, type PricingCatalog } from '../pricing/index.js';
import { type ConvertedRequest, convertConverseRequest } from './convert-converse-request.js';
import { convertInvokeBody } from './convert-invoke-body.js';
import { promptTokens } from './create-prompt.js';
import { countTokens } from './count-tokens.js';
import { createPromptCache, type PromptCache } from './create-prompt-cache.js';
import { createPromptRouters, type PromptRouters, type PromptRouterTrace, type RoutedRequest } from './create-prompt-routers.js';
import { createFaultError, decideFault, type FaultPlan, pickBreakPoint } from './decide-fault.js';
import { EmulatorApiError, validationError } from './emulator-api-error.js';
import { type EmulatorLogger, silentLogger } from './emulator-logger.js';
import { findAnswerKey } from './find-answer-key.js';
import { type ConverseResponseJson, formatConverseResponse } from './format-converse-response.js';
import { formatInvokeResponse } from './format-invoke-response.js';
import { generateReply, type Reply } from './generate-reply.js';
import { type CacheUsage, planCacheUsage, type UnsupportedCachePoints } from './plan-cache-usage.js';
import type { PromptRouterDefinition } from './prompt-router-schema.js';
import { parseRequest } from './request-schemas.js';
import { hashText, seededUnit } from './seeded-unit.js';
import type { SimulatedModel } from './simulated-model-schema.js';
import { splitIntoDeltas } from './split-into-deltas.js';

export interface SimulationEngineOptions {
  models: readonly SimulatedModel[];
  seed?: number;
  /** Milliseconds since the epoch; injected so tests can cross a cache TTL. */
  clock?: () => number;
  /** Caching rules come from here unless a model declares its own (default: the shipped catalog). */
  pricing?: PricingCatalog;
  /** Cache points sent to a model without prompt caching: `reject` as Bedrock does (403), or `ignore`. */
  unsupportedCachePoints?: UnsupportedCachePoints;
  logger?: EmulatorLogger;
  /** Configured prompt routers (the models file's `promptRouters`); AWS's default routers are always there. */
  promptRouters?: readonly PromptRouterDefinition[];
}

/**
 * `on-demand`: the runtime API — faults, caching and latency apply.
 * `batch`: a batch-inference record — no faults, no prompt caching (Bedrock does not cache in batch).
 */
export type SimulationMode = 'on-demand' | 'batch';

export interface CompleteOptions {
  mode?: SimulationMode;
  /** A streaming API: stream faults (cut, exception frame) may apply. */
  streaming?: boolean;
}

export interface ResolvedModel {
  model: SimulatedModel;
  /** The id as sent, resolved: profile, Region, ARN facts. */
  ref: ModelRef;
  caching: CachingRules;
}

export interface CompletionUsage extends CacheUsage {
  outputTokens: number;
  /** Input + output + cache read + cache write, as Bedrock's totalTokens. */
  totalTokens: number;
  /** The model caches prompts (cache counters are reported, 0 when unused). */
  cachingSupported: boolean;
}

/** One simulated model call: everything the HTTP layer (or a batch job) needs to answer it. */
export interface Completion {
  model: SimulatedModel;
  ref: ModelRef;
  requestHash: string;
  text: string;
  stopReason: Reply['stopReason'];
  answer: Reply['answer'];
  usage: CompletionUsage;
  /** Simulated, not measured: time to first token and total latency including any slow fault. */
  timing: { ttftMs: number; latencyMs: number };
  /** The text in stream-sized pieces; their concatenation is `text`. */
  deltas: string[];
  fault: FaultPlan;
  /** With a stream fault: how many deltas go out before the stream breaks. */
  breakAfterDeltas?: number;
  /** The request named a prompt router; `model` is the one it picked. */
  promptRouter?: PromptRouterTrace;
}

export interface SimulationEngine {
  readonly models: readonly SimulatedModel[];
  readonly seed: number;
  readonly promptRouters: PromptRouters;
  /**
   * Any id form (profile, ARN, no `:0`) to a simulated model, or ResourceNotFoundException.
   * A prompt-router ARN is a ValidationException here: only `complete` (Converse) routes.
   */
  resolveModel(modelId: string): ResolvedModel;
  /** The core call; a prompt-router ARN is routed to one of its models. Throws EmulatorApiError for validation errors and injected faults. */
  complete(modelId: string, request: ConvertedRequest, options?: CompleteOptions): Completion;
  converse(modelId: string, body: unknown, options?: CompleteOptions): { completion: Completion; response: ConverseResponseJson };
  /** InvokeModel in the model's native body format; `metadata` is the request-metadata header. */
  invoke(modelId: string, body: unknown, options?: CompleteOptions & { metadata?: Record<string, string> }): { completion: Completion; body: Record<string, unknown> };
  /** CountTokens: the total input tokens the request would bill, cached or not. */
  countTokens(modelId: string, input: unknown): number;
}

const countTokensInputSchema = z.union([
  z.strictObject({ converse: z.record(z.string(), z.unknown()) }),
  z.strictObject({ invokeModel: z.strictObject({ body: z.string() }) }),
]);

function toModelInfo(model: SimulatedModel): ModelInfo {
  return { id: model.id, provider: 'bedrock', publisher: model.id.split('.')[0] ?? 'unknown', name: model.name, family: 'simulated', tier: 1, aliases: model.aliases };
}

/** A CountTokens invokeModel body is a blob: base64 in JSON. Plain JSON text is accepted too. */
function decodeBlobJson(body: string): unknown {
  for (const text of [Buffer.from(body, 'base64').toString('utf8'), body]) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // try the next reading
    }
  }
  throw validationError('Malformed input request: input.invokeModel.body is neither base64 of JSON nor JSON.');
}

/**
 * The simulation behind every endpoint: resolves ids, applies caching, faults and answer keys,
 * and writes the reply. Pure apart from its own state (prompt cache, per-request counters), so
 * the batch control plane can run records through the same simulated models.
 */
export function createSimulationEngine(options: SimulationEngineOptions): SimulationEngine {
  const { models } = options;
  const seed = options.seed ?? 0;
  const clock = options.clock ?? Date.now;
  const logger = options.logger ?? silentLogger;
  const unsupportedCachePoints = options.unsupportedCachePoints ?? 'reject';
  const pricing = options.pricing ?? createPricingCatalog();
  const registry = createModelRegistry(models.map(toModelInfo));
  const cache = createPromptCache();
  const occurrences = new Map<string, number>();
  const requestCounts = new Map<string, number>();
  const routers = createPromptRouters(options.promptRouters);

  const caching = new Map<string, CachingRules>();
  for (const model of models) {
    if (model.caching !== undefined) {
      caching.set(model.id, model.caching);
      continue;
    }
    const found = normalizeModelId(model.id, pricing.registry);
    const entry = found.ok ? pricing.model(found.model.id) : undefined;
    if (entry === undefined) logger.warn(`${model.id} is not in the pricing catalog: it simulates no prompt caching (declare \`caching\` in the models file to change that).`);
    caching.set(model.id, entry?.entry.caching ?? { supported: false, source: 'not in the pricing catalog' });
  }

  const resolveSimulated = (modelId: string): ResolvedModel => {
    const result = normalizeModelId(modelId, registry);
    if (!result.ok) {
      const nearest = result.error.suggestions.length > 0 ? ` Simulated models nearest to it: ${result.error.suggestions.join(', ')}.` : '';
      throw new EmulatorApiError('ResourceNotFoundException', `Model ${modelId} is not simulated by this emulator.${nearest} Add it to the --models file.`);
    }
    const model = models.find((candidate) => candidate.id === result.model.id) as SimulatedModel;
    return { model, ref: result.model, caching: caching.get(model.id) as CachingRules };
  };

  const resolveModel = (modelId: string): ResolvedModel => {
    // Bedrock serves routers through Converse and InvokeModel; the emulator simulates the Converse side only.
    if (routers.isRouterArn(modelId)) throw validationError(`${modelId} is a prompt router: this emulator serves prompt routers through Converse and ConverseStream only.`);
    return resolveSimulated(modelId);
  };

  const resolveRouted = (routed: RoutedRequest): ResolvedModel => {
    try {
      return resolveSimulated(routed.modelId);
    } catch (error) {
      if (!(error instanceof EmulatorApiError)) throw error;
      throw new EmulatorApiError(
        'ResourceNotFoundException',
        `Prompt router ${routed.trace.routerArn} picked ${routed.modelId}, which this emulator does not simulate. Add it to the --models file.`,
      );
    }
  };

  const complete = (modelId: string, request: ConvertedRequest, completeOptions: CompleteOptions = {}): Completion => {
    const routed = routers.route(modelId, request.prompt);
    // A routed request is the served model's call in every respect: cache scope, faults, latency, reply.
    const { model, ref, caching: rules } = routed === undefined ? resolveModel(modelId) : resolveRouted(routed);
    const mode = completeOptions.mode ?? 'on-demand';
    const streaming = completeOptions.streaming === true;
    const answerKey = findAnswerKey(request.prompt, request.metadata);
    const requestHash = hashText(JSON.stringify([request.prompt.blocks.map((block) => block.key), answerKey ?? null]));

    let fault: FaultPlan = { slowMs: 0 };
    let occurrence = 0;
    if (mode === 'on-demand') {
      const occurrenceKey = `${model.id}\n${requestHash}`;
      occurrence = occurrences.get(occurrenceKey) ?? 0;
      occurrences.set(occurrenceKey, occurrence + 1);
      const requestIndex = requestCounts.get(model.id) ?? 0;
      requestCounts.set(model.id, requestIndex + 1);
      fault = decideFault({ model, seed, requestHash, occurrence, requestIndex, streaming });
    }
    // A request that fails validation fails before any fault; a faulted one never reaches the cache.
    const now = clock();
    const planCache = (target: PromptCache): CacheUsage =>
      planCacheUsage({ prompt: request.prompt, rules, cache: target, scope: model.id, now, batch: mode === 'batch', unsupportedCachePoints });
    if (fault.error !== undefined) {
      planCache(createPromptCache());
      throw createFaultError(fault.error, model);
    }
    const cacheUsage = planCache(cache);
    const reply = generateReply({ model, seed, requestHash, ...(answerKey !== undefined && { answerKey }), ...(request.maxTokens !== undefined && { maxTokens: request.maxTokens }) });
    const outputTokens = countTokens(reply.text);
    const jitter = (what: string): number => 1 + model.latency.jitter * (2 * seededUnit(seed, model.id, requestHash, occurrence, what) - 1);
    const ttftMs = Math.round(model.latency.ttftMs * jitter('ttft')) + fault.slowMs;
    const latencyMs = ttftMs + Math.round((outputTokens / model.latency.tokensPerSecond) * 1000 * jitter('rate'));
    const deltas = splitIntoDeltas(reply.text);
    const inputTotal = promptTokens(request.prompt);
    return {
      model,
      ref,
      requestHash,
      text: reply.text,
      stopReason: reply.stopReason,
      answer: reply.answer,
      usage: { ...cacheUsage, outputTokens, totalTokens: inputTotal + outputTokens, cachingSupported: rules.supported && mode === 'on-demand' },
      timing: { ttftMs, latencyMs },
      deltas,
      fault,
      ...(fault.stream !== undefined && { breakAfterDeltas: pickBreakPoint(deltas.length, seed, model, requestHash, occurrence) }),
      ...(routed !== undefined && { promptRouter: routed.trace }),
    };
  };

  return {
    models,
    seed,
    promptRouters: routers,
    resolveModel,
    complete,
    converse(modelId, body, completeOptions) {
      const request = convertConverseRequest(body);
      const completion = complete(modelId, request, completeOptions);
      return { completion, response: formatConverseResponse(completion, request.echo ?? {}) };
    },
    invoke(modelId, body, invokeOptions = {}) {
      const { model } = resolveModel(modelId);
      const request = { ...convertInvokeBody(model.format, body), metadata: invokeOptions.metadata ?? {} };
      const completion = complete(modelId, request, invokeOptions);
      return { completion, body: formatInvokeResponse(model.format, completion) };
    },
    countTokens(modelId, input) {
      const { model, ref } = resolveModel(modelId);
      if (!model.countTokens) throw validationError(`The provided model doesn't support counting tokens: ${model.id}.`);
      if (ref.scope !== 'in-region' || ref.arnResource === 'inference-profile') {
        throw validationError(`CountTokens takes a foundation-model id, not an inference profile: use ${model.id}.`);
      }
      const parsed = parseRequest(countTokensInputSchema, input, 'CountTokens input');
      const request = 'converse' in parsed ? convertConverseRequest(parsed.converse) : convertInvokeBody(model.format, decodeBlobJson(parsed.invokeModel.body));
      // Validation as the real call would do it, without touching the cache.
      planCacheUsage({ prompt: request.prompt, rules: caching.get(model.id) as CachingRules, cache: createPromptCache(), scope: model.id, now: clock(), unsupportedCachePoints });
      return promptTokens(request.prompt);
    },
  };
}
