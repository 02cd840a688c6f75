import { describe, expect, it } from 'vitest';
import { createPricingCatalog } from '../pricing/index.js';
import type { ModelRequest } from '../providers/index.js';
import { buildModelInput, invokeBodyFormatOf } from './build-model-input.js';
import { splitBatchJobs } from './split-batch-jobs.js';

const request: ModelRequest = {
  modelId: 'm',
  system: [{ text: 'Be brief.' }, { cachePoint: {} }],
  messages: [{ role: 'user', content: [{ text: 'Hi' }] }],
  inferenceConfig: { maxTokens: 50, temperature: 0.2 },
};
const catalog = createPricingCatalog();
const entry = (id: string) => {
  const found = catalog.model(id)?.entry;
  if (found === undefined) throw new Error(id);
  return found;
};

describe('buildModelInput', () => {
  it('builds each family\'s InvokeModel body, without cache points (batch does not cache)', () => {
    expect(buildModelInput(request, 'anthropic')).toEqual({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 50, system: [{ type: 'text', text: 'Be brief.' }], messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }], temperature: 0.2 });
    expect(buildModelInput(request, 'nova')).toEqual({ schemaVersion: 'messages-v1', system: [{ text: 'Be brief.' }], messages: [{ role: 'user', content: [{ text: 'Hi' }] }], inferenceConfig: { max_new_tokens: 50, temperature: 0.2 } });
    expect(buildModelInput(request, 'llama')).toEqual({
      prompt: '<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n',
      max_gen_len: 50,
      temperature: 0.2,
    });
    expect(buildModelInput(request, 'mistral')).toEqual({ prompt: '<s>[INST] Be brief.\n\nHi [/INST]', max_tokens: 50, temperature: 0.2 });
    expect(buildModelInput(request, 'converse')).toEqual({ system: [{ text: 'Be brief.' }], messages: [{ role: 'user', content: [{ text: 'Hi' }] }], inferenceConfig: { maxTokens: 50, temperature: 0.2 } });
  });

  it('refuses what a prompt-string body cannot carry', () => {
    const withTools: ModelRequest = { ...request, tools: [{ toolSpec: { name: 't', inputSchema: { json: {} } } }] };
    expect(() => buildModelInput(withTools, 'llama')).toThrow(/use --api converse/);
  });

  it('knows each catalog family', () => {
    expect(invokeBodyFormatOf(entry('anthropic.claude-3-5-haiku-20241022-v1:0'))).toBe('anthropic');
    expect(invokeBodyFormatOf(entry('amazon.nova-lite-v1:0'))).toBe('nova');
    expect(invokeBodyFormatOf(entry('meta.llama3-1-8b-instruct-v1:0'))).toBe('llama');
    expect(invokeBodyFormatOf(entry('mistral.mistral-7b-instruct-v0:2'))).toBe('mistral');
    expect(invokeBodyFormatOf(entry('gpt-4o'))).toBeUndefined();
  });
});

describe('splitBatchJobs', () => {
  it('fills jobs evenly under the record and size limits', () => {
    const jobs = splitBatchJobs(Array.from({ length: 1000 }, () => 100), { minRecordsPerJob: 100, maxRecordsPerJob: 600, maxRecordsPerFile: 200 }, 'model');
    expect(jobs.map((job) => job.records)).toEqual([500, 500]);
    expect(jobs[0]?.files.map((file) => file.records.length)).toEqual([200, 200, 100]);
    const bySize = splitBatchJobs(Array.from({ length: 300 }, () => 1000), { maxJobSizeBytes: 120_000, maxFileSizeBytes: 50_000 }, 'model');
    expect(bySize.map((job) => job.records)).toEqual([100, 100, 100]);
    expect(bySize.every((job) => job.bytes <= 120_000 && job.files.every((file) => file.bytes <= 50_000))).toBe(true);
  });

  it('refuses too few records, and a record over the file limit, saying what to do', () => {
    expect(() => splitBatchJobs([10, 10], { minRecordsPerJob: 100 }, 'Claude 3.5 Haiku')).toThrow(/2 records is fewer than the minimum of 100 records per batch inference job for Claude 3.5 Haiku/);
    expect(() => splitBatchJobs([10, 5000], { maxFileSizeBytes: 1000 }, 'm')).toThrow(/Record 2 is 5000 bytes/);
  });
});
