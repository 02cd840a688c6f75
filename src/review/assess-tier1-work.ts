import type { UsageRow } from '../core/index.js';
import type { ReviewConfig } from '../config/index.js';
import { extractRouteSignals } from '../route/index.js';
import type { ReviewSlice } from './load-review-slices.js';
import { percent } from './review-context.js';

export type Tier1Kind = 'classification' | 'routing' | 'extraction' | 'short-answer';

export interface Tier1Assessment {
  looksTier1: boolean;
  kind: Tier1Kind | null;
  source: 'config' | 'heuristic';
  /** What points at tier-1 work, and what points away from it. */
  signals: string[];
  against: string[];
}

const keywords: [Tier1Kind, RegExp][] = [
  ['classification', /\b(classif\w*|categori[sz]\w*|triage|label\w*|sentiment|intent|tag(?:ging)?)\b/i],
  ['routing', /\b(rout(?:e|ing)|dispatch\w*)\b/i],
  ['extraction', /\b(extract\w*|structured data|parse)\b/i],
];

/** Instructions sit at the start or the end of a system prompt; a long preamble in the middle says little about the task. */
const ends = (text: string, size = 700): string => (text.length <= 2 * size ? text : `${text.slice(0, size)}\n${text.slice(-size)}`);

/** A reply that is a label: one short line, or a small JSON object of short scalar values. */
export function isLabelLike(reply: string): boolean {
  const text = reply.trim();
  if (text.length === 0) return false;
  if (!text.includes('\n') && text.length <= 40 && !/[.!?]\s/.test(text)) return true;
  if (!text.startsWith('{')) return false;
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const entries = Object.values(value);
    return entries.length > 0 && entries.length <= 8 && entries.every((item) => (typeof item === 'string' && item.length <= 40) || typeof item === 'number' || typeof item === 'boolean');
  } catch {
    return false;
  }
}

/**
 * Whether a task looks like tier-1 work (classification, routing, extraction, short answers):
 * the task name and the instructions of its system prompt, the output format the routing
 * library reads from the request, how long the outputs run (p95), and whether the replies
 * themselves are labels. Conversations and long free-text replies count against it.
 */
export function assessTier1Work(slices: readonly ReviewSlice[], examples: readonly UsageRow[], systemText: string, outputP95: number | null, config: ReviewConfig): Tier1Assessment {
  const first = slices[0] as ReviewSlice;
  const rows = slices.reduce((sum, slice) => sum + slice.rows, 0);
  const multiTurn = slices.reduce((sum, slice) => sum + slice.profile.multiTurnRows, 0);
  const signals: string[] = [];
  const against: string[] = [];

  const named = `${first.task} ${ends(systemText)}`;
  const kinds = keywords.filter(([, pattern]) => pattern.test(named)).map(([kind]) => kind);
  if (kinds.length > 0) signals.push(`the task name or its instructions speak of ${kinds.join(' and ')}`);
  const request = { modelId: first.modelId, ...(systemText === '' ? {} : { system: [{ text: systemText }] }), messages: [{ role: 'user' as const, content: [{ text: examples[0]?.requestPreview ?? '' }] }] };
  const format = extractRouteSignals(request, { task: first.task }).outputFormat;
  if (format !== 'text') signals.push(`the prompt asks for ${format === 'json' ? 'JSON' : 'a label'}`);
  const short = outputP95 !== null && outputP95 <= config.routing.shortOutputTokens;
  if (outputP95 !== null) (short ? signals : against).push(`95% of replies are at most ${Math.round(outputP95)} output tokens${short ? '' : ' (long replies)'}`);
  const replies = examples.map((row) => row.responsePreview).filter((reply): reply is string => reply !== null);
  const labels = replies.filter(isLabelLike).length;
  if (replies.length > 0 && labels >= replies.length * 0.8) signals.push(`${labels} of ${replies.length} sampled replies are labels or small JSON objects of labels`);
  if (multiTurn >= rows * 0.2) against.push(`${percent(multiTurn / rows)} of calls continue a conversation`);

  const configured = config.tasks[first.task]?.tier1;
  const kind: Tier1Kind | null = kinds.includes('extraction') && format === 'json' && !kinds.includes('classification')
    ? 'extraction'
    : kinds.includes('classification') || labels >= replies.length * 0.8 && replies.length > 0
      ? 'classification'
      : kinds.includes('routing')
        ? 'routing'
        : short && format !== 'text'
          ? 'short-answer'
          : null;
  if (configured !== undefined) return { looksTier1: configured, kind: configured ? (kind ?? 'short-answer') : null, source: 'config', signals, against };
  const looksTier1 = against.filter((reason) => !reason.includes('long replies') || kind !== 'extraction').length === 0 && kind !== null && (short || kind === 'extraction');
  return { looksTier1, kind, source: 'heuristic', signals, against };
}
