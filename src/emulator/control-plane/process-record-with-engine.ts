import type { Completion, SimulationEngine } from '../create-simulation-engine.js';
import { EmulatorApiError } from '../emulator-api-error.js';
import type { ProcessBatchRecord } from './batch-job.js';
import { type ResolveBatchModel, batchModelsFromCatalog } from './resolve-batch-model.js';

const tokens = (completion: Completion): { inputTokens: number; outputTokens: number } => ({
  // Batch never caches, so cache buckets are 0; add them anyway so the manifest counts every input token.
  inputTokens: completion.usage.inputTokens + completion.usage.cacheReadInputTokens + completion.usage.cacheWriteInputTokens,
  outputTokens: completion.usage.outputTokens,
});

/**
 * Runs batch records through the emulator's simulation engine in batch mode (no faults, no
 * prompt caching, as on Bedrock). A body the model rejects becomes that record's error line
 * with the status the runtime API would have answered (400 for a malformed body).
 */
export function processRecordWithEngine(engine: SimulationEngine): ProcessBatchRecord {
  return async (modelId, modelInput, invocationType) => {
    try {
      if (invocationType === 'Converse') {
        const { completion, response } = engine.converse(modelId, modelInput, { mode: 'batch' });
        return { modelOutput: response, usage: tokens(completion) };
      }
      const { completion, body } = engine.invoke(modelId, modelInput, { mode: 'batch' });
      return { modelOutput: body, usage: tokens(completion) };
    } catch (error) {
      if (error instanceof EmulatorApiError) return { error: { errorCode: error.status, errorMessage: error.message } };
      throw error;
    }
  };
}

/** A model takes batch jobs when the emulator simulates it and the pricing catalog says it offers batch. */
export function batchModelsForEngine(engine: SimulationEngine, fromCatalog: ResolveBatchModel = batchModelsFromCatalog()): ResolveBatchModel {
  return (modelId) => {
    try {
      engine.resolveModel(modelId);
    } catch (error) {
      if (error instanceof EmulatorApiError) return { ok: false, message: `The provided model identifier is invalid. ${error.message}` };
      throw error;
    }
    return fromCatalog(modelId);
  };
}
