import type { ModelRequest } from '../providers/index.js';
import { type CountTokens, estimateTokens } from './estimate-tokens.js';
import { findDynamicValues } from './find-dynamic-values.js';
import type { CacheableRequest } from './place-cache-points.js';
import { type PromptSection, readPromptLayout } from './read-prompt-layout.js';

export type CacheLintRule = 'dynamic-before-static' | 'varying-before-static' | 'dynamic-value' | 'whitespace' | 'json-key-order' | 'tool-order';

export interface CacheLintFinding {
  rule: CacheLintRule;
  /** `error`: breaks the cache across requests for sure; `warning`: likely to, judging from one request. */
  severity: 'error' | 'warning';
  /** First request line affected, and how many are. */
  line: number;
  lines: number[];
  count: number;
  section: PromptSection;
  /** Content-block index in its list (a tool's position for tools). */
  block: number;
  /** Message index, for messages. */
  messageIndex?: number;
  /** Character offset in the block's text (a tool's JSON for tools). */
  offset: number;
  excerpt: string;
  message: string;
  suggestion: string;
}

export interface LintRequest {
  line: number;
  request: CacheableRequest | ModelRequest;
}

export interface LintCachePrefixesOptions {
  /** Static text after a changing value must be at least this many tokens to matter (default 100). */
  minStaticTokens?: number;
  countTokens?: CountTokens;
}

interface SlotEntry {
  line: number;
  text: string;
  section: PromptSection;
  block: number;
  messageIndex?: number;
}

const excerptAt = (text: string, offset: number): string => {
  const start = Math.max(0, offset - 20);
  const piece = text.slice(start, offset + 40).replace(/\s+/g, ' ');
  return `${start > 0 ? '…' : ''}${piece}${offset + 40 < text.length ? '…' : ''}`;
};
const firstDifference = (left: string, right: string): number => {
  let index = 0;
  while (index < left.length && index < right.length && left[index] === right[index]) index += 1;
  return index;
};
const commonRun = (left: string, right: string): number => firstDifference(left, right);
const normalizeWhitespace = (text: string): string => text.replace(/\r\n/g, '\n').replace(/[ \t]+/g, ' ').replace(/ *\n */g, '\n').trim();
const sortKeys = (value: unknown): unknown =>
  Array.isArray(value) ? value.map(sortKeys) : typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([key, inner]) => [key, sortKeys(inner)])) : value;
function canonicalJson(text: string): string | undefined {
  const trimmed = text.trim();
  if (!/^[[{]/.test(trimmed)) return undefined;
  try {
    return JSON.stringify(sortKeys(JSON.parse(trimmed)));
  } catch {
    return undefined;
  }
}
const mostCommon = <T>(values: readonly T[]): T | undefined => {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].sort((left, right) => right[1] - left[1])[0]?.[0];
};
const where = (entry: SlotEntry): string =>
  entry.section === 'messages' ? `message ${entry.messageIndex ?? 0}, block ${entry.block}` : entry.section === 'tools' ? `tool ${entry.block}` : `system block ${entry.block}`;

/** Groups equal findings (same rule, place and kind) so 10,000 requests with a date give one finding, not 10,000. */
class Findings {
  private readonly byKey = new Map<string, CacheLintFinding>();
  add(key: string, entry: SlotEntry, finding: Omit<CacheLintFinding, 'line' | 'lines' | 'count' | 'section' | 'block' | 'messageIndex'>): void {
    const existing = this.byKey.get(key);
    if (existing !== undefined) {
      existing.count += 1;
      if (existing.lines.length < 20) existing.lines.push(entry.line);
      return;
    }
    this.byKey.set(key, { ...finding, line: entry.line, lines: [entry.line], count: 1, section: entry.section, block: entry.block, ...(entry.messageIndex !== undefined && { messageIndex: entry.messageIndex }) });
  }
  /** Counts one more request for a finding already added. */
  repeat(key: string, entry: SlotEntry): void {
    const existing = this.byKey.get(key);
    if (existing === undefined) return;
    existing.count += 1;
    if (existing.lines.length < 20) existing.lines.push(entry.line);
  }
  list(): CacheLintFinding[] {
    const section = { tools: 0, system: 1, messages: 2 };
    return [...this.byKey.values()].sort(
      (left, right) =>
        left.line - right.line ||
        section[left.section] - section[right.section] ||
        (left.messageIndex ?? 0) - (right.messageIndex ?? 0) ||
        left.block - right.block ||
        left.offset - right.offset,
    );
  }
}

function lintTools(requests: readonly LintRequest[], findings: Findings): void {
  const orders: { line: number; names: string[] }[] = [];
  const specs = new Map<string, { line: number; raw: string; position: number }[]>();
  for (const { line, request } of requests) {
    const names: string[] = [];
    for (const tool of request.tools ?? []) {
      if (!('toolSpec' in tool)) continue;
      const list = specs.get(tool.toolSpec.name) ?? [];
      list.push({ line, raw: JSON.stringify(tool), position: names.length });
      specs.set(tool.toolSpec.name, list);
      names.push(tool.toolSpec.name);
    }
    if (names.length > 1) orders.push({ line, names });
  }
  const bySet = new Map<string, { line: number; names: string[] }[]>();
  for (const order of orders) {
    const set = [...order.names].sort().join('\u0000');
    bySet.set(set, [...(bySet.get(set) ?? []), order]);
  }
  for (const group of bySet.values()) {
    const reference = mostCommon(group.map((order) => order.names.join(', ')));
    for (const order of group) {
      const listed = order.names.join(', ');
      if (listed === reference) continue;
      const position = order.names.findIndex((name, index) => name !== reference?.split(', ')[index]);
      findings.add(`tool-order:${listed}`, { line: order.line, text: '', section: 'tools', block: Math.max(0, position) }, {
        rule: 'tool-order',
        severity: 'error',
        offset: 0,
        excerpt: `[${listed}]`,
        message: `tools listed as [${listed}], while most requests list them as [${reference ?? ''}]; Bedrock hashes the tool list in order, so each order is a separate cache prefix`,
        suggestion: `send tools in one fixed order, e.g. sorted by name: [${[...order.names].sort().join(', ')}]`,
      });
    }
  }
  for (const [name, list] of specs) {
    const reference = mostCommon(list.map((spec) => spec.raw));
    if (reference === undefined) continue;
    const canonical = canonicalJson(reference);
    for (const spec of list) {
      if (spec.raw === reference || canonicalJson(spec.raw) !== canonical) continue;
      const offset = firstDifference(spec.raw, reference);
      findings.add(`json-key-order:tool:${name}:${spec.raw}`, { line: spec.line, text: spec.raw, section: 'tools', block: spec.position }, {
        rule: 'json-key-order',
        severity: 'error',
        offset,
        excerpt: excerptAt(spec.raw, offset),
        message: `tool "${name}" has the same definition as in other requests but its JSON keys come in another order`,
        suggestion: 'serialize tool definitions with a stable key order (build them once, or sort keys) so every request sends identical bytes',
      });
    }
  }
}

function lintTextVariants(slot: string, entries: readonly SlotEntry[], findings: Findings): void {
  const reference = mostCommon(entries.map((entry) => entry.text));
  if (reference === undefined) return;
  const normalized = normalizeWhitespace(reference);
  const canonical = canonicalJson(reference);
  for (const entry of entries) {
    if (entry.text === reference) continue;
    const offset = firstDifference(entry.text, reference);
    if (normalizeWhitespace(entry.text) === normalized) {
      const kind = /\r\n/.test(entry.text) !== /\r\n/.test(reference) ? 'line endings (CRLF vs LF)' : /[ \t]+$/m.test(entry.text) || /[ \t]+$/m.test(reference) ? 'trailing spaces' : 'spaces or tabs';
      findings.add(`whitespace:${slot}:${entry.text}`, entry, {
        rule: 'whitespace',
        severity: 'error',
        offset,
        excerpt: excerptAt(entry.text, offset),
        message: `${where(entry)} differs from the usual text only in whitespace (${kind}) from character ${offset}; one changed space is a new cache prefix`,
        suggestion: 'build the prompt from one template and normalize whitespace (line endings, trailing spaces) before sending',
      });
    } else if (canonical !== undefined && canonicalJson(entry.text) === canonical) {
      findings.add(`json-key-order:${slot}:${entry.text}`, entry, {
        rule: 'json-key-order',
        severity: 'error',
        offset,
        excerpt: excerptAt(entry.text, offset),
        message: `${where(entry)} holds the same JSON as in other requests with its keys in another order, from character ${offset}`,
        suggestion: 'serialize JSON in the prompt with a stable key order (e.g. sorted keys) and fixed spacing',
      });
    }
  }
}

function lintDynamicValues(slot: string, entries: readonly SlotEntry[], requestCount: number, minStaticChars: number, count: CountTokens, findings: Findings): void {
  const byText = new Map<string, SlotEntry[]>();
  for (const entry of entries) byText.set(entry.text, [...(byText.get(entry.text) ?? []), entry]);
  const distinct = [...byText.values()].map((group) => group[0] as SlotEntry);
  if (distinct.length === 1 && requestCount > 1) return; // the same text every time: its "dates" never change
  const others = distinct.slice(0, 60);
  // Static tails already confirmed (by kind): a text with the same tail after the same kind of value needs no new comparison.
  const confirmed = new Map<string, string>();
  // Each distinct text is checked against at most 60 others, so a large workload stays fast.
  for (const entry of distinct.slice(0, 5000)) {
    for (const value of findDynamicValues(entry.text)) {
      const after = entry.text.slice(value.end);
      const probe = after.trimStart().slice(0, 48);
      if (probe.length < 24) continue;
      const start = value.end + (after.length - after.trimStart().length);
      const tail = `${value.kind}\u0000${value.start}\u0000${entry.text.slice(start)}`;
      const known = confirmed.get(tail);
      if (known !== undefined) {
        for (const same of byText.get(entry.text) ?? [entry]) findings.repeat(known, same);
        break;
      }
      const runs: number[] = [];
      for (const other of others) {
        if (other === entry || other.text.includes(value.text)) continue;
        const at = other.text.indexOf(probe);
        if (at >= 0) runs.push(commonRun(entry.text.slice(start), other.text.slice(at)));
      }
      const single = requestCount === 1 || distinct.length === 1;
      const staticChars = runs.length > 0 ? (runs.sort((a, b) => a - b)[Math.floor(runs.length / 2)] ?? 0) : single ? entry.text.length - start : 0;
      if (staticChars < minStaticChars) continue;
      const tokens = count(entry.text.slice(start, start + staticChars));
      const finding = {
        rule: single ? 'dynamic-value' : 'dynamic-before-static',
        severity: single ? 'warning' : 'error',
        offset: value.start,
        excerpt: excerptAt(entry.text, value.start),
        message: single
          ? `${where(entry)} has a ${value.kind} ("${value.text}") at character ${value.start}, before ${staticChars.toLocaleString('en-US')} characters (~${tokens.toLocaleString('en-US')} tokens); if it changes between requests, nothing after it can be read from the cache`
          : `${where(entry)} has a ${value.kind} ("${value.text}") at character ${value.start} that changes between requests, before ${staticChars.toLocaleString('en-US')} characters (~${tokens.toLocaleString('en-US')} tokens) that are the same in every request; the cache prefix breaks at the ${value.kind}`,
        suggestion: `move the ${value.kind} after the static text (the end of the ${entry.section === 'system' ? 'system prompt' : 'block'}, or the last user message) so the first ~${tokens.toLocaleString('en-US')} tokens are identical and can be cached`,
      } as const;
      const key = `${single ? 'dynamic-value' : 'dynamic-before-static'}:${slot}:${value.kind}`;
      // Every request with this text counts, not just the first.
      for (const same of byText.get(entry.text) ?? [entry]) findings.add(key, same, finding);
      confirmed.set(tail, key);
      break; // the first changing value is where the prefix breaks
    }
  }
}

function lintSlotOrder(slots: ReadonlyMap<string, SlotEntry[]>, order: readonly string[], requestCount: number, minStaticTokens: number, count: CountTokens, findings: Findings): void {
  const distinctOf = (slot: string): number => new Set((slots.get(slot) ?? []).map((entry) => entry.text)).size;
  for (const [position, slot] of order.entries()) {
    const entries = slots.get(slot) ?? [];
    if (entries.length < Math.max(2, requestCount / 2) || distinctOf(slot) < 2) continue;
    const later = order.slice(position + 1).find((candidate) => {
      const list = slots.get(candidate) ?? [];
      return list.length >= Math.max(2, requestCount / 2) && distinctOf(candidate) === 1 && count(list[0]?.text ?? '') >= minStaticTokens;
    });
    if (later === undefined) continue;
    const staticEntry = slots.get(later)?.[0];
    const reference = mostCommon(entries.map((entry) => entry.text)) ?? '';
    const differing = entries.find((entry) => entry.text !== reference) ?? entries[0];
    if (differing === undefined || staticEntry === undefined) continue;
    const offset = firstDifference(differing.text, reference);
    const value = findDynamicValues(differing.text).find((candidate) => candidate.end > offset);
    findings.add(`varying-before-static:${slot}:${later}`, differing, {
      rule: 'varying-before-static',
      severity: 'error',
      offset,
      excerpt: excerptAt(differing.text, offset),
      message: `${where(differing)} changes between requests${value === undefined ? '' : ` (a ${value.kind} at character ${value.start})`} and comes before ${where(staticEntry)} (~${count(staticEntry.text).toLocaleString('en-US')} tokens, identical in every request); nothing after the change can be read from the cache`,
      suggestion: `put the changing part after the static ones: order the blocks so ${where(staticEntry)} comes first (tools, then static system text, then what varies)`,
    });
    return;
  }
}

/**
 * Flags what breaks exact-prefix matching across a workload's requests, with the request line,
 * the block and the character offset, and how to fix it:
 * - a value that changes (date, time, UUID, id, email, user name) before text that does not;
 * - a block that changes before a later block that never does;
 * - the same text differing only in whitespace, or the same JSON with keys in another order;
 * - tools listed in different orders.
 */
export function lintCachePrefixes(requests: readonly LintRequest[], options: LintCachePrefixesOptions = {}): CacheLintFinding[] {
  const count = options.countTokens ?? estimateTokens;
  const minStaticTokens = options.minStaticTokens ?? 100;
  const findings = new Findings();
  lintTools(requests, findings);

  const slots = new Map<string, SlotEntry[]>();
  const order: string[] = [];
  for (const { line, request } of requests) {
    for (const segment of readPromptLayout(request, count).segments) {
      if (segment.section === 'tools') continue;
      const slot = segment.section === 'system' ? `system:${segment.block}` : `messages:${segment.message ?? 0}:${segment.block}`;
      if (!slots.has(slot)) order.push(slot);
      const list = slots.get(slot) ?? [];
      list.push({ line, text: segment.text, section: segment.section, block: segment.block, ...(segment.message !== undefined && { messageIndex: segment.message }) });
      slots.set(slot, list);
    }
  }
  // Cache order: system blocks, then messages by position.
  order.sort((left, right) => (left.startsWith('system') === right.startsWith('system') ? 0 : left.startsWith('system') ? -1 : 1));
  for (const [slot, entries] of slots) {
    lintTextVariants(slot, entries, findings);
    lintDynamicValues(slot, entries, requests.length, minStaticTokens * 4, count, findings);
  }
  lintSlotOrder(slots, order, requests.length, minStaticTokens, count, findings);
  return findings.list();
}

/** `line 3, system block 0, char 24` (`row 3, ...` for ledger traffic). */
export function describeFindingPosition(finding: CacheLintFinding, unit: 'line' | 'row' = 'line'): string {
  const block = finding.section === 'messages' ? `message ${finding.messageIndex ?? 0}, block ${finding.block}` : finding.section === 'tools' ? `tool ${finding.block}` : `system block ${finding.block}`;
  return `${unit} ${finding.line}, ${block}, char ${finding.offset}`;
}
