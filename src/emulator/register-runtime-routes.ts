import type { Context } from 'hono';
import type { Completion } from './create-simulation-engine.js';
import type { EmulatorContext, EmulatorEnv, EmulatorRoutes } from './create-emulator-app.js';
import { convertConverseRequest } from './convert-converse-request.js';
import { createEventStreamResponse } from './create-event-stream-response.js';
import { encodeChunkFrame, encodeEventFrame } from './encode-event-stream.js';
import { parseMetadataHeader } from './find-answer-key.js';
import { formatConverseStreamEvents } from './format-converse-response.js';
import { formatInvokeStreamChunks } from './format-invoke-response.js';
import { convertInvokeBody } from './convert-invoke-body.js';
import { parseJsonBody } from './request-schemas.js';

type C = Context<EmulatorEnv>;

function describe(operation: string, completion: Completion): string {
  const { usage, answer, fault } = completion;
  const cache = usage.cacheReadInputTokens + usage.cacheWriteInputTokens > 0 ? ` cacheRead=${usage.cacheReadInputTokens} cacheWrite=${usage.cacheWriteInputTokens}` : '';
  const graded = answer === undefined ? '' : ` answer=${answer.correct ? 'right' : 'wrong'}`;
  const faulted = fault.stream !== undefined ? ` fault=${fault.stream}` : fault.slowMs > 0 ? ' fault=slow' : '';
  // The id the caller sent comes first, as Bedrock's invocation logs record a router's ARN as modelId.
  const model = completion.promptRouter === undefined ? completion.model.id : `${completion.promptRouter.routerArn} -> ${completion.model.id}`;
  return `${operation} ${model} in=${usage.inputTokens}${cache} out=${usage.outputTokens} ${completion.timing.latencyMs}ms${graded}${faulted}`;
}

/** Bedrock echoes these request headers on InvokeModel responses. */
function echoedInvokeHeaders(c: C): Record<string, string> {
  const headers: Record<string, string> = {};
  const tier = c.req.header('x-amzn-bedrock-service-tier');
  const latency = c.req.header('x-amzn-bedrock-performanceconfig-latency');
  if (tier !== undefined) headers['x-amzn-bedrock-service-tier'] = tier;
  if (latency !== undefined) headers['x-amzn-bedrock-performanceconfig-latency'] = latency;
  return headers;
}

function logged(context: EmulatorContext, operation: string, completion: Completion): Completion {
  context.logger.info(describe(operation, completion));
  return completion;
}

/** Bedrock Runtime: Converse, ConverseStream, InvokeModel, InvokeModelWithResponseStream, CountTokens. */
export const registerRuntimeRoutes: EmulatorRoutes = (app, context) => {
  const { engine } = context;

  app.post('/model/:modelId/converse', async (c) => {
    const { completion, response } = engine.converse(c.req.param('modelId'), parseJsonBody(await c.req.text()));
    logged(context, 'converse', completion);
    await context.sleep(completion.timing.latencyMs);
    return c.json(response);
  });

  app.post('/model/:modelId/converse-stream', async (c) => {
    const request = convertConverseRequest(parseJsonBody(await c.req.text()));
    const completion = logged(context, 'converse-stream', engine.complete(c.req.param('modelId'), request, { streaming: true }));
    const events = formatConverseStreamEvents(completion, request.echo ?? {});
    const encode = (list: { type: string; body: unknown }[]): Uint8Array[] => list.map((event) => encodeEventFrame(event.type, event.body));
    return createEventStreamResponse(
      { completion, head: encode(events.head), deltas: encode(events.deltas), tail: encode(events.tail) },
      { sleep: context.sleep, bindings: c.env, headers: {} },
    );
  });

  app.post('/model/:modelId/invoke', async (c) => {
    const { completion, body } = engine.invoke(c.req.param('modelId'), parseJsonBody(await c.req.text()), {
      metadata: parseMetadataHeader(c.req.header('x-amzn-bedrock-request-metadata')),
    });
    logged(context, 'invoke', completion);
    await context.sleep(completion.timing.latencyMs);
    const { usage, timing } = completion;
    return c.json(body, 200, {
      'x-amzn-bedrock-input-token-count': String(usage.inputTokens),
      'x-amzn-bedrock-output-token-count': String(usage.outputTokens),
      'x-amzn-bedrock-cache-read-input-token-count': String(usage.cacheReadInputTokens),
      'x-amzn-bedrock-cache-write-input-token-count': String(usage.cacheWriteInputTokens),
      'x-amzn-bedrock-invocation-latency': String(timing.latencyMs),
      ...echoedInvokeHeaders(c),
    });
  });

  app.post('/model/:modelId/invoke-with-response-stream', async (c) => {
    const modelId = c.req.param('modelId');
    const { model } = engine.resolveModel(modelId);
    const request = { ...convertInvokeBody(model.format, parseJsonBody(await c.req.text())), metadata: parseMetadataHeader(c.req.header('x-amzn-bedrock-request-metadata')) };
    const completion = logged(context, 'invoke-with-response-stream', engine.complete(modelId, request, { streaming: true }));
    const chunks = formatInvokeStreamChunks(model.format, completion);
    return createEventStreamResponse(
      { completion, head: chunks.head.map(encodeChunkFrame), deltas: chunks.deltas.map(encodeChunkFrame), tail: chunks.tail.map(encodeChunkFrame) },
      { sleep: context.sleep, bindings: c.env, headers: { 'x-amzn-bedrock-content-type': 'application/json', ...echoedInvokeHeaders(c) } },
    );
  });

  app.post('/model/:modelId/count-tokens', async (c) => {
    const body = parseJsonBody(await c.req.text()) as { input?: unknown } | null;
    const inputTokens = engine.countTokens(c.req.param('modelId'), body?.input);
    context.logger.info(`count-tokens ${c.req.param('modelId')} ${inputTokens}`);
    return c.json({ inputTokens });
  });
};
