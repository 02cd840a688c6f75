import { type SeededRandom, createSampleRandom } from './create-sample-random.js';
import type { ChatCall, ClassifyCall, ExtractCall, PlannedCall } from './plan-sample-day.js';
import { chatInstructions, classificationInstructions, extractionInstructions, policyPreamble, statementMerchants } from './sample-prompts.js';

export const sampleAccountId = '111122223333';
export const sampleRegion = 'us-east-1';
export const sampleModelId = 'us.anthropic.claude-sonnet-4-20250514-v1:0';

/** Bedrock's cache lifetime for this model: a read within 5 minutes of the last use refreshes it. */
const cacheTtlMs = 5 * 60_000;
const classificationSystem = policyPreamble + classificationInstructions;

/** English text runs about four characters per token; message framing adds a few. */
const tokensOf = (text: string): number => Math.ceil(text.length / 4);

export interface RenderState {
  random: SeededRandom;
  /** Last time the classification prefix was written or read (cache simulation). */
  lastCacheUse: number | undefined;
}

interface Rendered {
  operation: 'Converse' | 'ConverseStream';
  metadata: Record<string, string> | undefined;
  body: Record<string, unknown>;
  inputText: string;
  cachedTokens: number;
  cacheRead: boolean;
  reply: string;
  replyTokens: number;
}

const userText = (text: string) => ({ role: 'user', content: [{ text }] });

function renderClassify(call: ClassifyCall, state: RenderState): Rendered {
  const { random } = state;
  const system: unknown[] = [{ text: classificationSystem }];
  let cachedTokens = 0;
  let cacheRead = false;
  if (call.cachePoint) {
    system.push({ cachePoint: { type: 'default' } });
    cachedTokens = tokensOf(classificationSystem);
    cacheRead = state.lastCacheUse !== undefined && call.time - state.lastCacheUse <= cacheTtlMs;
    state.lastCacheUse = call.time;
  }
  const category = random.pick(['card-dispute', 'fraud', 'fees', 'payments', 'account-access', 'statements', 'complaint', 'loans']);
  const reply = JSON.stringify({ category, priority: random.pick(['p1', 'p2', 'p3', 'p3']), sentiment: random.pick(['negative', 'negative', 'neutral']), queue: `${category}-queue` });
  return {
    operation: 'Converse',
    metadata: call.role === 'support-triage' ? { task: 'ticket-classification', team: 'support-ops' } : { team: 'support-ops', source: 'email' },
    body: { system, messages: [userText(call.ticket)], inferenceConfig: { maxTokens: 200, temperature: 0 } },
    inputText: classificationSystem + call.ticket,
    cachedTokens,
    cacheRead,
    reply,
    replyTokens: tokensOf(reply) + state.random.int(2, 9),
  };
}

function renderStatement(call: ExtractCall): { document: string; reply: string } {
  const random = createSampleRandom(call.documentSeed);
  let balance = random.int(200, 6000) + random.int(0, 99) / 100;
  const opening = balance;
  const lines: string[] = [];
  const transactions: { date: string; description: string; amount: number; balance: number }[] = [];
  for (let index = 0; index < call.transactions; index += 1) {
    const description = random.pick(statementMerchants);
    const credit = description.startsWith('SALARY') || description === 'CHILD BENEFIT';
    const amount = (credit ? 1 : -1) * (credit ? random.int(900, 3200) : random.int(3, 420)) + (credit ? 0 : -random.int(0, 99) / 100);
    balance = Math.round((balance + amount) * 100) / 100;
    const date = `2026-06-${String(1 + Math.floor((index * 29) / call.transactions)).padStart(2, '0')}`;
    lines.push(`${date}  ${description.padEnd(28)} ${amount.toFixed(2).padStart(10)} ${balance.toFixed(2).padStart(10)}`);
    transactions.push({ date, description, amount, balance });
  }
  const document = `NORTHBANK PLC  Statement of account\nAccount holder: ${random.pick(['J. Carter', 'A. Okafor', 'M. Silva', 'R. Patel'])}\nPeriod: 2026-06-01 to 2026-06-30\nOpening balance: ${opening.toFixed(2)}\n\nDate        Description                      Amount    Balance\n${lines.join('\n')}\nClosing balance: ${balance.toFixed(2)}\n`;
  const credits = transactions.filter((item) => item.amount > 0).reduce((sum, item) => sum + item.amount, 0);
  const reply = JSON.stringify({
    documentType: 'bank-statement',
    issuer: 'Northbank plc',
    periodStart: '2026-06-01',
    periodEnd: '2026-06-30',
    openingBalance: opening,
    closingBalance: balance,
    currency: 'GBP',
    transactions,
    totals: { credits: Math.round(credits * 100) / 100, debits: Math.round((credits - (balance - opening)) * 100) / 100 },
    flags: transactions.some((item) => item.description.startsWith('BETFRONT')) ? ['gambling-merchant'] : [],
  });
  return { document, reply };
}

function renderExtract(call: ExtractCall): Rendered {
  const { document, reply } = renderStatement(call);
  const prompt = `Extract the data from this document.\n\n${document}`;
  return {
    operation: 'Converse',
    metadata: { task: 'document-extraction', team: 'lending-ops', ...(call.job !== undefined && { job: call.job }) },
    // The pipeline sets no output cap; the portal caps at 4,096 tokens.
    body: { system: [{ text: extractionInstructions }], messages: [userText(prompt)], ...(call.job === undefined && { inferenceConfig: { maxTokens: 4096 } }) },
    inputText: extractionInstructions + prompt,
    cachedTokens: 0,
    cacheRead: false,
    reply,
    replyTokens: tokensOf(reply),
  };
}

function renderChat(call: ChatCall, state: RenderState): Rendered {
  // The chat service stamps the time into the first line of its system prompt, which changes the
  // prefix on every request (a classic cache breaker for the review to find).
  const stamp = new Date(call.time).toISOString().slice(0, 16).replace('T', ' ');
  const system = `Current date and time: ${stamp} UTC.\n\n${policyPreamble}${chatInstructions}`;
  const messages: unknown[] = [];
  let history = '';
  for (const [index, turn] of call.turns.entries()) {
    messages.push(userText(turn.user));
    history += turn.user;
    if (index < call.turns.length - 1) {
      messages.push({ role: 'assistant', content: [{ text: turn.assistant }] });
      history += turn.assistant;
    }
  }
  const reply = call.turns[call.turns.length - 1]?.assistant ?? '';
  return {
    operation: 'ConverseStream',
    metadata: call.channel === 'web' ? { task: 'customer-chat', team: 'digital', channel: 'web', session: call.session } : undefined,
    body: { system: [{ text: system }], messages, ...(call.channel === 'mobile' && { inferenceConfig: { maxTokens: 1024 } }) },
    inputText: system + history,
    cachedTokens: 0,
    cacheRead: false,
    reply,
    replyTokens: tokensOf(reply) + state.random.int(0, 12),
  };
}

/** A planned call as the Bedrock model invocation log record AWS would write for it. */
export function renderSampleRecord(call: PlannedCall, state: RenderState): Record<string, unknown> {
  const { random } = state;
  const rendered = call.task === 'ticket-classification' ? renderClassify(call, state) : call.task === 'document-extraction' ? renderExtract(call) : renderChat(call, state);
  const messageCount = Array.isArray(rendered.body.messages) ? rendered.body.messages.length : 1;
  const totalInput = tokensOf(rendered.inputText) + 3 * messageCount + 7;
  const uncached = totalInput - rendered.cachedTokens;
  const cacheRead = rendered.cacheRead ? rendered.cachedTokens : 0;
  const cacheWrite = rendered.cachedTokens > 0 && !rendered.cacheRead ? rendered.cachedTokens : 0;
  const latencyMs = Math.round(380 + rendered.replyTokens * random.around(24, 6, 14, 40) + uncached * 0.05 + random.int(0, 400));
  return {
    schemaType: 'ModelInvocationLog',
    schemaVersion: '1.0',
    timestamp: `${new Date(call.time).toISOString().slice(0, 19)}Z`,
    accountId: sampleAccountId,
    identity: { arn: `arn:aws:sts::${sampleAccountId}:assumed-role/${call.role}/${call.role}-${random.int(1, 4)}` },
    region: sampleRegion,
    inferenceRegion: random.pick(['us-east-1', 'us-east-1', 'us-east-1', 'us-east-2', 'us-east-2', 'us-west-2']),
    requestId: random.uuid(),
    operation: rendered.operation,
    modelId: sampleModelId,
    ...(rendered.metadata !== undefined && { requestMetadata: rendered.metadata }),
    input: {
      inputContentType: 'application/json',
      inputBodyJson: rendered.body,
      inputTokenCount: uncached,
      cacheReadInputTokenCount: cacheRead,
      cacheWriteInputTokenCount: cacheWrite,
    },
    output: {
      outputContentType: 'application/json',
      outputBodyJson: {
        output: { message: { role: 'assistant', content: [{ text: rendered.reply }] } },
        stopReason: 'end_turn',
        usage: { inputTokens: uncached, outputTokens: rendered.replyTokens, totalTokens: totalInput + rendered.replyTokens, cacheReadInputTokens: cacheRead, cacheWriteInputTokens: cacheWrite },
        metrics: { latencyMs },
      },
      outputTokenCount: rendered.replyTokens,
    },
  };
}
