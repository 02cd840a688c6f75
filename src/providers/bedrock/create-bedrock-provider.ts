import {
  BedrockRuntimeClient,
  type BedrockRuntimeClientConfig,
  ConverseCommand,
  ConverseStreamCommand,
  CountTokensCommand,
  InvokeModelCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { InvalidArgumentError, ProviderError } from '../../core/index.js';
import { formatSchemaIssues } from '../../pricing/index.js';
import { type CallPolicySettings, createCallPolicy } from '../call-policy.js';
import type { CallOptions, ModelProvider, ModelResult, ModelStream } from '../model-provider.js';
import { type ModelRequest, parseModelRequest } from '../model-request.js';
import { runModelCall, runWithPolicy } from '../run-model-call.js';
import { runModelStream } from '../run-model-stream.js';
import { anthropicResponseSchema, convertAnthropicResponse } from './convert-anthropic-response.js';
import { convertConverseResponse, readServiceTier } from './convert-converse-response.js';
import { mapBedrockError } from './map-bedrock-error.js';
import { prepareAnthropicBody } from './prepare-anthropic-body.js';
import { prepareConverseInput } from './prepare-converse-input.js';
import { readConverseStream } from './read-converse-stream.js';

export interface BedrockProviderSettings extends CallPolicySettings {
  /**
   * A client to use as is. Create it with `maxAttempts: 1`: our retries must be the only ones, or
   * throttling would be retried twice and the AIMD limiter would never see it.
   */
  client?: BedrockRuntimeClient;
  /** For a client created here. `endpoint` points it elsewhere, e.g. at `frugal emulator`. */
  region?: string;
  endpoint?: string;
  credentials?: BedrockRuntimeClientConfig['credentials'];
}

export interface CountTokensResult {
  inputTokens: number;
  requestId: string | null;
  raw: unknown;
}

export interface BedrockProvider extends ModelProvider {
  readonly client: BedrockRuntimeClient;
  /** InvokeModel with an Anthropic Messages body built from the request (cache points become cache_control). */
  invokeModel(request: ModelRequest, options?: CallOptions): Promise<ModelResult>;
  /** Bedrock CountTokens (free): the input tokens the request would be billed, as Converse or as an InvokeModel body. */
  countTokens(request: ModelRequest, options?: CallOptions & { api?: 'converse' | 'invoke-model' }): Promise<CountTokensResult>;
}

/**
 * Amazon Bedrock through the AWS SDK v3: Converse, ConverseStream, InvokeModel (Anthropic bodies)
 * and CountTokens, with the shared retry, timeout and AIMD policy.
 */
export function createBedrockProvider(settings: BedrockProviderSettings = {}): BedrockProvider {
  const client =
    settings.client ??
    new BedrockRuntimeClient({
      maxAttempts: 1,
      ...(settings.region !== undefined && { region: settings.region }),
      ...(settings.endpoint !== undefined && { endpoint: settings.endpoint }),
      ...(settings.credentials !== undefined && { credentials: settings.credentials }),
    });
  const policy = createCallPolicy('bedrock', settings);
  let clientChecked: Promise<void> | undefined;

  // Checked once, on first use, because the client's settings are async providers.
  function checkClient(): Promise<void> {
    clientChecked ??= client.config.maxAttempts().then((attempts) => {
      if (attempts > 1) {
        throw new InvalidArgumentError(
          'client',
          `The injected BedrockRuntimeClient retries on its own (maxAttempts ${attempts}). Create it with maxAttempts: 1 so frugal's retries and concurrency limiter see every throttle.`,
        );
      }
    });
    return clientChecked;
  }

  function mapError(modelId: string) {
    return (error: unknown, phase: 'request' | 'stream' = 'request') => mapBedrockError(error, { modelId, phase, now: policy.now });
  }

  async function invoke(input: ModelRequest, options?: CallOptions): Promise<ModelResult> {
    const request = parseModelRequest(input);
    await checkClient();
    const command = prepareConverseInput(request);
    return runModelCall({
      policy,
      modelId: request.modelId,
      options,
      mapError: mapError(request.modelId),
      send: async (signal) => convertConverseResponse(await client.send(new ConverseCommand(command), { abortSignal: signal })),
    });
  }

  function stream(input: ModelRequest, options?: CallOptions): ModelStream {
    const request = parseModelRequest(input);
    const command = prepareConverseInput(request);
    return runModelStream({
      policy,
      modelId: request.modelId,
      options,
      mapError: mapError(request.modelId),
      prepare: checkClient,
      open: async (signal) => {
        const output = await client.send(new ConverseStreamCommand(command), { abortSignal: signal });
        if (output.stream === undefined) {
          throw new ProviderError('PROVIDER_ERROR', 'ConverseStream returned no event stream.', { provider: 'bedrock', modelId: request.modelId }, false);
        }
        return { requestId: output.$metadata.requestId ?? null, parts: readConverseStream(output.stream) };
      },
    });
  }

  async function invokeModel(input: ModelRequest, options?: CallOptions): Promise<ModelResult> {
    const request = parseModelRequest(input);
    await checkClient();
    const body = new TextEncoder().encode(JSON.stringify(prepareAnthropicBody(request)));
    return runModelCall({
      policy,
      modelId: request.modelId,
      options,
      mapError: mapError(request.modelId),
      send: async (signal) => {
        const command = new InvokeModelCommand({
          modelId: request.modelId,
          body,
          contentType: 'application/json',
          accept: 'application/json',
          ...(request.serviceTier !== undefined && { serviceTier: request.serviceTier }),
          ...(request.performanceConfig !== undefined && { performanceConfigLatency: request.performanceConfig.latency }),
          ...(request.requestMetadata !== undefined && { requestMetadata: JSON.stringify(request.requestMetadata) }),
        });
        const headers = captureResponseHeaders(command);
        const output = await client.send(command, { abortSignal: signal });
        const requestId = output.$metadata.requestId ?? null;
        const text = new TextDecoder().decode(output.body ?? new Uint8Array());
        const parsed = anthropicResponseSchema.safeParse(safeJson(text));
        if (!parsed.success) {
          throw new ProviderError(
            'PROVIDER_ERROR',
            `InvokeModel returned a body that is not an Anthropic Messages response (${formatSchemaIssues(parsed.error).join('; ')}). Use invokeModel only with Anthropic Claude models.`,
            { provider: 'bedrock', modelId: request.modelId, requestId: requestId ?? undefined },
            false,
          );
        }
        const response = convertAnthropicResponse(parsed.data, { requestId, serviceTier: readServiceTier({ type: output.serviceTier }) });
        // InvokeModel reports the service's own latency only in a response header.
        const latency = Number.parseInt(headers.current['x-amzn-bedrock-invocation-latency'] ?? '', 10);
        return { ...response, serviceMs: Number.isNaN(latency) ? null : latency };
      },
    });
  }

  async function countTokens(input: ModelRequest, options: CallOptions & { api?: 'converse' | 'invoke-model' } = {}): Promise<CountTokensResult> {
    const request = parseModelRequest(input);
    await checkClient();
    const converse = prepareConverseInput(request);
    const countInput =
      options.api === 'invoke-model'
        ? { invokeModel: { body: new TextEncoder().encode(JSON.stringify(prepareAnthropicBody(request))) } }
        : {
            converse: {
              messages: converse.messages,
              ...(converse.system !== undefined && { system: converse.system }),
              ...(converse.toolConfig !== undefined && { toolConfig: converse.toolConfig }),
            },
          };
    // CountTokens has its own quota, so it does not take a slot from the model's limiter.
    const { value } = await runWithPolicy({
      policy,
      modelId: request.modelId,
      options,
      limit: false,
      mapError: mapError(request.modelId),
      send: (signal) => client.send(new CountTokensCommand({ modelId: request.modelId, input: countInput }), { abortSignal: signal }),
    });
    if (value.inputTokens === undefined) {
      throw new ProviderError('PROVIDER_ERROR', 'CountTokens answered without inputTokens.', { provider: 'bedrock', modelId: request.modelId, requestId: value.$metadata.requestId }, false);
    }
    return { inputTokens: value.inputTokens, requestId: value.$metadata.requestId ?? null, raw: value };
  }

  return { name: 'bedrock', client, invoke, stream, invokeModel, countTokens };
}

/** Reads the raw HTTP response headers of one command, which its typed output leaves out. */
function captureResponseHeaders(command: InvokeModelCommand): { current: Record<string, string | undefined> } {
  const captured: { current: Record<string, string | undefined> } = { current: {} };
  command.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const response = result.response as { headers?: Record<string, string | undefined> } | undefined;
      captured.current = response?.headers ?? {};
      return result;
    },
    { step: 'deserialize', name: 'frugalCaptureResponseHeaders' },
  );
  return captured;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
