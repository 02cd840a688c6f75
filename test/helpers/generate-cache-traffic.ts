import { createSeededRandom } from '../../src/core/index.js';
import { countTokens } from '../../src/emulator/count-tokens.js';

/** Seeded, so generated traffic is the same on every run. */
export const createRandom = createSeededRandom;

/** Arrival times of a Poisson process: exponential gaps with the given mean. */
export function poissonTimes(count: number, meanGapMs: number, random: () => number, start = Date.parse('2026-08-03T09:00:00Z')): number[] {
  const times: number[] = [];
  let now = start;
  for (let index = 0; index < count; index += 1) {
    times.push(now);
    now += Math.round(-Math.log(1 - random()) * meanGapMs);
  }
  return times;
}

/** A text of at least `tokens` tokens by frugal's stated estimate. */
export function textOfTokens(tokens: number, word = 'policy'): string {
  const words: string[] = [];
  // Track the rule's inputs as words are added (ASCII: characters = UTF-16 length) instead of recounting the text.
  let chars = -1;
  const estimate = (): number => (words.length === 0 ? 0 : Math.ceil((chars / 4 + (words.length * 4) / 3) / 2));
  while (estimate() < tokens) {
    const next = `${word}${words.length}`;
    words.push(next);
    chars += next.length + 1;
  }
  const text = words.join(' ');
  if (countTokens(text) < tokens) throw new Error('textOfTokens drifted from countTokens');
  return text;
}

export interface GeneratedRequest {
  time: number;
  modelId: string;
  body: { system?: { text: string }[]; messages: { role: 'user' | 'assistant'; content: { text: string }[] }[]; inferenceConfig?: { maxTokens: number } };
}

export interface ChatTrafficOptions {
  modelId: string;
  conversations: number;
  /** Mean gap between conversation starts. */
  meanConversationGapMs: number;
  /** Turns per conversation: 1..maxTurns, uniform. */
  maxTurns: number;
  /** Think time between turns: uniform in [min, max]. */
  turnGapMs: [number, number];
  /** System prompts of the assistants, one picked per conversation. */
  systemPrompts: string[];
  random: () => number;
}

/**
 * Chat traffic the way an assistant produces it: conversations start at Poisson times, each has a
 * few turns a short think time apart, every turn resends the system prompt and the whole history.
 */
export function generateChatTraffic(options: ChatTrafficOptions): GeneratedRequest[] {
  const { random } = options;
  const starts = poissonTimes(options.conversations, options.meanConversationGapMs, random);
  const requests: GeneratedRequest[] = [];
  starts.forEach((start, conversation) => {
    const system = options.systemPrompts[Math.floor(random() * options.systemPrompts.length)] ?? '';
    const turns = 1 + Math.floor(random() * options.maxTurns);
    const messages: GeneratedRequest['body']['messages'] = [];
    let time = start;
    for (let turn = 0; turn < turns; turn += 1) {
      messages.push({ role: 'user', content: [{ text: `Conversation ${conversation}, question ${turn}: ${textOfTokens(20 + Math.floor(random() * 200), `q${conversation}x${turn}w`)}` }] });
      requests.push({ time, modelId: options.modelId, body: { system: [{ text: system }], messages: messages.map((message) => ({ ...message })), inferenceConfig: { maxTokens: 300 } } });
      messages.push({ role: 'assistant', content: [{ text: `Answer ${conversation}.${turn}: ${textOfTokens(80 + Math.floor(random() * 300), `a${conversation}x${turn}w`)}` }] });
      const [low, high] = options.turnGapMs;
      time += low + Math.round(random() * (high - low));
    }
  });
  return requests.sort((left, right) => left.time - right.time);
}
