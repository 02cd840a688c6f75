import { type TaskSource, unattributedTask } from '../core/index.js';
import type { IngestConfig } from '../config/index.js';

export interface TaskAttribution {
  task: string;
  taskSource: TaskSource;
  team: string | null;
}

export interface AttributionInput {
  metadata: Readonly<Record<string, string>>;
  callerArn: string | null;
  modelId: string | null;
  systemText: string | null;
}

export type TaskAttributor = (input: AttributionInput) => TaskAttribution;

/** `assumed-role/<role>/<session>` (STS) or `role/<path>/<role>` (IAM) → the role name. */
export function readRoleName(arn: string | null): string | undefined {
  if (arn === null) return undefined;
  const assumed = /:assumed-role\/([^/]+)\//.exec(arn);
  if (assumed) return assumed[1];
  const role = /:role\/(?:.*\/)?([^/]+)$/.exec(arn);
  return role?.[1];
}

/**
 * Decides each call's task, in order: a requestMetadata key (`taskMetadataKeys`), the first
 * matching user rule, the caller's IAM role name (`taskFromRole`), else `unattributed`. The team
 * comes from `teamMetadataKeys`, else from the matched rule.
 */
export function createTaskAttributor(config: IngestConfig): TaskAttributor {
  const rules = config.rules.map((rule) => ({
    task: rule.task,
    team: rule.team ?? null,
    systemPrompt: rule.systemPrompt === undefined ? undefined : new RegExp(rule.systemPrompt, 'u'),
    metadata: Object.entries(rule.metadata ?? {}).map(([key, pattern]) => [key, new RegExp(pattern, 'u')] as const),
    caller: rule.caller === undefined ? undefined : new RegExp(rule.caller, 'u'),
    model: rule.model === undefined ? undefined : new RegExp(rule.model, 'u'),
  }));
  const firstValue = (metadata: Readonly<Record<string, string>>, keys: readonly string[]): string | undefined => {
    for (const key of keys) {
      const value = metadata[key]?.trim();
      if (value !== undefined && value !== '') return value;
    }
    return undefined;
  };

  return (input) => {
    const metadataTeam = firstValue(input.metadata, config.teamMetadataKeys) ?? null;
    const metadataTask = firstValue(input.metadata, config.taskMetadataKeys);
    if (metadataTask !== undefined) return { task: metadataTask, taskSource: 'metadata', team: metadataTeam };
    for (const rule of rules) {
      if (rule.systemPrompt !== undefined && (input.systemText === null || !rule.systemPrompt.test(input.systemText))) continue;
      if (rule.caller !== undefined && (input.callerArn === null || !rule.caller.test(input.callerArn))) continue;
      if (rule.model !== undefined && (input.modelId === null || !rule.model.test(input.modelId))) continue;
      if (!rule.metadata.every(([key, pattern]) => input.metadata[key] !== undefined && pattern.test(input.metadata[key] as string))) continue;
      return { task: rule.task, taskSource: 'rule', team: metadataTeam ?? rule.team };
    }
    const role = config.taskFromRole ? readRoleName(input.callerArn) : undefined;
    if (role !== undefined) return { task: role, taskSource: 'iam-role', team: metadataTeam };
    return { task: unattributedTask, taskSource: 'unattributed', team: metadataTeam };
  };
}
