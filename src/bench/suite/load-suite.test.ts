import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/index.js';
import { buildTaskRequest } from '../run/build-task-request.js';
import { loadBenchInput } from './load-bench-input.js';
import { loadSuite, parseSuiteText } from './load-suite.js';
import { readExamplesFile } from './read-examples-file.js';
import { renderTemplate } from './render-template.js';

const fixtures = new URL('../__fixtures__/', import.meta.url).pathname;
const directory = mkdtempSync(join(tmpdir(), 'frugal-suite-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const write = (name: string, text: string): string => {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
};
const errorOf = async (promise: Promise<unknown>): Promise<ConfigError> => {
  try {
    await promise;
  } catch (error) {
    return error as ConfigError;
  }
  throw new Error('expected an error');
};
const minimal = (task: string): string => `version: 1
name: s
models: { current: amazon.nova-micro-v1:0 }
tasks:
${task}`;

describe('loadSuite', () => {
  it('reads inline, CSV and JSONL examples and fills defaults', async () => {
    const suite = await loadSuite(join(fixtures, 'tiny-suite.yaml'));
    expect(suite.tasks.map((task) => task.examples.length)).toEqual([2, 2]);
    expect(suite.tasks[0]?.examples[1]).toMatchObject({ id: 'c2', vars: { country: 'Korea, South' }, expected: 'Seoul' });
    expect(suite.tasks[1]?.examples[0]?.id).toBe('1');
    expect(suite.tasks[1]?.maxOutputTokens).toBe(512);
    expect(suite.hash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('names the path of every schema problem, with tasks by name', async () => {
    const path = write('bad.yaml', minimal(`  - name: classify
    prompt: { user: "{{ x }}" }
    examples: [{ vars: { x: 1 }, expected: a }]
    scorers:
      - { type: judge, metric: correctnes }
      - { type: length }
      - { type: regex, pattern: "(" }
    maxOutputTokens: -1
    extra: true`));
    const error = await errorOf(loadSuite(path));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^tasks\[classify\]\.scorers\[0\]\.metric: /),
        expect.stringMatching(/^tasks\[classify\]\.scorers\[1\]: give at least one of minChars/),
        expect.stringMatching(/^tasks\[classify\]\.scorers\[2\]\.pattern: not a valid regular expression/),
        expect.stringMatching(/^tasks\[classify\]\.maxOutputTokens: /),
        expect.stringMatching(/^tasks\[classify\]: Unrecognized key: "extra"/),
      ]),
    );
  });

  it('checks every template variable and label against every example', async () => {
    const path = write('vars.yaml', minimal(`  - name: t
    prompt: { user: "{{ subject }} {{ body }}" }
    examples:
      - { id: a, vars: { subject: s, body: b }, expected: billing }
      - { id: b, vars: { subject: s }, expected: nope }
    scorers: [{ type: label, labels: [billing, technical] }]`));
    const error = await errorOf(loadSuite(path));
    expect(error.issues.join('\n')).toMatch(/uses \{\{ body \}\}, which example "b" does not define/);
    expect(error.issues.join('\n')).toMatch(/expected label "nope" is not among the scorer's labels/);
  });

  it('refuses nunjucks filters and duplicate task names, and reports YAML syntax errors', async () => {
    expect(() => parseSuiteText(minimal(`  - { name: t, prompt: { user: "x" }, examples: [{ expected: a }], scorers: [{ type: exact }] }
  - { name: t, prompt: { user: "x" }, examples: [{ expected: a }], scorers: [{ type: exact }] }`), 'dup.yaml')).toThrow(/task name "t" is used twice/);
    const filtered = write('filter.yaml', minimal(`  - { name: t, prompt: { user: "{{ x | upper }}" }, examples: [{ vars: { x: a }, expected: a }], scorers: [{ type: exact }] }`));
    expect((await errorOf(loadSuite(filtered))).issues[0]).toMatch(/\{\{ x \| upper \}\} is not supported/);
    expect(() => parseSuiteText('version: 1\n  bad: [', 'syntax.yaml')).toThrow(/not valid YAML/);
  });

  it('reports a bad examples file with its line', async () => {
    write('bad.jsonl', '{"id": "a", "x": 1, "expected": "a"}\n{not json}\n');
    const path = write('lines.yaml', minimal(`  - { name: t, prompt: { user: "{{ x }}" }, examples: { file: bad.jsonl }, scorers: [{ type: exact }] }`));
    expect((await errorOf(loadSuite(path))).message).toMatch(/bad\.jsonl, line 2: not valid JSON/);
    await expect(loadSuite(join(directory, 'missing.yaml'))).rejects.toThrow(/Cannot read suite file/);
  });

  it('parses expected objects written as JSON in CSV cells for the json scorer, and refuses plain text', async () => {
    write('fields.csv', 'id,doc,expected\na,x,"{""total"": 3}"\nb,y,three\n');
    const path = write('fields.yaml', minimal(`  - { name: t, prompt: { user: "{{ doc }}" }, examples: { file: fields.csv }, scorers: [{ type: json }] }`));
    const error = await errorOf(loadSuite(path));
    expect(error.issues).toEqual([expect.stringMatching(/fields\.csv line 3: the json scorer compares fields, so the expected output of example "b" must be a JSON object/)]);
    write('fields.csv', 'id,doc,expected\na,x,"{""total"": 3}"\n');
    expect((await loadSuite(path)).tasks[0]?.examples[0]?.expected).toEqual({ total: 3 });
  });

  it('reads Bedrock evaluation datasets as examples', async () => {
    const path = write('dataset.jsonl', `${JSON.stringify({ prompt: 'Capital of Peru?', referenceResponse: 'Lima', category: 'geo' })}\n`);
    const [example] = await readExamplesFile({ path, format: 'bedrock-eval', idField: 'id', expectedField: 'expected', referenceField: 'reference', categoryField: 'category' });
    expect(example).toMatchObject({ id: '1', vars: { prompt: 'Capital of Peru?' }, expected: 'Lima', reference: 'Lima', category: 'geo' });
  });

  it('recognises a promptfoo config by its shape', async () => {
    const input = await loadBenchInput(join(fixtures, 'promptfooconfig.yaml'));
    expect(input.promptfoo?.understood.length).toBeGreaterThan(0);
  });
});

describe('templates and requests', () => {
  it('renders {{ name }} and {{ a.b }}, objects as JSON, and refuses unknown names', () => {
    expect(renderTemplate('{{a}} {{ b.c }} {{ o }}', { a: 'x', b: { c: 2 }, o: { k: 1 } })).toBe('x 2 {"k":1}');
    expect(() => renderTemplate('{{ missing }}', {})).toThrow(/does not define/);
  });

  it('builds the Converse request: system, few-shot, cache points only where the model caches, answer keys only when asked', async () => {
    const suite = await loadSuite(join(fixtures, 'tiny-suite.yaml'));
    const task = { ...suite.tasks[1]!, prompt: { ...suite.tasks[1]!.prompt, system: 'Be brief.', cachePoints: ['system' as const, 'few-shot' as const] } };
    const example = task.examples[1]!;
    const cached = buildTaskRequest({ suite: 'tiny', task, example, modelId: 'm', caching: true, answerKeys: true });
    expect(cached.request.system).toEqual([{ text: 'Be brief.' }, { cachePoint: {} }]);
    expect(cached.request.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(cached.request.messages[1]?.content).toEqual([{ text: 'positive' }, { cachePoint: {} }]);
    expect(cached.request.requestMetadata).toEqual({ task: 'frugal-bench/tiny/sentiment', frugal_expected: 'negative', frugal_task: 'sentiment', frugal_choices: 'positive|negative' });
    const plain = buildTaskRequest({ suite: 'tiny', task, example, modelId: 'm', caching: false, answerKeys: false });
    expect(JSON.stringify(plain.request)).not.toContain('cachePoint');
    expect(plain.request.requestMetadata).toEqual({ task: 'frugal-bench/tiny/sentiment' });
    expect(plain.promptText).toBe('Be brief.\n\nSentiment of: Awful');
  });
});
