import { ROOT_CONTEXT } from '@opentelemetry/api';
import type { CallSpan, CascadeSpan, GenAiTelemetry } from '../telemetry/index.js';
import type { PipelineLogger } from './pipeline-logger.js';

function safely(logger: PipelineLogger, step: string, fn: () => void): void {
  try {
    fn();
  } catch (error) {
    try {
      logger.warn(`telemetry: ${step} failed`, error);
    } catch {
      // Nowhere left to report.
    }
  }
}

const inertCall: CallSpan = { context: ROOT_CONTEXT, succeed: () => undefined, fail: () => undefined, end: () => undefined };
const inertCascade: CascadeSpan = { context: ROOT_CONTEXT, end: () => undefined };

/**
 * The telemetry the pipeline holds, with every method fenced: `createGenAiTelemetry` guards
 * itself, but a telemetry object may be the app's own, and none of it may fail a model call.
 */
export function guardTelemetry(telemetry: GenAiTelemetry | undefined, logger: PipelineLogger): GenAiTelemetry | undefined {
  if (telemetry === undefined) return undefined;
  const wrapCall = (span: CallSpan): CallSpan => ({
    context: span.context,
    succeed: (result, cost) => safely(logger, 'recording an answer', () => span.succeed(result, cost)),
    fail: (error, usage, cost) => safely(logger, 'recording a failure', () => span.fail(error, usage, cost)),
    end: (outcome, endTime) => safely(logger, 'ending a span', () => span.end(outcome, endTime)),
  });
  return {
    startCall(info, parent) {
      let span = inertCall;
      safely(logger, 'starting a span', () => {
        span = wrapCall(telemetry.startCall(info, parent));
      });
      return span;
    },
    startCascade(info, parent) {
      let span = inertCascade;
      safely(logger, 'starting a cascade span', () => {
        const started = telemetry.startCascade(info, parent);
        span = { context: started.context, end: (summary) => safely(logger, 'ending a cascade span', () => started.end(summary)) };
      });
      return span;
    },
  };
}
