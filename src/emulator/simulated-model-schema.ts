import { z } from 'zod';
import { cachingSchema } from '../pricing/index.js';
import { promptRouterSchema } from './prompt-router-schema.js';

/**
 * The simulated-models file (`frugal emulator --models file.yaml`). Each entry is a declared
 * behaviour — latency, verbosity, accuracy per task, faults — not a real model: a benchmark run
 * against it can be checked against what was declared.
 */
const rate = z.number().min(0).max(1);

/** What can happen to one request, in the order the emulator checks them. */
export const faultKinds = ['ok', 'throttle', 'serverError', 'unavailable', 'timeout', 'slow', 'cutStream', 'streamError'] as const;
export type FaultKind = (typeof faultKinds)[number];

/** InvokeModel body formats the emulator speaks (the model's native request/response JSON). */
export const bodyFormats = ['anthropic', 'nova', 'llama', 'mistral'] as const;
export type BodyFormat = (typeof bodyFormats)[number];

export const faultsSchema = z
  .strictObject({
    /** HTTP 429 ThrottlingException. */
    throttleRate: rate.default(0),
    /** HTTP 500 InternalServerException. */
    serverErrorRate: rate.default(0),
    /** HTTP 503 ServiceUnavailableException. */
    unavailableRate: rate.default(0),
    /** HTTP 408 ModelTimeoutException. */
    timeoutRate: rate.default(0),
    /** Extra latency of `slowMs` on a share of the successful requests. */
    slowRate: rate.default(0),
    slowMs: z.number().int().nonnegative().default(0),
    /** Streams only: the connection is destroyed after some frames, with no closing event. */
    cutStreamRate: rate.default(0),
    /** Streams only: a ModelStreamErrorException frame after some frames. */
    streamErrorRate: rate.default(0),
    /** Sent as `Retry-After` on throttling; AWS itself usually sends none. */
    retryAfterSeconds: z.number().int().positive().optional(),
    /** Forced outcomes of the first requests to this model, in order; the rates apply after. */
    sequence: z.array(z.enum(faultKinds)).default([]),
  })
  .refine((faults) => faults.throttleRate + faults.serverErrorRate + faults.unavailableRate + faults.timeoutRate <= 1, {
    message: 'throttleRate + serverErrorRate + unavailableRate + timeoutRate must not exceed 1',
  });
export type Faults = z.output<typeof faultsSchema>;

export const latencySchema = z.strictObject({
  /** Time to first token, milliseconds. */
  ttftMs: z.number().nonnegative(),
  tokensPerSecond: z.number().positive(),
  /** Each latency is scaled by a seeded factor in [1 - jitter, 1 + jitter]. */
  jitter: rate.default(0.1),
});

export const simulatedModelSchema = z.strictObject({
  /** A Bedrock model id; inference profiles and ARNs of it resolve to this entry. */
  id: z.string().min(1),
  name: z.string().min(1).optional(),
  aliases: z.array(z.string().min(1)).default([]),
  /** InvokeModel body format; by default from the id's publisher (anthropic, amazon.nova, meta, mistral). */
  format: z.enum(bodyFormats).optional(),
  latency: latencySchema,
  /** Output length relative to `baseOutputTokens`: 0.5 answers in half as many tokens. */
  verbosity: z.number().positive().default(1),
  /** Typical length of a free-form reply at verbosity 1. */
  baseOutputTokens: z.number().int().positive().default(120),
  /** Probability of answering an answer-key request correctly, by task; `default` covers other tasks. */
  accuracy: z.record(z.string().min(1), rate).prefault({ default: 0.5 }),
  faults: faultsSchema.prefault({}),
  /** Prompt-caching rules; by default the pricing catalog's rules for this id. */
  caching: cachingSchema.optional(),
  /** Whether CountTokens accepts this model; by default Anthropic models only, as on Bedrock. */
  countTokens: z.boolean().optional(),
});
export type SimulatedModelInput = z.input<typeof simulatedModelSchema>;

export const simulatedModelsFileSchema = z.strictObject({
  version: z.literal(1),
  models: z.array(simulatedModelSchema).min(1),
  /** Configured prompt routers over the models above (AWS's default routers need no entry). */
  promptRouters: z.array(promptRouterSchema).default([]),
});
export type SimulatedModelsFile = z.output<typeof simulatedModelsFileSchema>;

/** One simulated model, with the defaults that depend on its id filled in. */
export interface SimulatedModel extends Omit<z.output<typeof simulatedModelSchema>, 'format' | 'name' | 'countTokens'> {
  name: string;
  format: BodyFormat | undefined;
  countTokens: boolean;
}
