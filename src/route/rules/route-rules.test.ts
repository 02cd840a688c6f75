import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/index.js';
import type { ModelRequest } from '../../providers/index.js';
import { extractRouteSignals } from '../extract-route-signals.js';
import { createPhraseMatcher } from '../create-phrase-matcher.js';
import { compileRouteRules } from './compile-route-rules.js';
import { parseRouteRules } from './parse-route-rules.js';

const rulesYaml = `
version: 1
tiers: [amazon.nova-micro-v1:0, anthropic.claude-3-5-haiku-20241022-v1:0, anthropic.claude-sonnet-4-5-20250929-v1:0]
default: 2
rules:
  - name: labels-are-cheap
    when: { task: [ticket-classification, intent], outputFormat: label }
    tier: 1
  - name: prod-vip
    when: { metadata: { team: vip, env: [prod, staging] } }
    tier: 3
  - name: long-context
    when: { inputTokens: { gte: 2000 } }
    tier: 3
  - name: code
    when: { keywords: { any: ["stack trace", "C++", refactor], none: [homework] } }
    tier: 3
    cascade: true
  - name: agent-loop
    when: { toolsPresent: true, depth: { gte: 3 } }
    tier: 3
  - name: extraction
    when: { outputFormat: json, pattern: "invoice\\\\s+#?\\\\d+" }
    tier: 1
`;

const ask = (text: string, extra: Partial<ModelRequest> = {}): ModelRequest => ({ modelId: 'x', messages: [{ role: 'user', content: [{ text }] }], ...extra });

describe('rules', () => {
  const file = parseRouteRules(rulesYaml, 'rules.yaml');
  const rules = compileRouteRules(file.rules);
  const first = (request: ModelRequest, context = {}) => rules.match(extractRouteSignals(request, context))?.rule.name;

  it('matches task and expected format together', () => {
    expect(first(ask('Classify this ticket: my card was charged twice'), { task: 'ticket-classification' })).toBe('labels-are-cheap');
    expect(first(ask('Write a reply to this ticket'), { task: 'ticket-classification' })).toBeUndefined();
    expect(first(ask('Which label fits?'), { task: 'intent', outputFormat: 'label' })).toBe('labels-are-cheap');
  });

  it('matches request metadata, any of several values', () => {
    expect(first(ask('hi', { requestMetadata: { team: 'vip', env: 'staging' } }))).toBe('prod-vip');
    expect(first(ask('hi', { requestMetadata: { team: 'vip', env: 'dev' } }))).toBeUndefined();
    expect(first(ask('hi'), { metadata: { team: 'vip', env: 'prod' } })).toBe('prod-vip');
  });

  it('matches estimated input length across system prompt and turns', () => {
    const long = 'word '.repeat(1700);
    expect(first(ask('short question', { system: [{ text: long }] }))).toBe('long-context');
    expect(first(ask('short question'))).toBeUndefined();
  });

  it('matches whole keywords and phrases, with exclusions', () => {
    expect(first(ask('Here is the stack trace from prod'))).toBe('code');
    expect(first(ask('Port this C++ class'))).toBe('code');
    expect(first(ask('Can you REFACTOR it?'))).toBe('code');
    expect(first(ask('the refactoring is done'))).toBeUndefined(); // whole words only
    expect(first(ask('refactor my homework'))).toBeUndefined();
  });

  it('matches tools and conversation depth', () => {
    const tools = [{ toolSpec: { name: 'search', inputSchema: { json: { type: 'object' } } } }];
    const turns = (n: number): ModelRequest['messages'] =>
      Array.from({ length: n * 2 - 1 }, (_, index) => ({ role: index % 2 === 0 ? ('user' as const) : ('assistant' as const), content: [{ text: `turn ${index}` }] }));
    expect(first({ modelId: 'x', messages: turns(3), tools })).toBe('agent-loop');
    expect(first({ modelId: 'x', messages: turns(2), tools })).toBeUndefined();
    expect(first({ modelId: 'x', messages: turns(3) })).toBeUndefined();
  });

  it('matches a pattern with a detected JSON output format; first match wins', () => {
    expect(first(ask('Return JSON with the fields of invoice #123'))).toBe('extraction');
    expect(first(ask('Return JSON for invoice 77, and here is the stack trace'))).toBe('code');
  });

  it('detects output formats from the request', () => {
    expect(extractRouteSignals(ask('hi', { toolChoice: 'any' })).outputFormat).toBe('json');
    expect(extractRouteSignals(ask('hi', { requestMetadata: { frugal_format: 'label' } })).outputFormat).toBe('label');
    // The emulator's answer keys are test metadata: they do not change what the router sees.
    expect(extractRouteSignals(ask('hi', { requestMetadata: { frugal_choices: 'a|b', frugal_expected: 'a' } })).outputFormat).toBe('text');
    expect(extractRouteSignals(ask('Which is right?\nA. one\nB. two\nAnswer:')).outputFormat).toBe('label');
    expect(extractRouteSignals(ask('Tell me a story')).outputFormat).toBe('text');
  });

  it('finds every phrase in one pass, case-insensitively, as whole words only', () => {
    const matcher = createPhraseMatcher(['he', 'she', 'hers', 'C++', 'stack trace', 'stack', 'trace', 'Straße', 'ÉTÉ']);
    const found = (text: string): string[] => {
      const hits = new Uint8Array(matcher.phrases.length);
      matcher.scan(text, hits);
      return matcher.phrases.filter((_, id) => hits[id] === 1);
    };
    expect(found('ushers')).toEqual([]); // inside a word: none of he, she, hers
    expect(found('She said: hers, not his.')).toEqual(['she', 'hers']);
    expect(found('He wrote C++17 and then C++.')).toEqual(['he', 'C++']);
    expect(found('the STACK TRACE shows')).toEqual(['stack trace', 'stack', 'trace']);
    expect(found('stacktrace')).toEqual([]);
    expect(found('Die straße im été')).toEqual(['Straße', 'ÉTÉ']);
  });

  it('decides in microseconds', () => {
    const signals = extractRouteSignals(ask(`${'lorem ipsum dolor '.repeat(200)} what now?`), { task: 'chat' });
    for (let index = 0; index < 2000; index += 1) rules.match(signals);
    const started = performance.now();
    for (let index = 0; index < 2000; index += 1) rules.match(signals);
    // Generous for a loaded CI machine; bench/route measures the real figure.
    expect(((performance.now() - started) * 1000) / 2000).toBeLessThan(200);
  });

  it('rejects bad files with the setting to fix', () => {
    const bad = (text: string) => () => parseRouteRules(text, 'bad.yaml');
    expect(bad('version: 1\ntiers: [a]\ndefault: 2\n')).toThrow(/tier 2 does not exist/);
    expect(bad('version: 1\ntiers: [a, b]\ndefault: 1\nrules: [{ name: r, when: { taks: x }, tier: 1 }]\n')).toThrow(/taks/);
    expect(bad('version: 1\ntiers: [a, b]\ndefault: 1\nrules: [{ name: r, tier: 1, use: classifier }]\n')).toThrow(/exactly one of `tier` or `use: classifier`/);
    expect(bad('version: 1\ntiers: [a, b]\ndefault: 1\nrules: [{ name: r, use: classifier }]\n')).toThrow(/names no `classifier`/);
    expect(bad('version: 1\ntiers: [a, b]\ndefault: 1\nrules: [{ name: r, when: { pattern: "(" }, tier: 1 }]\n')).toThrow(/not a valid regular expression/);
    expect(bad('version: 1\ntiers: [a, b]\ndefault: 1\nrules: [{ name: r, when: { depth: {} }, tier: 1 }]\n')).toThrow(/at least one of gt, gte, lt, lte/);
    expect(bad('version: 1\ntiers: [a\n')).toThrow(ConfigError);
  });
});
