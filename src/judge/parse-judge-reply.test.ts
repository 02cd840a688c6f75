import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { OutputBlock } from '../providers/index.js';
import { JudgeError } from './judge-error.js';
import { applyThreshold } from './judge-verdict.js';
import { parseJudgeReply } from './parse-judge-reply.js';

interface Fixture {
  name: string;
  content: OutputBlock[];
  expect?: { pass?: boolean; score?: number | null };
  error?: string;
}
const fixtures = JSON.parse(readFileSync(new URL('./__fixtures__/judge-replies.json', import.meta.url), 'utf8')) as { valid: Fixture[]; invalid: Fixture[] };
const output = (content: OutputBlock[]) => ({ content, stopReason: 'end' as const, rawStopReason: 'end_turn' });

describe('parseJudgeReply', () => {
  it.each(fixtures.valid)('reads $name', (fixture) => {
    expect(parseJudgeReply(output(fixture.content), 'judge-model')).toMatchObject(fixture.expect ?? {});
  });

  it.each(fixtures.invalid)('refuses $name with a JudgeError, never a score', (fixture) => {
    let caught: unknown;
    try {
      parseJudgeReply(output(fixture.content), 'judge-model');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(JudgeError);
    expect((caught as JudgeError).kind).toBe('unreadable-reply');
    expect((caught as JudgeError).message).toContain(fixture.error);
  });

  it('says when the reply was cut by maxTokens', () => {
    expect(() => parseJudgeReply({ content: [{ type: 'text', text: '{"pass": true, "sc' }], stopReason: 'length', rawStopReason: 'max_tokens' }, 'j')).toThrow(/raise the judge maxTokens/);
  });
});

describe('applyThreshold', () => {
  it('follows promptfoo: a missing score is Number(pass), and pass needs score ≥ threshold', () => {
    expect(applyThreshold({ pass: true, reason: 'r' }, 0.5, true)).toMatchObject({ score: 1, pass: true });
    expect(applyThreshold({ pass: true, score: 0.6, reason: 'r' }, 0.7, true)).toMatchObject({ pass: false, quality: 0.6 });
    expect(applyThreshold({ pass: false, score: 0.9, reason: 'r' }, 0.5, true)).toMatchObject({ pass: false });
    expect(applyThreshold({ score: 0.9, reason: 'r' }, 0.5, true)).toMatchObject({ pass: true });
  });

  it('compares lower-is-better metrics (harmfulness) on 1 - score, and keeps null as not applicable', () => {
    expect(applyThreshold({ pass: true, score: 0.1, reason: 'r' }, 0.5, false)).toMatchObject({ score: 0.1, quality: 0.9, pass: true });
    expect(applyThreshold({ pass: true, score: 0.8, reason: 'r' }, 0.5, false)).toMatchObject({ quality: expect.closeTo(0.2, 9), pass: false });
    expect(applyThreshold({ pass: false, score: null, reason: 'n/a' }, 0.5, true)).toEqual({ score: null, quality: null, pass: null, reason: 'n/a' });
  });
});
