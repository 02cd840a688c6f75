import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import { createUnknownUsage, type ModelResult } from '../providers/index.js';
import { convertConverseInput } from './convert-converse-input.js';
import { convertToConverseOutput } from './convert-to-converse-output.js';
import { convertToConverseStream } from './convert-to-converse-stream.js';
import type { PipelineResult, PipelineStreamEvent } from './pipeline-result.js';

const answer: ModelResult = {
  output: { content: [{ type: 'text', text: 'Checking.' }, { type: 'tool-use', toolUseId: 't1', name: 'lookup', input: { id: 7 } }], stopReason: 'tool-use', rawStopReason: 'tool_use' },
  usage: { inputTokens: 10, cacheReadTokens: 100, cacheWrite5mTokens: 0, cacheWrite1hTokens: 20, outputTokens: 5, raw: undefined },
  latency: { totalMs: 12, attemptMs: 11, firstTokenMs: 3, lastTokenMs: 9, serviceMs: 8, retryWaitMs: 0, queueMs: 0, attempts: 1 },
  modelId: 'anthropic.claude-3-7-sonnet-20250219-v1:0',
  requestedModelId: 'anthropic.claude-3-7-sonnet-20250219-v1:0',
  requestId: 'req-1',
  serviceTier: 'flex',
  raw: {},
};
const result = { requestId: 'r', result: answer, decision: null, outcome: 'accepted', attempts: [], escalations: 0, cachePoints: [], maxTokens: null, usage: answer.usage, cost: { total: 1 }, totalCostUsd: 1, task: null } as unknown as PipelineResult;

describe('Converse conversions', () => {
  it('reads ConverseCommand input: toolConfig, toolChoice, serviceTier, cache points', () => {
    const request = convertConverseInput({
      modelId: 'm',
      system: [{ text: 'sys' }, { cachePoint: { type: 'default' } }],
      messages: [{ role: 'user', content: [{ text: 'hi' }] }],
      toolConfig: { tools: [{ toolSpec: { name: 'lookup', inputSchema: { json: { type: 'object' } } } }], toolChoice: { tool: { name: 'lookup' } } },
      serviceTier: { type: 'flex' },
      requestMetadata: { task: 't' },
    });
    expect(request).toMatchObject({ modelId: 'm', tools: [{ toolSpec: { name: 'lookup' } }], toolChoice: { tool: 'lookup' }, serviceTier: 'flex', requestMetadata: { task: 't' } });
    expect(request.system?.[1]).toEqual({ cachePoint: { type: 'default' } });
  });

  it('writes Converse output: Bedrock stop reason, exclusive input tokens, cache reads and writes apart', () => {
    const output = convertToConverseOutput(result);
    expect(output.output?.message?.content).toEqual([{ text: 'Checking.' }, { toolUse: { toolUseId: 't1', name: 'lookup', input: { id: 7 } } }]);
    expect(output).toMatchObject({ stopReason: 'tool_use', usage: { inputTokens: 10, outputTokens: 5, cacheReadInputTokens: 100, cacheWriteInputTokens: 20, totalTokens: 135 }, metrics: { latencyMs: 8 }, serviceTier: { type: 'flex' } });
    const unknown = convertToConverseOutput({ ...result, result: { ...answer, usage: createUnknownUsage(), output: { ...answer.output, rawStopReason: 'stop', stopReason: 'length' } } });
    expect(unknown).toMatchObject({ stopReason: 'max_tokens', usage: { inputTokens: 0, outputTokens: 0 } });
  });

  it('writes ConverseStream events: a block per index, tool calls opened with contentBlockStart', async () => {
    const events: PipelineStreamEvent[] = [
      { type: 'start', modelId: 'm', tier: 1, decision: null, requestId: 'r' },
      { type: 'text-delta', index: 0, text: 'Check' },
      { type: 'text-delta', index: 0, text: 'ing.' },
      { type: 'tool-use-start', index: 1, toolUseId: 't1', name: 'lookup' },
      { type: 'tool-use-delta', index: 1, inputDelta: '{"id":7}' },
      { type: 'end', result },
    ];
    const iterator = (async function* () {
      yield* events.slice(1);
    })();
    const out: ConverseStreamOutput[] = [];
    for await (const event of convertToConverseStream({ done: false, value: events[0] as PipelineStreamEvent }, iterator)) out.push(event);
    expect(out).toEqual([
      { messageStart: { role: 'assistant' } },
      { contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'Check' } } },
      { contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'ing.' } } },
      { contentBlockStop: { contentBlockIndex: 0 } },
      { contentBlockStart: { contentBlockIndex: 1, start: { toolUse: { toolUseId: 't1', name: 'lookup' } } } },
      { contentBlockDelta: { contentBlockIndex: 1, delta: { toolUse: { input: '{"id":7}' } } } },
      { contentBlockStop: { contentBlockIndex: 1 } },
      { messageStop: { stopReason: 'tool_use' } },
      { metadata: { usage: { inputTokens: 10, outputTokens: 5, totalTokens: 135, cacheReadInputTokens: 100, cacheWriteInputTokens: 20 }, metrics: { latencyMs: 8 } } },
    ]);
  });
});
