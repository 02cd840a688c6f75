/**
 * Normalises a short answer for comparison: first non-empty line, surrounding quotes, backticks
 * and markdown emphasis removed, a leading `Label:` / `Answer:` dropped, trailing punctuation
 * dropped, whitespace collapsed, and (unless case-sensitive) lower-cased. "**Billing.**" and
 * "billing" are the same label; "billing issue" is not.
 */
export function normalizeAnswer(text: string, options: { caseSensitive?: boolean; firstLine?: boolean } = {}): string {
  let answer = options.firstLine === false ? text : (text.split('\n').find((line) => line.trim() !== '') ?? '');
  answer = answer.trim().replace(/^(?:label|answer|category|class)\s*:\s*/i, '');
  for (let pass = 0; pass < 3; pass += 1) {
    answer = answer.trim().replace(/^[*_`"'“‘]+|[*_`"'”’]+$/g, '').replace(/[.!;:,]+$/, '');
  }
  answer = answer.replace(/\s+/g, ' ').trim();
  return options.caseSensitive === true ? answer : answer.toLowerCase();
}

/** Whole-output normalisation for exact match: trimmed, whitespace collapsed, case folded unless asked. */
export function normalizeText(text: string, caseSensitive = false): string {
  const collapsed = text.replace(/\s+/g, ' ').trim();
  return caseSensitive ? collapsed : collapsed.toLowerCase();
}
