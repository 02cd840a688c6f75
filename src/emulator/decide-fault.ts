import { EmulatorApiError } from './emulator-api-error.js';
import { seededIndex, seededUnit } from './seeded-unit.js';
import type { FaultKind, SimulatedModel } from './simulated-model-schema.js';

export type ErrorFault = 'throttle' | 'serverError' | 'unavailable' | 'timeout';
export type StreamFault = 'cutStream' | 'streamError';

/** What goes wrong with one request. */
export interface FaultPlan {
  error?: ErrorFault;
  /** Extra latency added by the `slow` fault. */
  slowMs: number;
  stream?: StreamFault;
}

export interface DecideFaultInput {
  model: SimulatedModel;
  seed: number;
  requestHash: string;
  /** How many times this model has seen this exact request before: a retry draws afresh. */
  occurrence: number;
  /** How many requests this model has served before (for the `sequence` list). */
  requestIndex: number;
  streaming: boolean;
}

const none: FaultPlan = { slowMs: 0 };

function fromKind(kind: FaultKind, model: SimulatedModel, streaming: boolean): FaultPlan {
  switch (kind) {
    case 'ok':
      return none;
    case 'slow':
      return { slowMs: model.faults.slowMs };
    case 'cutStream':
    case 'streamError':
      return streaming ? { slowMs: 0, stream: kind } : none;
    default:
      return { slowMs: 0, error: kind };
  }
}

/**
 * Seeded and reproducible: the draw depends on the seed, the model, the request and how often
 * that request was seen, so the same sequence of requests meets the same faults on every run,
 * and a client that retries a throttled request can get through.
 */
export function decideFault(input: DecideFaultInput): FaultPlan {
  const { model, seed, requestHash, occurrence, streaming } = input;
  const { faults } = model;
  const forced = faults.sequence[input.requestIndex];
  if (forced !== undefined) return fromKind(forced, model, streaming);

  const draw = (what: string): number => seededUnit(seed, model.id, requestHash, occurrence, what);
  const errorDraw = draw('error');
  let threshold = 0;
  for (const [kind, rate] of [['throttle', faults.throttleRate], ['serverError', faults.serverErrorRate], ['unavailable', faults.unavailableRate], ['timeout', faults.timeoutRate]] as const) {
    threshold += rate;
    if (errorDraw < threshold) return { slowMs: 0, error: kind };
  }
  const slowMs = draw('slow') < faults.slowRate ? faults.slowMs : 0;
  if (!streaming) return { slowMs };
  const streamDraw = draw('stream');
  if (streamDraw < faults.cutStreamRate) return { slowMs, stream: 'cutStream' };
  if (streamDraw < faults.cutStreamRate + faults.streamErrorRate) return { slowMs, stream: 'streamError' };
  return { slowMs };
}

/** How many content deltas a faulty stream delivers before it breaks: at least one, never all. */
export function pickBreakPoint(deltaCount: number, seed: number, model: SimulatedModel, requestHash: string, occurrence: number): number {
  return deltaCount <= 1 ? 1 : 1 + seededIndex(deltaCount - 1, seed, model.id, requestHash, occurrence, 'break');
}

/** The HTTP error a fault turns into, with the message Bedrock sends for it. */
export function createFaultError(fault: ErrorFault, model: SimulatedModel): EmulatorApiError {
  switch (fault) {
    case 'throttle':
      return new EmulatorApiError('ThrottlingException', 'Too many requests, please wait before trying again. (simulated)', {
        headers: model.faults.retryAfterSeconds === undefined ? {} : { 'retry-after': String(model.faults.retryAfterSeconds) },
      });
    case 'serverError':
      return new EmulatorApiError('InternalServerException', 'The server encountered an internal error while processing the request. (simulated)');
    case 'unavailable':
      return new EmulatorApiError('ServiceUnavailableException', 'The service is currently unavailable. Try again later. (simulated)');
    case 'timeout':
      return new EmulatorApiError('ModelTimeoutException', 'The request took too long to process. (simulated)');
  }
}
