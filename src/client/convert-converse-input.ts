import type { ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import { InvalidArgumentError } from '../core/index.js';
import { convertRequestBody } from '../cache/index.js';
import type { ModelRequest } from '../providers/index.js';

/**
 * Converse fields the pipeline cannot pass on yet. Refused rather than dropped: a guardrail or a
 * model-specific field silently left out would change what the caller asked for.
 */
const unsupported = ['guardrailConfig', 'additionalModelRequestFields', 'additionalModelResponseFieldPaths', 'promptVariables', 'outputConfig'] as const;

/**
 * The input of `ConverseCommand` / `ConverseStreamCommand` as frugal's request (the body reader
 * the cache planner uses: `toolConfig` becomes `tools`/`toolChoice`, `serviceTier: {type}` a
 * tier), validated by the providers' strict schema so an unsupported block (document, video,
 * reasoning) is an error naming it.
 */
export function convertConverseInput(input: ConverseCommandInput): ModelRequest {
  if (typeof input !== 'object' || input === null) throw new InvalidArgumentError('input', 'Pass the ConverseCommand input: { modelId, messages, ... }.');
  const fields = input as unknown as Record<string, unknown>;
  const refused = unsupported.filter((field) => fields[field] !== undefined);
  if (refused.length > 0) {
    throw new InvalidArgumentError('input', `frugal's client does not pass ${refused.join(', ')} on to the model yet; call Bedrock directly for these requests.`);
  }
  if (typeof input.modelId !== 'string' || input.modelId.length === 0) throw new InvalidArgumentError('modelId', 'modelId is required (the router may replace it).');
  const { modelId, ...body } = fields;
  return convertRequestBody(body, modelId as string).request;
}
