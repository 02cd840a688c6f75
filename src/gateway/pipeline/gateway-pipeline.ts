import type { PipelineResult, PipelineStream } from '../../client/index.js';
import type { CacheTtl, ModelRequest, ModelResult } from '../../providers/index.js';
import type { Target } from '../server/compile-gateway-state.js';

/** How the pipeline may place prompt-cache points for one request (route setting narrowed by `x-frugal-cache`). */
export interface CacheSetting {
  mode: 'auto' | 'off';
  ttl: CacheTtl;
}

/**
 * One request as the gateway hands it to the run-time pipeline: the Converse-shaped request, the
 * target the config resolved, and who is asking. Endpoints build it; middleware fills the target
 * and cache setting; the pipeline does the rest (route → cache points → output cap → call →
 * validate/escalate → usage rows and spans).
 */
export interface GatewayCall {
  /** `modelId` is what the caller named (a route or a model). */
  request: ModelRequest;
  target: Target;
  /** The gateway's own id (`frugal_request_id` on the ledger rows). */
  requestId: string;
  task: string | undefined;
  conversationId: string | undefined;
  keyId: string;
  team: string | undefined;
  cache: CacheSetting;
  signal: AbortSignal;
  /** Whole answers: the answer as soon as it is final, before the pipeline's bookkeeping (see PipelineContext). */
  onAnswer?: (answer: ModelResult) => void;
}

/** The seam between HTTP and the shared pipeline (`src/client`); tests put fakes here. */
export interface GatewayPipeline {
  invoke(call: GatewayCall): Promise<PipelineResult>;
  stream(call: GatewayCall): PipelineStream;
}


/**
 * The gateway's calls through `createPipeline` pipelines, one per route (its router, output cap
 * and cache setting) or per upstream for direct model calls, chosen per request.
 */
export function createGatewayPipeline(): GatewayPipeline {
  const contextOf = (call: GatewayCall) => ({
    requestId: call.requestId,
    apiKeyId: call.keyId,
    signal: call.signal,
    ...(call.task !== undefined && { task: call.task }),
    ...(call.team !== undefined && { team: call.team }),
    ...(call.conversationId !== undefined && { conversationId: call.conversationId }),
    ...(call.onAnswer !== undefined && { onAnswer: call.onAnswer }),
  });
  const requestOf = (call: GatewayCall): ModelRequest => (call.target.kind === 'model' ? call.request : { ...call.request, modelId: call.target.route.modelId });
  return {
    invoke: (call) => call.target.pipelineFor(call.cache).invoke(requestOf(call), contextOf(call)),
    stream: (call) => call.target.pipelineFor(call.cache).stream(requestOf(call), contextOf(call)),
  };
}
