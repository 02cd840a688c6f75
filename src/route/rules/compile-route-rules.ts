import { createPhraseMatcher } from '../create-phrase-matcher.js';
import type { RouteSignals } from '../extract-route-signals.js';
import type { Range, RouteRule, RuleCondition } from './route-rules-schema.js';

/** Which keyword phrases occur in the request (by phrase id), computed at most once per decision. */
type KeywordHits = () => Uint8Array;

export interface CompiledRule {
  rule: RouteRule;
  matches(signals: RouteSignals, hits: KeywordHits): boolean;
}

export interface CompiledRules {
  readonly rules: readonly CompiledRule[];
  /** The first rule that matches, in file order. */
  match(signals: RouteSignals): CompiledRule | undefined;
}

function inRange(value: number, range: Range): boolean {
  return (range.gt === undefined || value > range.gt) && (range.gte === undefined || value >= range.gte) && (range.lt === undefined || value < range.lt) && (range.lte === undefined || value <= range.lte);
}

/**
 * Compiles one rule's conditions into a list of checks, cheapest first (lookups and comparisons,
 * then the keyword table, then the rule's own regular expression), so a decision stops at the
 * first failing check. `phraseId` numbers the rule's keyword phrases in the shared matcher.
 */
function compileRule(rule: RouteRule, phraseId: (phrase: string) => number): CompiledRule {
  const when: RuleCondition = rule.when;
  const checks: ((signals: RouteSignals, hits: KeywordHits) => boolean)[] = [];
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
  if (when.toolsPresent !== undefined) {
    const wanted = when.toolsPresent;
    checks.push((signals) => signals.toolsPresent === wanted);
  }
  const { depth, inputTokens, inputChars } = when;
  if (depth !== undefined) checks.push((signals) => inRange(signals.depth, depth));
  if (inputTokens !== undefined) checks.push((signals) => inRange(signals.estimatedInputTokens, inputTokens));
  if (inputChars !== undefined) checks.push((signals) => inRange(signals.inputChars, inputChars));
  if (when.outputFormat !== undefined) {
    const formats = new Set<string>(when.outputFormat);
    checks.push((signals) => formats.has(signals.outputFormat));
  }
  const keywords = when.keywords;
  const ids = (phrases: readonly string[] | undefined): number[] => (phrases ?? []).map(phraseId);
  const any = ids(keywords?.any);
  const all = ids(keywords?.all);
  const none = ids(keywords?.none);
  if (any.length > 0) checks.push((_, hits) => any.some((id) => hits()[id] === 1));
  if (all.length > 0) checks.push((_, hits) => all.every((id) => hits()[id] === 1));
  if (none.length > 0) checks.push((_, hits) => none.every((id) => hits()[id] !== 1));
  if (when.pattern !== undefined) {
    const pattern = new RegExp(when.pattern, 'iu');
    checks.push((signals) => pattern.test(signals.text));
  }
  return {
    rule,
    matches(signals, hits) {
      for (const check of checks) if (!check(signals, hits)) return false;
      return true;
    },
  };
}

/**
 * Compiles a rule list. Every keyword of every rule goes into one phrase matcher, so however
 * many keyword rules there are, the prompt (last user message and system prompt) is scanned
 * once, and only when a rule's cheaper checks have passed.
 */
export function compileRouteRules(rules: readonly RouteRule[]): CompiledRules {
  const phrases: string[] = [];
  const ids = new Map<string, number>();
  const phraseId = (phrase: string): number => {
    const key = phrase.toLowerCase();
    let id = ids.get(key);
    if (id === undefined) {
      id = phrases.length;
      ids.set(key, id);
      phrases.push(key);
    }
    return id;
  };
  const compiled = rules.map((rule) => compileRule(rule, phraseId));
  const matcher = createPhraseMatcher(phrases);
  // Decisions are synchronous, so one scratch array serves every call.
  const found = new Uint8Array(phrases.length);
  let current: RouteSignals | undefined;
  let scanned = false;
  const hits = (): Uint8Array => {
    if (!scanned) {
      found.fill(0);
      matcher.scan((current as RouteSignals).text, found);
      matcher.scan((current as RouteSignals).system, found);
      scanned = true;
    }
    return found;
  };
  return {
    rules: compiled,
    match(signals) {
      current = signals;
      scanned = false;
      try {
        for (const rule of compiled) if (rule.matches(signals, hits)) return rule;
        return undefined;
      } finally {
        current = undefined;
      }
    },
  };
}
