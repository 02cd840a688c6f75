import type { GatewayKey } from '../config/index.js';
import type { ModelRequest } from '../providers/index.js';
import type { CacheSetting } from './pipeline/gateway-pipeline.js';
import type { Reservation } from './budget/create-budget-tracker.js';
import type { GatewayState, Target } from './server/compile-gateway-state.js';

/** A request as an endpoint understood it, before routing. */
export interface ParsedCall {
  request: ModelRequest;
  stream: boolean;
  /** OpenAI `stream_options.include_usage`. */
  includeUsage: boolean;
  /** What the caller named: a route, a model, or `auto` (route by task). */
  model: string;
  task: string | undefined;
  conversationId: string | undefined;
}

/** What the calls of one request cost, summed as they are billed (for the budget). */
export interface Accounting {
  costUsd: number;
  /** A billed call whose cost is unknown: the budget keeps the reservation for it. */
  unknownCost: boolean;
  billedCalls: number;
}

/** Per-request values the middleware chain fills in, in order. */
export interface GatewayVariables {
  requestId: string;
  /** The config this request started on; it keeps it to the end, across reloads. */
  state: GatewayState;
  /** Keeps the request counted as in flight until the promise settles (streams end after the handler returns). */
  track: (finished: Promise<unknown>) => void;
  key: GatewayKey;
  adminKeyId: string;
  /** Aborts on the request timeout or when the client goes away. */
  signal: AbortSignal;
  call: ParsedCall;
  target: Target;
  cache: CacheSetting;
  reservation: Reservation | undefined;
  accounting: Accounting;
}

export interface GatewayEnv {
  Variables: GatewayVariables;
}
