import type { RouteSignals } from '../extract-route-signals.js';
import type { Range, RouteRule, RuleCondition } from './route-rules-schema.js';

export interface CompiledRule {
  rule: RouteRule;
  matches(signals: RouteSignals): boolean;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whole words or phrases, Unicode-aware, so "refund" does not match "refunded" and "C++" still works. */
function phraseRegex(phrases: readonly string[]): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${phrases.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'iu');
}

function inRange(value: number, range: Range): boolean {
  return (range.gt === undefined || value > range.gt) && (range.gte === undefined || value >= range.gte) && (range.lt === undefined || value < range.lt) && (range.lte === undefined || value <= range.lte);
}

/**
 * Compiles one rule's conditions into a list of checks, cheapest first (lookups and comparisons,
 * then regular expressions over the text), so a decision stops at the first failing check and a
 * typical rule set decides in microseconds.
 */
export function compileRule(rule: RouteRule): CompiledRule {
  const when: RuleCondition = rule.when;
  const checks: ((signals: RouteSignals) => boolean)[] = [];
  if (when.task !== undefined) {
    const tasks = new Set(when.task);
    checks.push((signals) => signals.task !== undefined && tasks.has(signals.task));
  }
  for (const [key, values] of Object.entries(when.metadata ?? {})) {
    const allowed = new Set(values);
    checks.push((signals) => {
      const value = signals.metadata[key];
      return value !== undefined && allowed.has(value);
    });
  }
  if (when.outputFormat !== undefined) {
    const formats = new Set<string>(when.outputFormat);
    checks.push((signals) => formats.has(signals.outputFormat));
  }
  if (when.toolsPresent !== undefined) {
    const wanted = when.toolsPresent;
    checks.push((signals) => signals.toolsPresent === wanted);
  }
  const { depth, inputTokens, inputChars } = when;
  if (depth !== undefined) checks.push((signals) => inRange(signals.depth, depth));
  if (inputTokens !== undefined) checks.push((signals) => inRange(signals.estimatedInputTokens, inputTokens));
  if (inputChars !== undefined) checks.push((signals) => inRange(signals.inputChars, inputChars));
  const keywords = when.keywords;
  if (keywords?.any !== undefined && keywords.any.length > 0) {
    const any = phraseRegex(keywords.any);
    checks.push((signals) => any.test(signals.text) || any.test(signals.system));
  }
  for (const phrase of keywords?.all ?? []) {
    const one = phraseRegex([phrase]);
    checks.push((signals) => one.test(signals.text) || one.test(signals.system));
  }
  if (keywords?.none !== undefined && keywords.none.length > 0) {
    const none = phraseRegex(keywords.none);
    checks.push((signals) => !none.test(signals.text) && !none.test(signals.system));
  }
  if (when.pattern !== undefined) {
    const pattern = new RegExp(when.pattern, 'iu');
    checks.push((signals) => pattern.test(signals.text));
  }
  return {
    rule,
    matches(signals) {
      for (const check of checks) if (!check(signals)) return false;
      return true;
    },
  };
}

/** The first rule that matches, in file order. */
export function matchRule(rules: readonly CompiledRule[], signals: RouteSignals): CompiledRule | undefined {
  for (const compiled of rules) if (compiled.matches(signals)) return compiled;
  return undefined;
}
