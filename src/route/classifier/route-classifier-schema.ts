import { z } from 'zod';

/**
 * The learned router as a file: everything prediction needs (vocabulary, idf, weights, signal
 * scaling, the score sample thresholds are calibrated on), versioned and checked on load, so a
 * truncated or hand-edited file fails with a message instead of routing nonsense.
 */
export const routeClassifierFormat = 'frugal-route-classifier';
export const routeClassifierVersion = 1;

const finite = z.number().finite();

export const routeClassifierSchema = z
  .strictObject({
    format: z.literal(routeClassifierFormat),
    version: z.literal(routeClassifierVersion),
    createdAt: z.string().min(1),
    /** Model ids, cheapest first; the last is the tier everything not predicted acceptable goes to. */
    tiers: z.array(z.strictObject({ modelId: z.string().min(1), tier: z.number().int().min(1).max(3).optional() })).min(2),
    /**
     * What a head predicts. `gain`: (top − tier + 1) / 2, i.e. how much the top tier's answer beats
     * this tier's; `acceptable`: the probability that this tier's answer is acceptable (its score).
     */
    label: z.enum(['gain', 'acceptable']),
    /** `maxChars`: longer texts are read as their head and tail only (see classifierText). */
    ngrams: z.strictObject({ bigrams: z.boolean(), charMin: z.number().int().min(1).max(8), charMax: z.number().int().min(0).max(8), maxChars: z.number().int().min(100) }),
    vocabulary: z.strictObject({
      /** One letter per term: w word, b word bigram, c character n-gram. */
      kinds: z.string().regex(/^[wbc]*$/),
      terms: z.array(z.string()),
      idf: z.array(finite),
    }),
    signals: z.strictObject({ names: z.array(z.string()), tasks: z.array(z.string()), mean: z.array(finite), std: z.array(finite.positive()) }),
    /** One head per tier but the last: weights over vocabulary then signals. */
    heads: z.array(z.strictObject({ modelId: z.string().min(1), bias: finite, weights: z.array(finite) })).min(1),
    calibration: z.strictObject({
      /** Routing scores ("need for the top tier") of reference prompts, sorted; thresholds are their quantiles. */
      referenceScores: z.array(finite).min(1),
      referenceSource: z.string(),
      targetStrongShare: z.number().min(0).max(1),
      threshold: finite,
    }),
    training: z.looseObject({ sources: z.array(z.string()), rows: z.number().int().nonnegative(), trainRows: z.number().int().nonnegative(), holdoutRows: z.number().int().nonnegative() }),
  })
  .superRefine((model, context) => {
    const terms = model.vocabulary.terms.length;
    if (model.vocabulary.kinds.length !== terms || model.vocabulary.idf.length !== terms) {
      context.addIssue({ code: 'custom', path: ['vocabulary'], message: `kinds (${model.vocabulary.kinds.length}), terms (${terms}) and idf (${model.vocabulary.idf.length}) must have the same length` });
    }
    const signals = model.signals.names.length;
    if (model.signals.mean.length !== signals || model.signals.std.length !== signals) {
      context.addIssue({ code: 'custom', path: ['signals'], message: 'names, mean and std must have the same length' });
    }
    if (model.heads.length !== model.tiers.length - 1) {
      context.addIssue({ code: 'custom', path: ['heads'], message: `expected ${model.tiers.length - 1} head(s), one per tier below the top, got ${model.heads.length}` });
    }
    model.heads.forEach((head, index) => {
      if (head.weights.length !== terms + signals) {
        context.addIssue({ code: 'custom', path: ['heads', index, 'weights'], message: `expected ${terms + signals} weights (terms + signals), got ${head.weights.length}` });
      }
      if (head.modelId !== model.tiers[index]?.modelId) {
        context.addIssue({ code: 'custom', path: ['heads', index, 'modelId'], message: `head ${index} must be for tier model ${model.tiers[index]?.modelId ?? '?'}` });
      }
    });
  });

export type RouteClassifierModel = z.output<typeof routeClassifierSchema>;
