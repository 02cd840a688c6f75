import type { Handler, MiddlewareHandler } from 'hono';
import { convertRequestBody } from '../../cache/index.js';
import { GatewayHttpError } from '../errors/gateway-http-error.js';
import { toGatewayHttpError } from '../errors/to-gateway-http-error.js';
import type { GatewayEnv } from '../gateway-env.js';
import type { GatewayServices } from '../gateway-services.js';
import { findContentFilter, invokePipeline, openPipelineStream } from '../pipeline/call-pipeline.js';
import { createEventBody } from '../server/create-event-body.js';
import { readConversationId, readTask } from '../server/read-json-body.js';
import { createConverseStreamEncoder } from './create-converse-stream-encoder.js';
import { formatConverseResponse } from './format-converse-response.js';

/**
 * Reads a Converse / ConverseStream body (the AWS SDK's wire JSON) with the cache module's body
 * converter; the model id comes from the path and names a route or a model. Fields the gateway
 * cannot pass on (guardrails, additionalModelRequestFields, prompt variables) are refused by name
 * rather than dropped, since dropping them would change the answer.
 */
export function parseConverse(stream: boolean): MiddlewareHandler<GatewayEnv> {
  return async function parseConverse(c, next) {
    const model = c.req.param('modelId') ?? '';
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text()) as unknown;
    } catch {
      throw new GatewayHttpError('invalid_request', 'The request body is not valid JSON.');
    }
    const converted = convertRequestBody(body, model);
    if (converted.format !== 'converse') throw new GatewayHttpError('invalid_request', `This endpoint takes a Converse body, not a ${converted.format} body.`);
    if (converted.dropped.length > 0) throw new GatewayHttpError('invalid_request', `The gateway does not pass on ${converted.dropped.join(', ')}; remove them or call Bedrock directly.`);
    const request = converted.request;
    c.set('call', { request, stream, includeUsage: true, model, task: readTask(c, request.requestMetadata), conversationId: readConversationId(c) });
    await next();
  };
}

const unknownUsage = { inputTokens: null, cacheReadTokens: null, cacheWrite5mTokens: null, cacheWrite1hTokens: null, outputTokens: null, raw: undefined };
const noLatency = { totalMs: 0, attemptMs: 0, firstTokenMs: null, lastTokenMs: null, serviceMs: null, retryWaitMs: 0, queueMs: 0, attempts: 1 };

/**
 * `POST /model/{id}/converse` and `/converse-stream`: the call through the pipeline, answered as
 * Bedrock answers — a Converse JSON body, or an `application/vnd.amazon.eventstream` of
 * ConverseStream frames. A content filter is a normal answer with stopReason `content_filtered`.
 */
export function converse(services: Pick<GatewayServices, 'pipeline' | 'metrics'>): Handler<GatewayEnv> {
  return async function converse(c) {
    const call = c.get('call');
    const target = c.get('target');
    const fromBedrock = target.upstream.config.type === 'bedrock';
    if (!call.stream) {
      try {
        const { result } = await invokePipeline(c, services);
        c.header('x-frugal-model', result.modelId);
        return c.json(formatConverseResponse(result, fromBedrock));
      } catch (error) {
        const filtered = findContentFilter(error);
        if (filtered === undefined) throw error;
        const modelId = filtered.modelId ?? call.request.modelId;
        const content = filtered.outputText === '' ? [] : [{ type: 'text' as const, text: filtered.outputText }];
        const output = { content, stopReason: 'content-filter' as const, rawStopReason: filtered.stopReason ?? null };
        return c.json(formatConverseResponse({ output, usage: filtered.usage ?? unknownUsage, latency: noLatency, modelId, requestedModelId: modelId, requestId: null, serviceTier: null, raw: undefined }, fromBedrock));
      }
    }
    const { iterator, first } = await openPipelineStream(c, services);
    if (first.done !== true && first.value.type === 'start') c.header('x-frugal-model', first.value.modelId);
    const { body, finished } = createEventBody(iterator, first, createConverseStreamEncoder(fromBedrock));
    c.get('track')(
      finished.then(({ outcome, error }) => {
        if (outcome === 'failed') services.metrics.error(`stream_${toGatewayHttpError(error).kind}`);
      }),
    );
    return c.body(body, 200, { 'content-type': 'application/vnd.amazon.eventstream' });
  };
}
