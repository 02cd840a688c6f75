import { parseModelId } from '../core/index.js';
import type { Prompt } from './create-prompt.js';
import { EmulatorApiError, validationError } from './emulator-api-error.js';
import { pickRoutedModel, type RoutedChoice } from './pick-routed-model.js';
import { defaultPromptRouters, type PromptRouterDefinition } from './prompt-router-schema.js';

/** What a routed request carries into its response: Converse's `trace.promptRouter`. */
export interface PromptRouterTrace {
  /** The ARN the caller sent as modelId. */
  routerArn: string;
  /** The served model as Bedrock names it: a foundation-model or inference-profile ARN. */
  invokedModelId: string;
}

export interface RoutedRequest extends RoutedChoice {
  router: PromptRouterDefinition;
  trace: PromptRouterTrace;
}

export interface PromptRouters {
  readonly definitions: readonly PromptRouterDefinition[];
  /** Whether the id is a prompt-router ARN at all, known to the emulator or not. */
  isRouterArn(modelId: string): boolean;
  /** The served model for a router ARN; undefined for any other id; ResourceNotFoundException for an unknown router. */
  route(modelId: string, prompt: Prompt): RoutedRequest | undefined;
}

const routerResources = new Set(['default-prompt-router', 'prompt-router']);

/** Geographic profile a default router's models run under in a Region (as AWS CDK maps them); none elsewhere. */
function geoPrefix(region: string): string | undefined {
  if (region.startsWith('us-gov-')) return 'us-gov';
  if (region.startsWith('us-')) return 'us';
  if (region.startsWith('eu-')) return 'eu';
  if (region.startsWith('ap-')) return 'apac';
  return undefined;
}

/**
 * The trace's invokedModelId for a router model. Default routers run their models through the
 * Region's cross-Region profile, so Bedrock reports an inference-profile ARN; a configured
 * router's model is reported as it was configured (an id given in the models file becomes its ARN).
 */
function toInvokedModelArn(modelId: string, router: PromptRouterDefinition, arn: { partition: string; region: string; account: string }): string {
  if (modelId.startsWith('arn:')) return modelId;
  const { partition, region, account } = arn;
  if (parseModelId(modelId).profile !== undefined) return `arn:${partition}:bedrock:${region}:${account}:inference-profile/${modelId}`;
  const geo = router.kind === 'default' ? geoPrefix(region) : undefined;
  if (geo !== undefined) return `arn:${partition}:bedrock:${region}:${account}:inference-profile/${geo}.${modelId}`;
  return `arn:${partition}:bedrock:${region}::foundation-model/${modelId}`;
}

/** AWS's default routers plus the configured ones, resolved from the ARNs a caller sends. */
export function createPromptRouters(configured: readonly PromptRouterDefinition[] = []): PromptRouters {
  const definitions = [...defaultPromptRouters, ...configured];
  const find = (kind: PromptRouterDefinition['kind'], id: string): PromptRouterDefinition | undefined =>
    definitions.find((router) => router.kind === kind && router.id.toLowerCase() === id);
  const isRouterArn = (modelId: string): boolean => routerResources.has(parseModelId(modelId).arnResource ?? '');

  return {
    definitions,
    isRouterArn,
    route(modelId, prompt) {
      const parsed = parseModelId(modelId);
      if (!routerResources.has(parsed.arnResource ?? '')) return undefined;
      if (parsed.region === undefined) throw validationError(`The provided model identifier is invalid: ${modelId} names no Region.`);
      const kind = parsed.arnResource === 'default-prompt-router' ? 'default' : 'configured';
      const router = find(kind, parsed.baseId);
      if (router === undefined) {
        const known = (wanted: PromptRouterDefinition['kind']): string => definitions.filter((entry) => entry.kind === wanted).map((entry) => entry.id).join(', ') || 'none';
        throw new EmulatorApiError(
          'ResourceNotFoundException',
          `Prompt router ${modelId} is not simulated by this emulator. Default routers: ${known('default')}; configured routers: ${known('configured')} (declare them under promptRouters in the --models file).`,
        );
      }
      const choice = pickRoutedModel(prompt, router);
      const partition = /^arn:(aws[a-z-]*):/i.exec(modelId)?.[1] ?? 'aws';
      const invokedModelId = toInvokedModelArn(choice.modelId, router, { partition, region: parsed.region, account: parsed.accountId ?? '' });
      return { ...choice, router, trace: { routerArn: modelId, invokedModelId } };
    },
  };
}
