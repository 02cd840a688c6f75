import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { converseRouterTrace, converseStopReason, converseUsage } from './convert-to-converse-output.js';
import type { PipelineStreamEvent } from './pipeline-result.js';

/**
 * Pipeline stream events as ConverseStream's event stream (messageStart, contentBlockStart for tool
 * calls, contentBlockDelta, contentBlockStop, messageStop, metadata), so code reading
 * `response.stream` keeps working. `first` is the event already read to surface early errors the
 * way `send` does. Stopping early stops the pipeline stream (and cancels the model call).
 */
export async function* convertToConverseStream(first: IteratorResult<PipelineStreamEvent>, events: AsyncIterator<PipelineStreamEvent>): AsyncGenerator<ConverseStreamOutput> {
  let next = first;
  let open: number | undefined;
  let finished = false;
  try {
    yield { messageStart: { role: 'assistant' } };
    while (next.done !== true) {
      const event = next.value;
      if (event.type === 'text-delta' || event.type === 'tool-use-start') {
        if (open !== undefined && open !== event.index) yield { contentBlockStop: { contentBlockIndex: open } };
        if (event.type === 'tool-use-start') yield { contentBlockStart: { contentBlockIndex: event.index, start: { toolUse: { toolUseId: event.toolUseId, name: event.name } } } };
        open = event.index;
      }
      if (event.type === 'text-delta') yield { contentBlockDelta: { contentBlockIndex: event.index, delta: { text: event.text } } };
      else if (event.type === 'tool-use-delta') yield { contentBlockDelta: { contentBlockIndex: event.index, delta: { toolUse: { input: event.inputDelta } } } };
      else if (event.type === 'end') {
        if (open !== undefined) yield { contentBlockStop: { contentBlockIndex: open } };
        const answer = event.result.result;
        yield { messageStop: { stopReason: converseStopReason(answer) } };
        yield { metadata: { usage: converseUsage(answer.usage), metrics: { latencyMs: answer.latency.serviceMs ?? Math.round(answer.latency.attemptMs) }, ...converseRouterTrace(answer) } };
      }
      next = await events.next();
    }
    finished = true;
  } finally {
    if (!finished) await events.return?.();
  }
}
