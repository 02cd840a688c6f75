import type { ModelRequest } from '../providers/index.js';
import type { JudgeCriterion } from './judge-criterion.js';
import { criterionUsesReference } from './judge-criterion.js';
import { judgeVerdictJsonSchema } from './judge-verdict.js';

/** The tool the judge must call; its input is the verdict. */
export const verdictToolName = 'record_verdict';

export interface JudgeRequestInput {
  judgeModel: string;
  criterion: JudgeCriterion;
  /** What the candidate was asked (system and user text, as one block). */
  prompt: string;
  response: string;
  /** Known-good answer; shown only for criteria that use one. */
  reference?: string;
  maxTokens?: number;
  /** `tool` asks for the verdict tool (most reliable); `text` asks for a bare JSON reply, for models without tool choice. */
  structuredOutput?: 'tool' | 'text';
  /** Emulator only: the request metadata with the expected verdict (see createVerdictAnswerKey). */
  requestMetadata?: Record<string, string>;
}

function describeCriterion(criterion: JudgeCriterion): { text: string; notApplicable: string } {
  if (criterion.kind === 'rubric') return { text: criterion.rubric, notApplicable: 'the rubric cannot be applied to this response' };
  return { text: criterion.metric.question, notApplicable: criterion.metric.notApplicableWhen };
}

/** Tags keep the parts apart; a response that contains a closing tag cannot pose as the reference. */
function tagged(tag: string, text: string): string {
  return `<${tag}>\n${text.replaceAll(`</${tag}>`, `</ ${tag}>`)}\n</${tag}>`;
}

/**
 * One judge call: the criterion, the prompt, the reference (when used) and the response, with the
 * verdict requested through tool use. Temperature 0, so repeated judging measures the judge's own
 * variance rather than sampling noise where the model allows it.
 */
export function buildJudgeRequest(input: JudgeRequestInput): ModelRequest {
  const { criterion } = input;
  const { text, notApplicable } = describeCriterion(criterion);
  const tool = (input.structuredOutput ?? 'tool') === 'tool';
  const system = [
    'You are an impartial evaluator of AI responses. You rate one response against one criterion.',
    'Score from 0 to 1: 0 fails the criterion entirely, 1 fully meets it, values in between give partial credit.',
    `Use a null score when the criterion does not apply: ${notApplicable}.`,
    'Set pass to true when the response meets the criterion. Judge only what is asked; length alone is no merit.',
    tool
      ? `Record your verdict by calling the ${verdictToolName} tool exactly once. If you cannot call tools, reply with only one JSON object {"pass": boolean, "score": number or null, "reason": string} and nothing else.`
      : 'Reply with only one JSON object {"pass": boolean, "score": number or null, "reason": string} and nothing else.',
  ].join('\n');
  const parts = [tagged('criterion', `${criterion.name}: ${text}`), tagged('prompt', input.prompt)];
  if (criterionUsesReference(criterion) && input.reference !== undefined) parts.push(tagged('reference', input.reference));
  parts.push(tagged('response', input.response));
  return {
    modelId: input.judgeModel,
    system: [{ text: system }],
    messages: [{ role: 'user', content: [{ text: parts.join('\n\n') }] }],
    ...(tool && {
      tools: [{ toolSpec: { name: verdictToolName, description: 'Record the verdict on the response.', inputSchema: { json: { ...judgeVerdictJsonSchema } } } }],
      toolChoice: { tool: verdictToolName },
    }),
    inferenceConfig: { maxTokens: input.maxTokens ?? 400, temperature: 0 },
    ...(input.requestMetadata !== undefined && { requestMetadata: input.requestMetadata }),
  };
}
