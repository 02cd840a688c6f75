import type { AggregateDimension } from './ledger.js';

/** The column behind each aggregate dimension (shared by every grouped query). */
export const dimensionColumns: Record<AggregateDimension, string> = {
  source: 'source',
  provider: 'provider',
  serviceName: 'service_name',
  region: 'region',
  accountId: 'account_id',
  callerArn: 'caller_arn',
  operation: 'operation',
  modelId: 'model_id',
  modelFamily: 'model_family',
  modelTier: 'model_tier',
  inferenceScope: 'inference_scope',
  mode: 'mode',
  usageType: 'usage_type',
  task: 'task',
  taskSource: 'task_source',
  team: 'team',
  costBasis: 'cost_basis',
  stopReason: 'stop_reason',
  systemPromptHash: 'system_prompt_hash',
};
