import type { ModelRequest } from '../providers/index.js';
import { createPhraseMatcher } from './create-phrase-matcher.js';

/** What the caller expects back; a label or JSON is usually easier than free text. */
export const outputFormats = ['json', 'label', 'text'] as const;
export type OutputFormat = (typeof outputFormats)[number];

/** What the caller knows about a request that the request itself does not say. */
export interface RouteContext {
  /** Task type, e.g. `ticket-classification`; otherwise `requestMetadata.frugal_task` or `.task`. */
  task?: string;
  /** Keeps a multi-turn conversation on one tier (see pinning). */
  conversationId?: string;
  outputFormat?: OutputFormat;
  /** Extra metadata to match on; merged over `requestMetadata`. */
  metadata?: Readonly<Record<string, string>>;
}

/**
 * The facts rules and the classifier decide on, read once per request. The output format is
 * worked out on first use, since many decisions never need it.
 */
export interface RouteSignals {
  /** The text that is classified: the last user message (RouteLLM routes on the prompt, not the history). */
  text: string;
  /** The system prompt's text (rules match keywords in it too). */
  system: string;
  /** Characters of all text sent (system, every message, tool specs). */
  inputChars: number;
  /** About 4 characters per token: cheap, and close enough to pick a tier. */
  estimatedInputTokens: number;
  /** User turns in the conversation so far, this one included. */
  depth: number;
  toolsPresent: boolean;
  outputFormat: OutputFormat;
  task: string | undefined;
  metadata: Readonly<Record<string, string>>;
}

const labelHints = [
  'classify', 'classification', 'categorize', 'categorise', 'categorization', 'categorisation', 'label it', 'label this', 'label the',
  'one of the following labels', 'one of the following categories', 'one of the labels', 'one of the categories',
  'answer with one word', 'answer with a single word', 'answer with only one word', 'answer with one letter', 'answer with a single letter', 'answer with the letter',
];
/** Phrase 0 is "json"; the rest hint at a label. One pass over system prompt and text finds them all. */
const formatHints = createPhraseMatcher(['json', ...labelHints]);
/** Detection is synchronous, so one scratch array serves every request. */
const formatScratch = new Uint8Array(labelHints.length + 1);
const multipleChoice = /(?:^|\n)\s*\(?[A-Da-d][.)]\s[^\n]*\n\s*\(?[A-Da-d][.)]\s/;
/**
 * Format instructions ("reply in JSON", "classify", answer options) sit at the start or the end
 * of a prompt, so only the head and tail are searched: scanning all of a 2,000-token prompt
 * would double the cost of a rule decision for nothing.
 */
const formatWindow = { system: 4000, text: 2000 };

/** Scans the head and tail of a text as two ranges (each read as if it were the whole text). */
function scanEnds(text: string, size: number, found: Uint8Array): void {
  if (text.length <= size) formatHints.scan(text, found);
  else {
    formatHints.scan(text, found, 0, size / 2);
    formatHints.scan(text, found, text.length - size / 2, text.length);
  }
}

function blockText(blocks: readonly unknown[]): string {
  let text = '';
  for (const block of blocks) {
    const value = (block as { text?: unknown }).text;
    if (typeof value === 'string') text = text.length === 0 ? value : `${text}\n${value}`;
  }
  return text;
}

function detectFormat(request: ModelRequest, metadata: Readonly<Record<string, string>>, system: string, text: string): OutputFormat {
  const declared = metadata['frugal_format'] ?? metadata['output_format'];
  if (declared === 'json' || declared === 'label' || declared === 'text') return declared;
  // A forced tool call is structured output: the answer is the tool's JSON arguments.
  if (request.toolChoice !== undefined && request.toolChoice !== 'auto') return 'json';
  const found = formatScratch.fill(0);
  scanEnds(system, formatWindow.system, found);
  scanEnds(text, formatWindow.text, found);
  if (found[0] === 1) return 'json';
  if (found.includes(1)) return 'label';
  if (multipleChoice.test(text.length <= formatWindow.text ? text : text.slice(text.length - formatWindow.text))) return 'label';
  return 'text';
}

/**
 * Reads the routing signals of a Converse-shaped request. Pure and cheap (one pass over the
 * blocks plus two bounded regex tests), because it runs on every request before any model call.
 */
export function extractRouteSignals(request: ModelRequest, context: RouteContext = {}): RouteSignals {
  const metadata = context.metadata === undefined ? (request.requestMetadata ?? {}) : { ...request.requestMetadata, ...context.metadata };
  const system = request.system === undefined ? '' : blockText(request.system);
  let inputChars = system.length;
  let depth = 0;
  let text = '';
  for (const message of request.messages) {
    for (const block of message.content) {
      const value = (block as { text?: unknown }).text;
      if (typeof value === 'string') inputChars += value.length;
    }
    if (message.role === 'user') {
      depth += 1;
      text = blockText(message.content);
    }
  }
  let toolsPresent = false;
  for (const tool of request.tools ?? []) {
    if ('toolSpec' in tool) {
      toolsPresent = true;
      inputChars += (tool.toolSpec.description ?? '').length + tool.toolSpec.name.length;
    }
  }
  const task = context.task ?? metadata['frugal_task'] ?? metadata['task'];
  return new LazyRouteSignals(request, text, system, inputChars, depth, toolsPresent, task, metadata, context.outputFormat);
}

/**
 * Signals as a class, the output format a prototype getter: an object literal with a getter
 * closure got a hidden class of its own per request (the accessor is part of the map), about
 * 800 bytes that outlived the young generation and made scavenges and old-space collections
 * the tail of a 2,000-token decision. Fields are the interface's plus what the getter needs.
 */
class LazyRouteSignals implements RouteSignals {
  readonly estimatedInputTokens: number;
  /** Not enumerable in spirit: `explain` lists the signals it shows rather than spreading these. */
  private format: OutputFormat | undefined;

  constructor(
    private readonly request: ModelRequest,
    readonly text: string,
    readonly system: string,
    readonly inputChars: number,
    readonly depth: number,
    readonly toolsPresent: boolean,
    readonly task: string | undefined,
    readonly metadata: Readonly<Record<string, string>>,
    declared: OutputFormat | undefined,
  ) {
    this.estimatedInputTokens = Math.ceil(inputChars / 4);
    this.format = declared;
  }

  get outputFormat(): OutputFormat {
    this.format ??= detectFormat(this.request, this.metadata, this.system, this.text);
    return this.format;
  }
}

/** The request a single prompt of a data set stands for (training and evaluation rows). */
export function promptRequest(prompt: string, modelId = 'unrouted'): ModelRequest {
  return { modelId, messages: [{ role: 'user', content: [{ text: prompt }] }] };
}
