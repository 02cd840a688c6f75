import { describe, expect, it } from 'vitest';
import { textOfTokens } from '../../test/helpers/generate-cache-traffic.js';
import type { ModelRequest } from '../providers/index.js';
import { findDynamicValues } from './find-dynamic-values.js';
import { describeFindingPosition, lintCachePrefixes } from './lint-cache-prefixes.js';

const policy = textOfTokens(2000, 'policy');
const ask = (system: ModelRequest['system'], extra: Partial<ModelRequest> = {}): ModelRequest => ({ modelId: 'm', system, messages: [{ role: 'user', content: [{ text: 'question' }] }], ...extra });
const tool = (name: string, json: Record<string, unknown> = { type: 'object', properties: { id: { type: 'string' } } }) => ({ toolSpec: { name, description: `The ${name} tool`, inputSchema: { json } } });

describe('findDynamicValues', () => {
  it('recognises dates, times, ids, emails and names', () => {
    const found = findDynamicValues('Now: 2026-08-01T09:30:00Z. Ticket id: 88231. Contact ana@example.com, user: Ana Lopez, session 3f2a9c1e-1b2c-4d5e-8f90-112233445566 on Monday 4 August 2026 at 10:15 AM, order 12345678');
    expect(found.map((value) => value.kind)).toEqual(['timestamp', 'id field', 'email', 'user name', 'uuid', 'weekday', 'date', 'time', 'numeric id']);
  });
});

describe('lintCachePrefixes', () => {
  it('points at a date before a static system prompt, with line, block and offset', () => {
    const requests = ['2026-08-01', '2026-08-02', '2026-08-03'].map((date, index) => ({ line: index + 1, request: ask([{ text: `Today is ${date}. ${policy}` }]) }));
    const [finding, ...rest] = lintCachePrefixes(requests);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ rule: 'dynamic-before-static', severity: 'error', line: 1, count: 3, section: 'system', block: 0, offset: 9 });
    expect(describeFindingPosition(finding ?? ({} as never))).toBe('line 1, system block 0, char 9');
    expect(finding?.message).toMatch(/a date \("2026-08-01"\) at character 9 that changes between requests, before [\d,]+ characters \(~[\d,]+ tokens\) that are the same in every request/);
    expect(finding?.suggestion).toMatch(/move the date after the static text/);
  });

  it('finds a changing block before a static one, and says nothing when the date never changes', () => {
    const varying = [1, 2].map((day) => ({ line: day, request: ask([{ text: `Customer: Ana, visit ${day}` }, { text: policy }]) }));
    expect(lintCachePrefixes(varying).map((finding) => [finding.rule, finding.block])).toEqual([['varying-before-static', 0]]);
    const constant = [1, 2].map((line) => ({ line, request: ask([{ text: `Policy version 2026-01-01. ${policy}` }]) }));
    expect(lintCachePrefixes(constant)).toEqual([]);
  });

  it('flags whitespace and JSON key order differences', () => {
    const json = JSON.stringify({ product: 'card', limits: { daily: 500, monthly: 5000 } });
    const reordered = JSON.stringify({ limits: { monthly: 5000, daily: 500 }, product: 'card' });
    const findings = lintCachePrefixes([
      { line: 1, request: ask([{ text: `${policy}\nEnd.` }, { text: json }]) },
      { line: 2, request: ask([{ text: `${policy}\nEnd.` }, { text: json }]) },
      { line: 3, request: ask([{ text: `${policy} \r\nEnd.` }, { text: reordered }]) },
    ]);
    expect(findings.map((finding) => [finding.rule, finding.line, finding.block])).toEqual([
      ['whitespace', 3, 0],
      ['json-key-order', 3, 1],
    ]);
    expect(findings[0]?.offset).toBe(policy.length);
    expect(findings[0]?.message).toMatch(/line endings/);
  });

  it('flags tools in varying order and tool JSON with reordered keys', () => {
    const findings = lintCachePrefixes([
      { line: 1, request: ask([{ text: 'x' }], { tools: [tool('search'), tool('lookup')] }) },
      { line: 2, request: ask([{ text: 'x' }], { tools: [tool('search'), tool('lookup')] }) },
      { line: 3, request: ask([{ text: 'x' }], { tools: [tool('lookup'), tool('search')] }) },
      { line: 4, request: ask([{ text: 'x' }], { tools: [tool('search'), tool('lookup', { properties: { id: { type: 'string' } }, type: 'object' })] }) },
    ]);
    expect(findings.map((finding) => [finding.rule, finding.line, finding.block])).toEqual([
      ['tool-order', 3, 0],
      ['json-key-order', 4, 1],
    ]);
    expect(findings[0]?.suggestion).toMatch(/sorted by name: \[lookup, search\]/);
  });

  it('warns about a dynamic-looking value when there is only one request to judge from', () => {
    const [finding] = lintCachePrefixes([{ line: 1, request: ask([{ text: `Session 3f2a9c1e-1b2c-4d5e-8f90-112233445566. ${policy}` }]) }]);
    expect(finding).toMatchObject({ rule: 'dynamic-value', severity: 'warning', offset: 8 });
  });
});
