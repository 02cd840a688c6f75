import type { ContentBlock, Message, ModelRequest } from '../../providers/index.js';
import type { BenchExample } from '../suite/bench-example.js';
import { type BenchTask, templateVarsOf } from '../suite/load-suite.js';
import { renderTemplate } from '../suite/render-template.js';

export interface TaskRequestInput {
  suite: string;
  task: BenchTask;
  example: BenchExample;
  modelId: string;
  /** Add the task's cache points; false for models without prompt caching (Bedrock rejects them). */
  caching: boolean;
  /** Send the example's answer key for `frugal emulator` (never to real Bedrock: it only logs it). */
  answerKeys: boolean;
}

export interface TaskRequest {
  request: ModelRequest;
  /** System and user text as one block: what judges and Bedrock evaluation jobs see as the prompt. */
  promptText: string;
  /** The answer key sent, when one was. */
  answerKey?: { expected: string; task: string; choices?: string[] };
}

/** Bedrock's requestMetadata limit per value. */
const maxMetadataValue = 256;

/**
 * The Converse request for one (task, example, model): rendered system prompt, few-shot turns and
 * user turn, cache points where the task asks for them, max output tokens, and request metadata
 * that attributes the spend to the benchmark in Bedrock's invocation logs (`task`).
 */
export function buildTaskRequest(input: TaskRequestInput): TaskRequest {
  const { task, example } = input;
  const vars = templateVarsOf(example);
  const render = (template: string): string => renderTemplate(template, vars);
  const system = task.prompt.system === undefined ? undefined : render(task.prompt.system);
  const user = render(task.prompt.user);
  const cacheAfter = (where: 'system' | 'few-shot'): boolean => input.caching && task.prompt.cachePoints.includes(where);

  const messages: Message[] = [];
  task.prompt.fewShot.forEach((turn, index) => {
    const last = index === task.prompt.fewShot.length - 1;
    const assistant: ContentBlock[] = [{ text: render(turn.assistant) }];
    if (last && cacheAfter('few-shot')) assistant.push({ cachePoint: {} });
    messages.push({ role: 'user', content: [{ text: render(turn.user) }] }, { role: 'assistant', content: assistant });
  });
  messages.push({ role: 'user', content: [{ text: user }] });

  const metadata: Record<string, string> = { task: `frugal-bench/${input.suite}/${task.name}`.slice(0, maxMetadataValue) };
  const answerKey = input.answerKeys ? createAnswerKey(task, example, render) : undefined;
  if (answerKey !== undefined) {
    metadata['frugal_expected'] = answerKey.expected;
    metadata['frugal_task'] = answerKey.task;
    if (answerKey.choices !== undefined) metadata['frugal_choices'] = answerKey.choices.join('|');
  }
  const request: ModelRequest = {
    modelId: input.modelId,
    ...(system !== undefined && { system: cacheAfter('system') ? [{ text: system }, { cachePoint: {} }] : [{ text: system }] }),
    messages,
    inferenceConfig: { maxTokens: task.maxOutputTokens, ...(task.temperature !== undefined && { temperature: task.temperature }) },
    requestMetadata: metadata,
  };
  return { request, promptText: system === undefined ? user : `${system}\n\n${user}`, ...(answerKey !== undefined && { answerKey }) };
}

/**
 * The emulator's answer key: the expected output (objects as compact JSON), the accuracy key, and
 * the labels as choices so a wrong simulated answer is another label. Undefined when there is no
 * expected output or it would not fit Bedrock's 256-character metadata values.
 */
function createAnswerKey(task: BenchTask, example: BenchExample, render: (template: string) => string): TaskRequest['answerKey'] {
  if (task.answerKey === false) return undefined;
  const settings = task.answerKey ?? {};
  let expected: string | undefined;
  if (settings.expected !== undefined) expected = render(settings.expected);
  else if (example.expected !== undefined) expected = typeof example.expected === 'string' ? example.expected : JSON.stringify(example.expected);
  else if (example.reference !== undefined) expected = example.reference;
  if (expected === undefined || expected.trim() === '' || expected.length > maxMetadataValue) return undefined;
  const labels = task.scorers.find((scorer) => scorer.type === 'label')?.labels;
  const choices = settings.choices ?? labels;
  const usable = choices !== undefined && choices.every((choice) => !choice.includes('|')) && choices.join('|').length <= maxMetadataValue ? choices : undefined;
  return { expected, task: settings.task ?? task.name, ...(usable !== undefined && { choices: [...usable] }) };
}
