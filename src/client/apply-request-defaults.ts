import type { ModelRequest, ServiceTier } from '../providers/index.js';
import { capOutputTokens } from './cap-output-tokens.js';
import type { PipelineOptions, ServiceTierOption } from './pipeline-options.js';

export interface RequestAttribution {
  task: string | undefined;
  team: string | undefined;
}

function tierFor(task: string | undefined, option: ServiceTierOption | undefined): ServiceTier | undefined {
  if (option === undefined || typeof option === 'string') return option;
  return (task !== undefined ? option.tasks?.[task] : undefined) ?? option.default;
}

/**
 * The request as the pipeline sends it, before routing: the output cap, the default service tier,
 * and requestMetadata with the configured labels plus `task` and `team` when the context named them
 * (Bedrock copies requestMetadata into invocation logs, where `frugal ingest` attributes by these
 * keys). The request's own values always win.
 */
export function applyRequestDefaults(request: ModelRequest, attribution: RequestAttribution, options: Pick<PipelineOptions, 'maxOutputTokens' | 'requestMetadata' | 'serviceTier'>): ModelRequest {
  const { task, team } = attribution;
  const own = request.requestMetadata ?? {};
  const metadata: Record<string, string> = {
    ...options.requestMetadata,
    ...(task !== undefined && own['task'] === undefined && own['frugal_task'] === undefined && { task }),
    ...(team !== undefined && { team }),
    ...own,
  };
  const tier = request.serviceTier ?? tierFor(task, options.serviceTier);
  const withDefaults: ModelRequest = {
    ...request,
    ...(Object.keys(metadata).length > 0 && { requestMetadata: metadata }),
    ...(tier !== undefined && { serviceTier: tier }),
  };
  return capOutputTokens(withDefaults, task, options.maxOutputTokens);
}
