import { z } from 'zod';

/**
 * A configured prompt router in the simulated-models file (`promptRouters:`), the emulator's
 * stand-in for CreatePromptRouter: two models of one family, the fallback (the stronger one,
 * used unless the cheaper one is predicted close enough) and the quality difference, in percent,
 * the caller accepts. Invoked as `arn:aws:bedrock:<region>:<account>:prompt-router/<id>`.
 */
export const promptRouterSchema = z
  .strictObject({
    /** The ARN's last part; any Region and account match it. */
    id: z.string().regex(/^[a-z0-9]+$/i, 'a prompt-router id is letters and digits (the ARN suffix after prompt-router/)'),
    /** Model ids, inference-profile ids or ARNs; the trace names the served one as given (an id becomes an ARN). */
    models: z.tuple([z.string().min(1), z.string().min(1)]),
    fallback: z.string().min(1),
    /** 0-100: how much worse, in percent, the cheaper model's predicted quality may be. */
    responseQualityDifference: z.number().min(0).max(100).default(10),
  })
  .refine((router) => router.models.includes(router.fallback), { message: 'fallback must be one of the two models', path: ['fallback'] })
  .refine((router) => router.models[0] !== router.models[1], { message: 'the two models must differ', path: ['models'] });
export type PromptRouterInput = z.input<typeof promptRouterSchema>;

/** A router as the emulator serves it, default or configured. */
export interface PromptRouterDefinition {
  kind: 'default' | 'configured';
  /** `anthropic.claude:1` for a default router, the configured id otherwise. */
  id: string;
  /** The model the router prefers when it predicts it is good enough. */
  cheaper: string;
  /** The stronger model, served otherwise. */
  fallback: string;
  responseQualityDifference: number;
}

/** A parsed `promptRouters:` entry as a definition: the model that is not the fallback is the cheaper one. */
export function toPromptRouterDefinition(router: z.output<typeof promptRouterSchema>): PromptRouterDefinition {
  const cheaper = router.models.find((model) => model !== router.fallback) as string;
  return { kind: 'configured', id: router.id, cheaper, fallback: router.fallback, responseQualityDifference: router.responseQualityDifference };
}

/**
 * AWS's default routers and the models they pair (AWS CDK's DefaultPromptRouterIdentifier for
 * the Claude and Llama ones; Nova Lite and Pro per the Bedrock user guide). The quality difference
 * of AWS's own routers is not published; 10 is the emulator's choice.
 */
export const defaultPromptRouters: readonly PromptRouterDefinition[] = [
  { kind: 'default', id: 'anthropic.claude:1', cheaper: 'anthropic.claude-3-haiku-20240307-v1:0', fallback: 'anthropic.claude-3-5-sonnet-20240620-v1:0', responseQualityDifference: 10 },
  { kind: 'default', id: 'meta.llama:1', cheaper: 'meta.llama3-1-8b-instruct-v1:0', fallback: 'meta.llama3-1-70b-instruct-v1:0', responseQualityDifference: 10 },
  { kind: 'default', id: 'amazon.nova:1', cheaper: 'amazon.nova-lite-v1:0', fallback: 'amazon.nova-pro-v1:0', responseQualityDifference: 10 },
];
