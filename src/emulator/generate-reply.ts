import { seededIndex, seededUnit } from './seeded-unit.js';
import type { SimulatedModel } from './simulated-model-schema.js';

/** What a suite expects for one request (see "Answer keys" in the README). */
export interface AnswerKey {
  expected: string;
  task: string;
  /** Other options of a multiple-choice item; wrong answers are drawn from them. */
  choices?: readonly string[];
}

export interface Reply {
  text: string;
  stopReason: 'end_turn' | 'max_tokens';
  /** Set for answer-key requests: the answer given and whether it matches the key. */
  answer?: { task: string; expected: string; given: string; correct: boolean; accuracy: number };
}

export interface GenerateReplyInput {
  model: SimulatedModel;
  seed: number;
  /** Hash of the request content: the same request always gets the same reply. */
  requestHash: string;
  answerKey?: AnswerKey;
  maxTokens?: number;
}

const filler = [
  'the', 'simulated', 'model', 'weighs', 'the', 'request', 'and', 'answers', 'with', 'steady', 'plausible', 'words',
  'that', 'carry', 'no', 'meaning', 'beyond', 'their', 'length', 'so', 'costs', 'and', 'latency', 'can', 'be', 'measured',
];

const opposites: Record<string, string> = { yes: 'no', no: 'yes', true: 'false', false: 'true', positive: 'negative', negative: 'positive' };

function sameAnswer(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** A wrong answer that still looks like an answer: another choice, a flipped yes/no, a nearby number, a near-miss spelling. */
export function createWrongAnswer(key: AnswerKey, draw: (count: number, what: string) => number): string {
  const expected = key.expected.trim();
  const others = (key.choices ?? []).filter((choice) => !sameAnswer(choice, expected));
  if (others.length > 0) return others[draw(others.length, 'choice')] as string;
  const opposite = opposites[expected.toLowerCase()];
  if (opposite !== undefined) return expected[0] === expected[0]?.toUpperCase() ? opposite[0]?.toUpperCase() + opposite.slice(1) : opposite;
  if (/^-?\d+(\.\d+)?$/.test(expected)) {
    const decimals = expected.split('.')[1]?.length ?? 0;
    const magnitude = Math.max(1, Math.round(Math.abs(Number(expected)) * 0.1));
    const offset = (1 + draw(magnitude, 'offset')) * (draw(2, 'sign') === 0 ? -1 : 1);
    return (Number(expected) + offset).toFixed(decimals);
  }
  const letters = [...expected];
  if (letters.length >= 3) {
    // Swap two neighbouring inner characters: a near miss that string scorers still mark wrong.
    const at = 1 + draw(letters.length - 2, 'swap');
    const next = at + 1 < letters.length ? at + 1 : at - 1;
    [letters[at], letters[next]] = [letters[next] as string, letters[at] as string];
    const swapped = letters.join('');
    if (!sameAnswer(swapped, expected)) return swapped;
  }
  return `not ${expected}`;
}

/** Exact token count of running totals, same rule as `countTokens`. */
function tokensOf(chars: number, words: number): number {
  return chars === 0 ? 0 : Math.max(1, Math.ceil((chars / 4 + (words * 4) / 3) / 2));
}

/** Appends filler words to `start` until the text reaches `target` tokens or `limit`. */
function extend(start: string, target: number, limit: number, draw: (count: number, what: string) => number): { text: string; truncated: boolean } {
  let text = '';
  let chars = 0;
  let words = 0;
  const append = (piece: string, separator: string): boolean => {
    const pieceChars = [...piece].length + (text.length > 0 ? separator.length : 0);
    if (tokensOf(chars + pieceChars, words + 1) > limit) return false;
    text += (text.length > 0 ? separator : '') + piece;
    chars += pieceChars;
    words += 1;
    return true;
  };
  // The first piece is kept whole when it fits; otherwise it is cut word by word.
  const startWords = start.split(/(\s+)/);
  let separator = '';
  for (const part of startWords) {
    if (/^\s+$/.test(part)) {
      separator = part;
      continue;
    }
    if (part.length === 0) continue;
    if (!append(part, separator)) return { text, truncated: true };
  }
  let index = 0;
  separator = '\n\n';
  while (tokensOf(chars, words) < target) {
    if (!append(filler[draw(filler.length, `word${index}`)] as string, separator)) return { text, truncated: true };
    separator = index % 12 === 11 ? '. ' : ' ';
    index += 1;
  }
  return { text, truncated: false };
}

/**
 * The simulated model's reply, deterministic in (seed, model, request). With an answer key the
 * first line is the answer — correct with probability `accuracy[task]` — and a short simulated
 * explanation follows; without one the reply is filler of `baseOutputTokens × verbosity` (±20%).
 */
export function generateReply(input: GenerateReplyInput): Reply {
  const { model, seed, requestHash, answerKey } = input;
  const draw = (count: number, what: string): number => seededIndex(count, seed, model.id, requestHash, what);
  const limit = input.maxTokens ?? Number.MAX_SAFE_INTEGER;
  const lengthFactor = 0.8 + 0.4 * seededUnit(seed, model.id, requestHash, 'length');

  if (answerKey !== undefined) {
    const accuracy = model.accuracy[answerKey.task] ?? model.accuracy['default'] ?? 0.5;
    const correct = seededUnit(seed, model.id, requestHash, 'correct') < accuracy;
    const given = correct ? answerKey.expected.trim() : createWrongAnswer(answerKey, draw);
    const explanation = Math.max(1, Math.round(0.25 * model.baseOutputTokens * model.verbosity * lengthFactor));
    const head = tokensOf([...given].length, given.split(/\s+/).filter(Boolean).length);
    const { text, truncated } = extend(given, head + explanation, limit, draw);
    return { text, stopReason: truncated ? 'max_tokens' : 'end_turn', answer: { task: answerKey.task, expected: answerKey.expected, given, correct, accuracy } };
  }
  const target = Math.max(1, Math.round(model.baseOutputTokens * model.verbosity * lengthFactor));
  const { text, truncated } = extend(`[simulated reply from ${model.name}]`, target, limit, draw);
  return { text, stopReason: truncated ? 'max_tokens' : 'end_turn' };
}
