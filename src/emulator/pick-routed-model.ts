import { type Prompt, promptTokens } from './create-prompt.js';
import type { PromptRouterDefinition } from './prompt-router-schema.js';

/**
 * Phrases that mark a request as hard work. Bedrock's router is a learned quality predictor we
 * cannot copy, so the emulator stands in a rule a test author can reason about.
 */
const difficultySignals: readonly (readonly [string, RegExp])[] = [
  ['step by step', /\bstep[- ]by[- ]step\b/],
  ['proof', /\b(?:prove|proof|derive|derivation)\b/],
  ['analysis', /\banaly[sz](?:e|es|is)\b/],
  ['comparison', /\b(?:compare|comparison|trade-?offs?)\b/],
  ['code', /```|\b(?:debug|refactor|implement)\b/],
  ['reasoning', /\b(?:explain why|reason through|optimi[sz]e)\b/],
];

/** Input tokens per point of predicted quality gap. */
export const tokensPerGapPoint = 20;
/** Points each difficulty signal adds. */
export const gapPointsPerSignal = 25;

export interface RoutedChoice {
  /** The router's cheaper model or its fallback, as the router names it. */
  modelId: string;
  /** The emulator's stand-in for "how much worse the cheaper model would answer", in percent. */
  predictedGap: number;
  signals: string[];
}

/**
 * The emulator's routing rule, deterministic so tests can aim at either model:
 *
 *   predictedGap = floor(input tokens / 20) + 25 × (difficulty signals in the messages' text)
 *
 * and the cheaper model serves when predictedGap ≤ the router's responseQualityDifference
 * (10 for the default routers: no signal and under 220 input tokens). Input tokens are the
 * whole prompt (tools, system, messages), cached or not.
 */
export function pickRoutedModel(prompt: Prompt, router: PromptRouterDefinition): RoutedChoice {
  const text = prompt.blocks
    .filter((block) => block.section === 'messages')
    .map((block) => block.text)
    .join('\n')
    .toLowerCase();
  const signals = difficultySignals.filter(([, pattern]) => pattern.test(text)).map(([name]) => name);
  const predictedGap = Math.min(100, Math.floor(promptTokens(prompt) / tokensPerGapPoint) + gapPointsPerSignal * signals.length);
  return { modelId: predictedGap <= router.responseQualityDifference ? router.cheaper : router.fallback, predictedGap, signals };
}
