import { describe, expect, it } from 'vitest';
import { ParseError } from '../core/index.js';
import { convertRequestBody } from './convert-request-body.js';
import { readRequestLog } from './read-request-log.js';

const model = 'anthropic.claude-3-7-sonnet-20250219-v1:0';

describe('convertRequestBody', () => {
  it('reads a Converse body with toolConfig, serviceTier and cache points', () => {
    const { request, format, dropped } = convertRequestBody(
      {
        system: [{ text: 'sys' }, { cachePoint: { type: 'default' } }],
        messages: [{ role: 'user', content: [{ text: 'hi' }] }],
        toolConfig: { tools: [{ toolSpec: { name: 't', inputSchema: { json: { type: 'object' } } } }], toolChoice: { auto: {} } },
        serviceTier: { type: 'flex' },
        additionalModelRequestFields: { top_k: 5 },
      },
      model,
    );
    expect(format).toBe('converse');
    expect(dropped).toEqual(['additionalModelRequestFields']);
    expect(request).toMatchObject({ modelId: model, toolChoice: 'auto', serviceTier: 'flex', tools: [{ toolSpec: { name: 't' } }] });
    expect(request.system?.[1]).toEqual({ cachePoint: { type: 'default' } });
  });

  it('reads an Anthropic Messages body, turning cache_control into a cache point after the block', () => {
    const { request, format } = convertRequestBody(
      {
        anthropic_version: 'bedrock-2023-05-31',
        max_tokens: 100,
        system: [{ type: 'text', text: 'policy', cache_control: { type: 'ephemeral', ttl: '1h' } }],
        messages: [{ role: 'user', content: 'question' }],
        tools: [{ name: 'lookup', input_schema: { type: 'object' } }],
      },
      model,
    );
    expect(format).toBe('anthropic');
    expect(request.system).toEqual([{ text: 'policy' }, { cachePoint: { type: 'default', ttl: '1h' } }]);
    expect(request.messages).toEqual([{ role: 'user', content: [{ text: 'question' }] }]);
    expect(request.inferenceConfig).toEqual({ maxTokens: 100 });
    expect(request.tools).toEqual([{ toolSpec: { name: 'lookup', inputSchema: { json: { type: 'object' } } } }]);
  });

  it('reads Nova and single-prompt bodies', () => {
    const nova = convertRequestBody({ schemaVersion: 'messages-v1', system: [{ text: 's' }], messages: [{ role: 'user', content: [{ text: 'q' }] }], inferenceConfig: { max_new_tokens: 50, top_p: 0.9 } }, 'amazon.nova-pro-v1:0');
    expect(nova.format).toBe('nova');
    expect(nova.request.inferenceConfig).toEqual({ maxTokens: 50, topP: 0.9 });
    const llama = convertRequestBody({ prompt: 'Hello', max_gen_len: 64 }, 'meta.llama3-1-8b-instruct-v1:0');
    expect(llama).toMatchObject({ format: 'prompt', request: { messages: [{ role: 'user', content: [{ text: 'Hello' }] }], inferenceConfig: { maxTokens: 64 } } });
  });

  it('names what is wrong with a body', () => {
    expect(() => convertRequestBody({ messages: [{ role: 'user', content: [{ txt: 'typo' }] }] }, model)).toThrow(/Not a valid converse request body/);
    expect(() => convertRequestBody([], model)).toThrow(/must be a JSON object/);
  });
});

describe('readRequestLog', () => {
  const line = (value: unknown) => JSON.stringify(value);
  it('reads {timestamp, modelId?, body} lines with ISO or epoch times', () => {
    const text = [
      line({ timestamp: '2026-08-01T09:00:00Z', body: { messages: [{ role: 'user', content: [{ text: 'a' }] }] } }),
      '',
      line({ timestamp: 1785574800000, modelId: 'amazon.nova-lite-v1:0', body: { messages: [{ role: 'user', content: [{ text: 'b' }] }] } }),
    ].join('\n');
    const log = readRequestLog(text, { modelId: model, requireTimestamp: true });
    expect(log.requests.map((request) => [request.line, request.time, request.modelId])).toEqual([
      [1, Date.parse('2026-08-01T09:00:00Z'), model],
      [3, 1785574800000, 'amazon.nova-lite-v1:0'],
    ]);
  });

  it('stops at a bad line with file and line, or collects the problems when asked', () => {
    const text = [line({ timestamp: '2026-08-01T09:00:00Z', body: { messages: [] } }), 'not json', line({ body: { messages: [{ role: 'user', content: [{ text: 'c' }] }] } })].join('\n');
    expect(() => readRequestLog(text, { file: 'req.jsonl', modelId: model })).toThrow(ParseError);
    expect(() => readRequestLog(text, { file: 'req.jsonl', modelId: model })).toThrow(/req\.jsonl, line 1: Not a valid converse request body/);
    const log = readRequestLog(text, { file: 'req.jsonl', modelId: model, skipInvalid: true, requireTimestamp: true });
    expect(log.requests).toHaveLength(0);
    expect(log.problems.map((problem) => problem.line)).toEqual([1, 2, 3]);
    expect(log.problems[2]?.message).toMatch(/no timestamp/);
    expect(() => readRequestLog(line({ body: { messages: [{ role: 'user', content: [{ text: 'c' }] }] } }))).toThrow(/no modelId on the line and no --model/);
  });
});
