import type { z } from 'zod';
import { formatSchemaIssues } from '../pricing/index.js';
import type { ModelOutput } from '../providers/index.js';
import { verdictToolName } from './build-judge-request.js';
import { JudgeError } from './judge-error.js';
import { judgeVerdictSchema, type RawJudgeVerdict } from './judge-verdict.js';

/**
 * Reads a verdict from the judge's output. A `record_verdict` tool-use block wins; without one
 * (models or endpoints that answer in text, like `frugal emulator`) the text must hold a JSON
 * object in one of these places, tried in order: the whole reply, a fenced ```json block, or the
 * first line that starts with `{` (through its closing brace). Prose around it is not searched:
 * "not {...}" is not a verdict. Whatever is found must pass the verdict schema; anything else is
 * a JudgeError, never a score.
 */
export function parseJudgeReply(output: ModelOutput, judgeModel: string): RawJudgeVerdict {
  const toolUse = output.content.find((block) => block.type === 'tool-use' && block.name === verdictToolName);
  if (toolUse !== undefined && toolUse.type === 'tool-use') {
    if (typeof toolUse.input === 'string') {
      throw new JudgeError('unreadable-reply', judgeModel, `the ${verdictToolName} call carried invalid JSON.`, { replyText: toolUse.input });
    }
    return validate(toolUse.input, judgeModel, JSON.stringify(toolUse.input));
  }
  const text = output.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  if (text.trim() === '') {
    throw new JudgeError('unreadable-reply', judgeModel, `the reply had neither a ${verdictToolName} call nor text (stop reason ${output.rawStopReason ?? output.stopReason}).`, { replyText: text });
  }
  const candidates = findJsonCandidates(text);
  let firstProblem: string | undefined;
  for (const candidate of candidates) {
    let value: unknown;
    try {
      value = JSON.parse(candidate) as unknown;
    } catch {
      firstProblem ??= 'the JSON in the reply does not parse';
      continue;
    }
    const parsed = judgeVerdictSchema.safeParse(value);
    if (parsed.success) return parsed.data;
    firstProblem ??= describeIssues(parsed.error);
  }
  const truncated = output.stopReason === 'length' ? ' The reply hit maxTokens; raise the judge maxTokens.' : '';
  throw new JudgeError(
    'unreadable-reply',
    judgeModel,
    `${firstProblem ?? 'the reply holds no JSON verdict object'}.${truncated} Reply starts: ${JSON.stringify(text.slice(0, 120))}`,
    { replyText: text },
  );
}

function validate(value: unknown, judgeModel: string, replyText: string): RawJudgeVerdict {
  const parsed = judgeVerdictSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new JudgeError('unreadable-reply', judgeModel, `the verdict is invalid: ${describeIssues(parsed.error)}.`, { replyText });
}

function describeIssues(error: z.ZodError): string {
  return `invalid verdict (${formatSchemaIssues(error).join('; ')})`;
}

/** The places a JSON object may sit in a text reply, in the order they are tried. */
export function findJsonCandidates(text: string): string[] {
  const candidates: string[] = [];
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) candidates.push(trimmed);
  const fence = /```(?:json)?[ \t]*\n([\s\S]*?)```/i.exec(text);
  if (fence?.[1] !== undefined) candidates.push(fence[1].trim());
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.trimStart().startsWith('{'));
  if (start >= 0) {
    const rest = lines.slice(start).join('\n').trimStart();
    const end = findClosingBrace(rest);
    if (end > 0) candidates.push(rest.slice(0, end + 1));
  }
  return [...new Set(candidates)];
}

/** Index of the brace that closes the object opening at 0, honouring strings; -1 when unbalanced. */
export function findClosingBrace(text: string): number {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '{') depth += 1;
    else if (char === '}') {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return -1;
}
