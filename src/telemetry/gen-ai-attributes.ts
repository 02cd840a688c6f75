/**
 * Attribute and metric names, copied here on purpose: the npm `@opentelemetry/semantic-conventions`
 * GenAI constants live only in its `incubating` entry, are marked deprecated since the GenAI
 * conventions moved to their own repository, and may change in a minor release (the OTel AWS SDK
 * instrumentation keeps the same kind of local copy). Names follow semantic conventions v1.41
 * (https://github.com/open-telemetry/semantic-conventions/blob/v1.41.1/docs/gen-ai/gen-ai-spans.md).
 */

// Request and response (gen-ai-spans.md).
export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
export const ATTR_GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name';
export const ATTR_GEN_AI_REQUEST_MODEL = 'gen_ai.request.model';
export const ATTR_GEN_AI_REQUEST_MAX_TOKENS = 'gen_ai.request.max_tokens';
export const ATTR_GEN_AI_REQUEST_TEMPERATURE = 'gen_ai.request.temperature';
export const ATTR_GEN_AI_REQUEST_TOP_P = 'gen_ai.request.top_p';
export const ATTR_GEN_AI_REQUEST_STOP_SEQUENCES = 'gen_ai.request.stop_sequences';
export const ATTR_GEN_AI_CONVERSATION_ID = 'gen_ai.conversation.id';
export const ATTR_GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model';
export const ATTR_GEN_AI_RESPONSE_ID = 'gen_ai.response.id';
export const ATTR_GEN_AI_RESPONSE_FINISH_REASONS = 'gen_ai.response.finish_reasons';
/** Seconds from the request to the first chunk of a streamed response. */
export const ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK = 'gen_ai.response.time_to_first_chunk';

// Usage. `input_tokens` counts every input token, cached ones included (Bedrock's own
// `inputTokens` leaves cache reads and writes out, so they are added back).
export const ATTR_GEN_AI_USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens';
export const ATTR_GEN_AI_USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens';
export const ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = 'gen_ai.usage.cache_read.input_tokens';
export const ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS = 'gen_ai.usage.cache_creation.input_tokens';
/** Not in the conventions; the name cost dashboards built on OpenLLMetry-style spans look for. */
export const ATTR_GEN_AI_USAGE_COST = 'gen_ai.usage.cost';

// Content, recorded only with `captureContent` (JSON strings in the conventions' message format).
export const ATTR_GEN_AI_INPUT_MESSAGES = 'gen_ai.input.messages';
export const ATTR_GEN_AI_OUTPUT_MESSAGES = 'gen_ai.output.messages';
export const ATTR_GEN_AI_SYSTEM_INSTRUCTIONS = 'gen_ai.system_instructions';

export const ATTR_GEN_AI_TOKEN_TYPE = 'gen_ai.token.type';
export const ATTR_ERROR_TYPE = 'error.type';

export const GEN_AI_OPERATION_CHAT = 'chat';
/** `gen_ai.provider.name` for Amazon Bedrock (MUST, docs/gen-ai/aws-bedrock.md). */
export const GEN_AI_PROVIDER_AWS_BEDROCK = 'aws.bedrock';
export const GEN_AI_PROVIDER_OPENAI = 'openai';
export const GEN_AI_TOKEN_TYPE_INPUT = 'input';
export const GEN_AI_TOKEN_TYPE_OUTPUT = 'output';

// frugal's own attributes.
export const ATTR_TASK_TYPE = 'task.type';
/** USD of this call at catalog prices (unset when a billed bucket was not reported). */
export const ATTR_FRUGAL_COST_USD = 'frugal.cost.usd';
export const ATTR_FRUGAL_REQUEST_ID = 'frugal.request.id';
export const ATTR_FRUGAL_TEAM = 'frugal.team';
export const ATTR_FRUGAL_API_KEY_ID = 'frugal.api_key.id';
export const ATTR_FRUGAL_ROUTE_TIER = 'frugal.route.tier';
export const ATTR_FRUGAL_ROUTE_POLICY = 'frugal.route.policy';
export const ATTR_FRUGAL_ROUTE_REASON = 'frugal.route.reason';
export const ATTR_FRUGAL_ROUTE_RULE = 'frugal.route.rule';
export const ATTR_FRUGAL_ROUTE_SCORE = 'frugal.route.score';
export const ATTR_FRUGAL_ATTEMPT_INDEX = 'frugal.attempt.index';
export const ATTR_FRUGAL_ATTEMPT_TIER = 'frugal.attempt.tier';
export const ATTR_FRUGAL_ATTEMPT_OUTCOME = 'frugal.attempt.outcome';
export const ATTR_FRUGAL_ATTEMPT_FALLBACK = 'frugal.attempt.fallback';
export const ATTR_FRUGAL_VALIDATION_FAILURE = 'frugal.validation.failure';
export const ATTR_FRUGAL_VALIDATION_REASON = 'frugal.validation.reason';
export const ATTR_FRUGAL_CACHE_POINTS = 'frugal.cache.points';
export const ATTR_FRUGAL_CACHE_HIT = 'frugal.cache.hit';
export const ATTR_FRUGAL_SERVICE_TIER = 'frugal.service_tier';
export const ATTR_FRUGAL_STREAM = 'frugal.stream';
export const ATTR_FRUGAL_CASCADE_OUTCOME = 'frugal.cascade.outcome';
export const ATTR_FRUGAL_CASCADE_ESCALATIONS = 'frugal.cascade.escalations';
export const ATTR_FRUGAL_CASCADE_ATTEMPTS = 'frugal.cascade.attempts';
/** Sum of the attempts' `frugal.cost.usd`; on the parent span only, so summing CLIENT spans never counts twice. */
export const ATTR_FRUGAL_CASCADE_COST_USD = 'frugal.cascade.cost.usd';
export const ATTR_FRUGAL_CASCADE_FINAL_MODEL = 'frugal.cascade.final_model';

/** The parent span of a cascade (INTERNAL); its children are the `chat {model}` CLIENT spans. */
export const SPAN_NAME_CASCADE = 'frugal.cascade';
