import { createHash } from 'node:crypto';
import type { PromptLayout } from './read-prompt-layout.js';

/** One request of a workload, ready for the cache simulation. */
export interface TraceRequest {
  /** Epoch milliseconds. */
  time: number;
  layout: PromptLayout;
  /** `prefixKeys[i]` identifies blocks 0..i exactly (a hash chain), as Bedrock's cache key does. */
  prefixKeys: string[];
  /** Tokens of blocks 0..i. */
  cumulative: number[];
  /** Where the request came from (line of a REQUESTS file), for messages. */
  line?: number;
}

/**
 * Precomputes what the simulation needs and no anchor choice changes: the prefix hash and token
 * total at every block boundary. `scope` keeps models apart (each model has its own cache).
 */
export function createTraceRequest(time: number, layout: PromptLayout, scope: string, line?: number): TraceRequest {
  const prefixKeys: string[] = [];
  const cumulative: number[] = [];
  let chain = scope;
  let running = 0;
  for (const segment of layout.segments) {
    chain = createHash('sha256').update(chain).update('\n').update(segment.key).digest('base64');
    running += segment.tokens;
    prefixKeys.push(chain);
    cumulative.push(running);
  }
  return { time, layout, prefixKeys, cumulative, ...(line !== undefined && { line }) };
}
