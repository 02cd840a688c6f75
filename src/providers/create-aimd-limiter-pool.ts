import { type AimdLimiter, type AimdLimiterOptions, createAimdLimiter } from './create-aimd-limiter.js';

export interface AimdLimiterPool {
  /** The limiter for one model id, created on first use. Quotas are per model, so limits are too. */
  forModel(modelId: string): AimdLimiter;
}

export function createAimdLimiterPool(options: AimdLimiterOptions): AimdLimiterPool {
  const limiters = new Map<string, AimdLimiter>();
  return {
    forModel(modelId) {
      let limiter = limiters.get(modelId);
      if (limiter === undefined) {
        limiter = createAimdLimiter(options);
        limiters.set(modelId, limiter);
      }
      return limiter;
    },
  };
}
