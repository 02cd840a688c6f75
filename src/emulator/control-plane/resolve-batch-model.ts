import { normalizeModelId } from '../../core/index.js';
import { type PricingCatalog, createPricingCatalog } from '../../pricing/index.js';
import type { BatchLimits } from './read-batch-input.js';

export type BatchModelCheck = { ok: true; label: string; limits: BatchLimits } | { ok: false; message: string };

/** Decides at CreateModelInvocationJob whether a model id can run batch jobs, and with which quotas. */
export type ResolveBatchModel = (modelId: string) => BatchModelCheck;

/**
 * Batch support and quotas (minimum and maximum records, file and job sizes) from the pricing
 * catalog, which is where frugal keeps them; inference profiles resolve to their base model.
 */
export function batchModelsFromCatalog(catalog: PricingCatalog = createPricingCatalog()): ResolveBatchModel {
  return (modelId) => {
    const resolved = normalizeModelId(modelId, catalog.registry);
    if (!resolved.ok || resolved.model.provider !== 'bedrock') {
      const detail = resolved.ok ? `${modelId} is not an Amazon Bedrock model.` : resolved.error.message;
      return { ok: false, message: `The provided model identifier is invalid. ${detail}` };
    }
    const entry = catalog.model(resolved.model.id)?.entry;
    if (entry === undefined) return { ok: false, message: `The provided model identifier is invalid: ${modelId} has no catalog entry.` };
    const label = `${entry.name} (${entry.id})`;
    if (!entry.batch.supported) {
      return {
        ok: false,
        message: `${label} does not support batch inference according to frugal's pricing catalog (source: ${entry.batch.source}). Use a model that does, or declare batch support in the catalog overrides.`,
      };
    }
    const { minRecordsPerJob, maxRecordsPerJob, maxRecordsPerFile, maxFileSizeBytes, maxJobSizeBytes } = entry.batch;
    return { ok: true, label, limits: { minRecordsPerJob, maxRecordsPerJob, maxRecordsPerFile, maxFileSizeBytes, maxJobSizeBytes } };
  };
}
