import { InvalidArgumentError, normalizeModelId } from '../core/index.js';
import { type PricingCatalog, priceUsage } from '../pricing/index.js';
import { estimateTokens, layoutTokens, readPromptLayout } from '../cache/index.js';
import type { BatchItem } from './batch-item.js';
import { type BatchPlan, type BatchQuotas, type RecordIndexLine, batchQuotasSchema } from './batch-plan-schema.js';
import { buildModelInput, invocationTypeOf, invokeBodyFormatOf } from './build-model-input.js';
import { splitBatchJobs } from './split-batch-jobs.js';

export interface PlanBatchOptions {
  items: readonly BatchItem[];
  catalog: PricingCatalog;
  /** Any id form; profiles run as their model and price as the profile. */
  model: string;
  region?: string;
  /** `invoke`: the model family's InvokeModel body; `converse`: Converse bodies (modelInvocationType Converse). */
  api: 'invoke' | 'converse';
  /** Output cap for records that set none (Anthropic requires one). */
  maxTokens: number;
  /** Expected output tokens per record, for the estimate; default each record's cap (an upper bound). */
  outputTokens?: number;
  /** Replace the catalog's quotas (the account may have others; the emulator's minimum can be lowered). */
  quotas?: BatchQuotas;
  task?: string | null;
  input: BatchPlan['input'];
  planId: string;
  createdAt: Date;
  retryOf?: string;
}

export interface PlannedBatch {
  plan: BatchPlan;
  /** Input file contents by job index and file name, one JSON line per record. */
  files: { job: number; name: string; lines: string[] }[];
  index: RecordIndexLine[];
}

/** `R0000000001`: 11 letters and digits, which every version of Bedrock's recordId rule accepts. */
export const formatRecordId = (sequence: number): string => `R${String(sequence).padStart(10, '0')}`;

/**
 * Turns prompts into a batch plan: one Bedrock record per item (`recordId`, `modelInput` in the
 * model family's InvokeModel body or a Converse body), split into jobs and files within the
 * model's quotas from the catalog (overridable), with the on-demand and batch cost of the whole
 * run. Input tokens are the stated estimate (`estimateTokens`); output tokens are each record's
 * cap unless `outputTokens` is given. Refuses models the catalog says have no batch inference.
 */
export function planBatch(options: PlanBatchOptions): PlannedBatch {
  const { catalog } = options;
  const resolved = normalizeModelId(options.model, catalog.registry);
  if (!resolved.ok) throw resolved.error;
  const entry = catalog.model(resolved.model.id)?.entry;
  if (entry === undefined) throw new InvalidArgumentError('--model', `No catalog entry for ${resolved.model.id}.`);
  const label = `${entry.name} (${entry.id})`;
  if (!entry.batch.supported) {
    const offered = catalog.catalog.models.filter((model) => model.provider === 'bedrock' && model.batch.supported).map((model) => model.id);
    throw new InvalidArgumentError(
      '--model',
      `${label} has no batch inference on Bedrock according to the catalog (source: ${entry.batch.source}${entry.batch.note === undefined ? '' : `; ${entry.batch.note}`}). Models with batch: ${offered.join(', ')}. If your account has it, declare it under pricing.models in frugal.yaml.`,
    );
  }
  const format = options.api === 'converse' ? 'converse' : invokeBodyFormatOf(entry);
  if (format === undefined) throw new InvalidArgumentError('--api', `frugal cannot build InvokeModel bodies for ${label}; use --api converse.`);
  const region = options.region ?? resolved.model.region ?? catalog.catalog.defaultRegion;
  const quotas = batchQuotasSchema.parse({
    ...Object.fromEntries(Object.entries(entry.batch).filter(([key]) => key in batchQuotasSchema.shape)),
    ...options.quotas,
  });

  const records = options.items.map((item, position) => {
    const inferenceConfig = { ...item.request.inferenceConfig, maxTokens: item.request.inferenceConfig?.maxTokens ?? options.maxTokens };
    const request = { ...item.request, modelId: options.model, inferenceConfig };
    let modelInput: Record<string, unknown>;
    try {
      modelInput = item.modelInput?.format === format ? item.modelInput.body : buildModelInput(request, format);
    } catch (error) {
      if (error instanceof InvalidArgumentError) throw new InvalidArgumentError(error.argument, `${item.source ?? item.id}: ${error.message}`);
      throw error;
    }
    const recordId = formatRecordId(position + 1);
    const line = JSON.stringify({ recordId, modelInput });
    const prompt = modelInput['prompt'];
    const inputTokens = typeof prompt === 'string' ? estimateTokens(prompt) : layoutTokens(readPromptLayout(request));
    return { item, recordId, line, bytes: Buffer.byteLength(line, 'utf8') + 1, inputTokens, outputTokens: options.outputTokens ?? inferenceConfig.maxTokens };
  });

  const split = splitBatchJobs(records.map((record) => record.bytes), quotas, label);
  const files: PlannedBatch['files'] = [];
  const index: RecordIndexLine[] = [];
  const jobs = split.map((job, jobPosition) => {
    const jobIndex = jobPosition + 1;
    const plannedFiles = job.files.map((file, filePosition) => {
      const name = `part-${String(filePosition + 1).padStart(3, '0')}.jsonl`;
      const lines = file.records.map((position) => {
        const record = records[position];
        if (record === undefined) throw new Error(`record ${position} missing`);
        index.push({ recordId: record.recordId, job: jobIndex, file: name, itemId: record.item.id, source: record.item.source, task: record.item.task ?? options.task ?? null, inputTokens: record.inputTokens });
        return record.line;
      });
      files.push({ job: jobIndex, name, lines });
      return { name, records: lines.length, bytes: file.bytes };
    });
    return { index: jobIndex, name: `frugal-${options.planId}-${String(jobIndex).padStart(2, '0')}`, files: plannedFiles, records: job.records, bytes: job.bytes };
  });

  const inputTokens = records.reduce((sum, record) => sum + record.inputTokens, 0);
  const outputTokens = records.reduce((sum, record) => sum + record.outputTokens, 0);
  const price = (mode: 'on-demand' | 'batch') => priceUsage({ model: options.model, region, mode, inputTokens, outputTokens }, catalog);
  const onDemand = price('on-demand');
  const batch = price('batch');
  const plan: BatchPlan = {
    version: 1,
    planId: options.planId,
    createdAt: options.createdAt.toISOString(),
    model: { id: options.model, canonicalId: entry.id, name: entry.name, region },
    invocationType: invocationTypeOf(format),
    bodyFormat: format,
    quotas,
    task: options.task ?? null,
    input: options.input,
    retryOf: options.retryOf ?? null,
    records: records.length,
    jobs,
    estimate: {
      inputTokens,
      outputTokens,
      outputBasis: options.outputTokens === undefined ? 'cap' : 'given',
      onDemand: { total: onDemand.total, pricingStatus: onDemand.pricingStatus },
      batch: { total: batch.total, pricingStatus: batch.pricingStatus },
      priceVersion: catalog.version,
      warnings: [...new Set([...onDemand.warnings, ...batch.warnings])],
    },
  };
  return { plan, files, index };
}
