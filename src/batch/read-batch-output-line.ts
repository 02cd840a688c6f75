import { z } from 'zod';
import type { BatchBodyFormat } from './batch-plan-schema.js';

/** A line of a `.jsonl.out` file: the record with its output, or with the error that replaced it. */
export const batchOutputLineSchema = z.looseObject({
  recordId: z.string().min(1),
  modelInput: z.unknown().optional(),
  modelOutput: z.unknown().optional(),
  error: z.looseObject({ errorCode: z.union([z.number(), z.string()]).optional(), errorMessage: z.string().optional() }).optional(),
});
export type BatchOutputLine = z.output<typeof batchOutputLineSchema>;

export const batchManifestSchema = z.looseObject({
  totalRecordCount: z.number().int().nonnegative().optional(),
  processedRecordCount: z.number().int().nonnegative().optional(),
  successRecordCount: z.number().int().nonnegative().optional(),
  errorRecordCount: z.number().int().nonnegative().optional(),
  inputTokenCount: z.number().int().nonnegative().optional(),
  outputTokenCount: z.number().int().nonnegative().optional(),
});
export type BatchManifest = z.output<typeof batchManifestSchema>;

export interface RecordOutput {
  text: string;
  /** Null when the response body reports no counts (Mistral bodies do not). */
  inputTokens: number | null;
  outputTokens: number | null;
  stopReason: string | null;
}

const count = z.number().int().nonnegative();
const textBlocks = z.array(z.looseObject({ text: z.string().optional() }));
const anthropicOutput = z.looseObject({ content: textBlocks, usage: z.looseObject({ input_tokens: count, output_tokens: count }).optional(), stop_reason: z.string().nullable().optional() });
const converseOutput = z.looseObject({
  output: z.looseObject({ message: z.looseObject({ content: textBlocks }) }),
  usage: z.looseObject({ inputTokens: count, outputTokens: count }).optional(),
  stopReason: z.string().optional(),
});
const llamaOutput = z.looseObject({ generation: z.string(), prompt_token_count: count.optional(), generation_token_count: count.optional(), stop_reason: z.string().nullable().optional() });
const mistralOutput = z.looseObject({ outputs: z.array(z.looseObject({ text: z.string(), stop_reason: z.string().nullable().optional() })).min(1) });

const join = (blocks: z.output<typeof textBlocks>): string => blocks.map((block) => block.text ?? '').join('');

/**
 * The answer text, token counts and stop reason of a successful record, read from the response
 * body of the model family (InvokeModel) or Converse. Undefined when the body is not of that shape.
 */
export function readRecordOutput(modelOutput: unknown, format: BatchBodyFormat): RecordOutput | undefined {
  switch (format) {
    case 'anthropic': {
      const parsed = anthropicOutput.safeParse(modelOutput);
      if (!parsed.success) return undefined;
      const usage = parsed.data.usage;
      return { text: join(parsed.data.content), inputTokens: usage?.input_tokens ?? null, outputTokens: usage?.output_tokens ?? null, stopReason: parsed.data.stop_reason ?? null };
    }
    case 'nova':
    case 'converse': {
      const parsed = converseOutput.safeParse(modelOutput);
      if (!parsed.success) return undefined;
      const usage = parsed.data.usage;
      return { text: join(parsed.data.output.message.content), inputTokens: usage?.inputTokens ?? null, outputTokens: usage?.outputTokens ?? null, stopReason: parsed.data.stopReason ?? null };
    }
    case 'llama': {
      const parsed = llamaOutput.safeParse(modelOutput);
      if (!parsed.success) return undefined;
      return { text: parsed.data.generation, inputTokens: parsed.data.prompt_token_count ?? null, outputTokens: parsed.data.generation_token_count ?? null, stopReason: parsed.data.stop_reason ?? null };
    }
    case 'mistral': {
      const parsed = mistralOutput.safeParse(modelOutput);
      if (!parsed.success) return undefined;
      const first = parsed.data.outputs[0];
      return { text: first?.text ?? '', inputTokens: null, outputTokens: null, stopReason: first?.stop_reason ?? null };
    }
  }
}
