import { z } from 'zod';
import { InvalidArgumentError } from '../../core/index.js';
import phraseData from './data/validator-phrases.json' with { type: 'json' };
import type { ValidationFailureKind, Validator } from './validator.js';

const phraseFileSchema = z.strictObject({
  version: z.literal(1),
  updated: z.string(),
  note: z.string(),
  languages: z.record(z.string(), z.strictObject({ hedging: z.array(z.string().min(1)), refusal: z.array(z.string().min(1)) })),
});
export type PhraseLists = z.output<typeof phraseFileSchema>['languages'];

/** The maintained phrase lists (src/route/cascade/data/validator-phrases.json), checked on load. */
export const validatorPhrases: PhraseLists = phraseFileSchema.parse(phraseData).languages;

export interface PhraseValidatorOptions {
  /** `hedging` escalates; `refusal` is reported as a refusal (see runCascade's `onRefusal`). */
  kind: Extract<ValidationFailureKind, 'hedging' | 'refusal'>;
  /** Languages to use; all in the file by default. */
  languages?: readonly string[];
  /** More phrases of your own (any language). */
  extra?: readonly string[];
  /** Look only in the first N characters (refusals come first; 300 by default for refusals, the whole answer for hedging). */
  within?: number;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const normalise = (text: string): string => text.toLowerCase().replace(/[\u2018\u2019\u02bc]/g, "'").replace(/\s+/g, ' ');

/** Hedging or refusal language, matched as whole phrases in one compiled expression. */
export function createPhraseValidator(options: PhraseValidatorOptions): Validator {
  const languages = options.languages ?? Object.keys(validatorPhrases);
  const phrases: string[] = [...(options.extra ?? [])];
  for (const language of languages) {
    const lists = validatorPhrases[language];
    if (lists === undefined) throw new InvalidArgumentError('languages', `No ${options.kind} phrases for language "${language}"; available: ${Object.keys(validatorPhrases).join(', ')}.`);
    phrases.push(...lists[options.kind]);
  }
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${phrases.map((phrase) => escape(normalise(phrase))).sort((a, b) => b.length - a.length).join('|')})(?![\\p{L}\\p{N}])`, 'u');
  const within = options.within ?? (options.kind === 'refusal' ? 300 : Number.POSITIVE_INFINITY);
  return {
    name: options.kind,
    validate({ text }) {
      const match = pattern.exec(normalise(Number.isFinite(within) ? text.slice(0, within) : text));
      if (match === null) return { ok: true };
      return { ok: false, kind: options.kind, reason: `${options.kind === 'refusal' ? 'the model declined' : 'the answer hedges'}: "${match[0]}"` };
    },
  };
}
