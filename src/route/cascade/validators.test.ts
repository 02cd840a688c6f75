import { describe, expect, it } from 'vitest';
import { createJsonValidator } from './create-json-validator.js';
import { createPhraseValidator, validatorPhrases } from './create-phrase-validator.js';
import { createRegexValidator } from './create-regex-validator.js';
import { createTruncationValidator } from './create-truncation-validator.js';
import type { ValidationInput } from './validator.js';

const answer = (text: string, extra: Partial<ValidationInput> = {}): ValidationInput => ({ text, stopReason: 'end', toolInputs: [], ...extra });

describe('validators', () => {
  it('truncation: empty answers and the max_tokens stop reason', () => {
    const validator = createTruncationValidator();
    expect(validator.validate(answer('  \n'))).toMatchObject({ ok: false, kind: 'empty' });
    expect(validator.validate(answer('{"a": ', { stopReason: 'length' }))).toMatchObject({ ok: false, kind: 'truncated' });
    expect(validator.validate(answer('', { toolInputs: [{ a: 1 }] }))).toEqual({ ok: true });
  });

  it('hedging and refusal phrases, per language, as whole phrases', () => {
    expect(Object.keys(validatorPhrases)).toEqual(expect.arrayContaining(['en', 'de', 'fr', 'es', 'it', 'pt', 'nl']));
    const hedging = createPhraseValidator({ kind: 'hedging' });
    expect(hedging.validate(answer('The total is 12, but I’m not sure about the tax.'))).toMatchObject({ ok: false, kind: 'hedging' });
    expect(hedging.validate(answer('Ich bin mir nicht sicher, ob das stimmt.'))).toMatchObject({ ok: false, kind: 'hedging' });
    expect(hedging.validate(answer('Je ne sais pas.'))).toMatchObject({ ok: false, kind: 'hedging' });
    expect(hedging.validate(answer('The customer said they do not know the order number, so I looked it up: 4471.'))).toEqual({ ok: true });
    const refusal = createPhraseValidator({ kind: 'refusal' });
    expect(refusal.validate(answer("I'm sorry, but I can't help with that."))).toMatchObject({ ok: false, kind: 'refusal', reason: 'the model declined: "i\'m sorry, but i can\'t"' });
    expect(refusal.validate(answer('Lo siento, pero no puedo hacer eso.'))).toMatchObject({ ok: false, kind: 'refusal' });
    // Refusals come first; a quoted one deep in a long answer is content.
    expect(refusal.validate(answer(`${'Here is the summary of the call. '.repeat(12)}The agent said "I can't help with that".`))).toEqual({ ok: true });
    const englishOnly = createPhraseValidator({ kind: 'hedging', languages: ['en'], extra: ['keine ahnung'] });
    expect(englishOnly.validate(answer('Ich bin mir nicht sicher.'))).toEqual({ ok: true });
    expect(englishOnly.validate(answer('Keine Ahnung.'))).toMatchObject({ ok: false });
    expect(() => createPhraseValidator({ kind: 'hedging', languages: ['xx'] })).toThrow(/No hedging phrases for language "xx"/);
  });

  it('JSON: malformed, fenced, tool arguments, required fields and a schema', () => {
    const validator = createJsonValidator({ requiredFields: ['invoice', 'total'], schema: { type: 'object', properties: { total: { type: 'number' } } } });
    expect(validator.validate(answer('{"invoice": "A1", "total": 3'))).toMatchObject({ ok: false, kind: 'malformed-json' });
    expect(validator.validate(answer('```json\n{"invoice": "A1", "total": 3}\n```'))).toEqual({ ok: true });
    expect(validator.validate(answer('{"invoice": "A1", "total": null}'))).toMatchObject({ ok: false, kind: 'missing-fields', reason: 'required field(s) missing: total' });
    expect(validator.validate(answer('{"invoice": "A1", "total": "3"}'))).toMatchObject({ ok: false, kind: 'schema', reason: 'the JSON does not match the schema: /total must be number' });
    expect(validator.validate(answer('', { toolInputs: [{ invoice: 'A1', total: 3 }] }))).toEqual({ ok: true });
    expect(validator.validate(answer('', { toolInputs: ['{bad'] }))).toMatchObject({ ok: false, kind: 'malformed-json' });
    expect(() => createJsonValidator({ schema: { type: 'nonsense' } })).toThrow(/does not compile/);
  });

  it('task regex', () => {
    const validator = createRegexValidator('^(billing|shipping|other)$');
    expect(validator.validate(answer('billing'))).toEqual({ ok: true });
    expect(validator.validate(answer('Billing issue'))).toMatchObject({ ok: false, kind: 'pattern' });
    expect(() => createRegexValidator('(')).toThrow(/Not a valid regular expression/);
  });
});
