import { ConverseCommand, type ConverseCommandInput, ConverseStreamCommand, type ConverseStreamCommandInput, type ConverseStreamCommandOutput, type ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import type { Meter, Tracer } from '@opentelemetry/api';
import { InvalidArgumentError, type UsageRow } from '../core/index.js';
import type { Ledger } from '../ledger/index.js';
import { type BedrockProviderSettings, createBedrockProvider, type ModelProvider } from '../providers/index.js';
import { createRouter, type Router, type RouterConfig } from '../route/index.js';
import { createGenAiTelemetry, type GenAiTelemetry, type GenAiTelemetryOptions } from '../telemetry/index.js';
import { convertConverseInput } from './convert-converse-input.js';
import { convertToConverseOutput, type FrugalCallInfo, type FrugalConverseOutput, toFrugalCallInfo } from './convert-to-converse-output.js';
import { convertToConverseStream } from './convert-to-converse-stream.js';
import { createLedgerUsageSink } from './create-ledger-usage-sink.js';
import { createPipeline } from './create-pipeline.js';
import type { PipelineContext } from './pipeline-context.js';
import type { PipelineOptions, ProviderResolver } from './pipeline-options.js';
import type { Pipeline } from './pipeline-result.js';
import { createCallbackUsageSink, type UsageSink } from './usage-sink.js';

export interface ClientOptions extends Omit<PipelineOptions, 'provider' | 'router' | 'telemetry' | 'usageSink' | 'entryPoint'>, Pick<BedrockProviderSettings, 'endpoint' | 'credentials' | 'retry' | 'limiters' | 'timeoutMs'> {
  /** A provider (or one per model id); otherwise a Bedrock provider from `region`, `endpoint`, `credentials`. */
  provider?: ModelProvider | ProviderResolver;
  /** A router, or its configuration (tiers, rules, classifier): `createRouter` is called for you. */
  router?: Router | RouterConfig;
  /** Where usage rows go: a sink, or a function called with each request's rows. */
  usageSink?: UsageSink | ((rows: readonly UsageRow[]) => void | Promise<void>);
  /** Shorthand for a buffered ledger sink (`createLedgerUsageSink`); `close()` flushes it. */
  ledger?: Ledger;
  /** Spans and metrics through this tracer and meter (the global ones by default). */
  tracer?: Tracer;
  meter?: Meter;
  /** Telemetry settings or your own implementation; `false` for none. */
  telemetry?: GenAiTelemetry | GenAiTelemetryOptions | false;
}

/** frugal's per-request context, or the SDK's `send` options with it under `frugal`. */
export type ClientRequestOptions = PipelineContext & { abortSignal?: AbortSignal; frugal?: PipelineContext };

export type FrugalConverseStreamOutput = ConverseStreamCommandOutput & {
  stream: AsyncIterable<ConverseStreamOutput>;
  /** Routing, attempts and cost, once the stream has ended. */
  frugal: Promise<FrugalCallInfo>;
};

export interface FrugalClient {
  /** `ConverseCommand`'s input in, its output out, plus `frugal` (decision, attempts, cost). */
  converse(input: ConverseCommandInput, options?: ClientRequestOptions): Promise<FrugalConverseOutput>;
  /** `ConverseStreamCommand`'s input; resolves when the first delta is ready (errors before it reject here, as with the SDK). */
  converseStream(input: ConverseStreamCommandInput, options?: ClientRequestOptions): Promise<FrugalConverseStreamOutput>;
  /** Drop-in for `BedrockRuntimeClient.send` with a ConverseCommand or ConverseStreamCommand. */
  send(command: ConverseCommand, options?: ClientRequestOptions): Promise<FrugalConverseOutput>;
  send(command: ConverseStreamCommand, options?: ClientRequestOptions): Promise<FrugalConverseStreamOutput>;
  readonly pipeline: Pipeline;
  /** Writes buffered usage rows. */
  flush(): Promise<void>;
  /** Flushes and closes the usage sink (not the ledger, which is yours). */
  close(): Promise<void>;
}

const isRouter = (router: Router | RouterConfig): router is Router => typeof (router as Router).route === 'function';
const isTelemetry = (value: GenAiTelemetry | GenAiTelemetryOptions): value is GenAiTelemetry => typeof (value as GenAiTelemetry).startCall === 'function';

function contextOf(options: ClientRequestOptions | undefined): PipelineContext | undefined {
  if (options === undefined) return undefined;
  const { abortSignal, frugal, ...context } = options;
  const signal = abortSignal ?? frugal?.signal ?? context.signal;
  return { ...context, ...frugal, ...(signal !== undefined && { signal }) };
}

/**
 * A Bedrock Converse client that runs every call through frugal's pipeline: routing, automatic
 * cache points, output caps, cascades, usage rows and GenAI telemetry. Code already on Converse
 * changes one line:
 *
 * ```ts
 * const client = createClient({ region: 'us-east-1' }); // was: new BedrockRuntimeClient({ region: 'us-east-1' })
 * const response = await client.send(new ConverseCommand(input));
 * ```
 */
export function createClient(options: ClientOptions = {}): FrugalClient {
  const { provider: given, router, usageSink, ledger, tracer, meter, telemetry, endpoint, credentials, retry, limiters, timeoutMs, ...pipelineOptions } = options;
  const provider =
    given ??
    createBedrockProvider({
      ...(options.region !== undefined && { region: options.region }),
      ...(endpoint !== undefined && { endpoint }),
      ...(credentials !== undefined && { credentials }),
      ...(retry !== undefined && { retry }),
      ...(limiters !== undefined && { limiters }),
      ...(timeoutMs !== undefined && { timeoutMs }),
    });
  if (usageSink !== undefined && ledger !== undefined) throw new InvalidArgumentError('usageSink', 'Give either usageSink or ledger, not both.');
  const logger = options.logger;
  const sink = ledger !== undefined ? createLedgerUsageSink(ledger, logger === undefined ? {} : { logger }) : typeof usageSink === 'function' ? createCallbackUsageSink(usageSink) : usageSink;
  const resolvedTelemetry =
    telemetry === false
      ? undefined
      : telemetry !== undefined && isTelemetry(telemetry)
        ? telemetry
        : createGenAiTelemetry({ ...(options.captureContent !== undefined && { captureContent: options.captureContent }), ...telemetry, ...(tracer !== undefined && { tracer }), ...(meter !== undefined && { meter }) });
  const pipeline = createPipeline({
    ...pipelineOptions,
    provider,
    ...(router !== undefined && { router: isRouter(router) ? router : createRouter(router) }),
    ...(sink !== undefined && { usageSink: sink }),
    ...(resolvedTelemetry !== undefined && { telemetry: resolvedTelemetry }),
    entryPoint: 'client',
  });

  async function converse(input: ConverseCommandInput, requestOptions?: ClientRequestOptions): Promise<FrugalConverseOutput> {
    return convertToConverseOutput(await pipeline.invoke(convertConverseInput(input), contextOf(requestOptions)));
  }

  async function converseStream(input: ConverseStreamCommandInput, requestOptions?: ClientRequestOptions): Promise<FrugalConverseStreamOutput> {
    const stream = pipeline.stream(convertConverseInput(input), contextOf(requestOptions));
    const events = stream[Symbol.asyncIterator]();
    const first = await events.next();
    const frugal = stream.result.then(toFrugalCallInfo);
    // Marked handled: a caller who never reads `frugal` must not get an unhandled rejection.
    frugal.catch(() => undefined);
    return { $metadata: { httpStatusCode: 200 }, stream: convertToConverseStream(first, events), frugal };
  }

  function send(command: ConverseCommand, requestOptions?: ClientRequestOptions): Promise<FrugalConverseOutput>;
  function send(command: ConverseStreamCommand, requestOptions?: ClientRequestOptions): Promise<FrugalConverseStreamOutput>;
  function send(command: ConverseCommand | ConverseStreamCommand, requestOptions?: ClientRequestOptions): Promise<FrugalConverseOutput | FrugalConverseStreamOutput> {
    if (command instanceof ConverseStreamCommand) return converseStream(command.input, requestOptions);
    if (command instanceof ConverseCommand) return converse(command.input, requestOptions);
    return Promise.reject(new InvalidArgumentError('command', 'frugal clients send ConverseCommand and ConverseStreamCommand; use a BedrockRuntimeClient for other commands.'));
  }

  return {
    converse,
    converseStream,
    send,
    pipeline,
    flush: () => pipeline.flush(),
    async close() {
      await pipeline.flush();
      await sink?.close?.();
    },
  };
}
