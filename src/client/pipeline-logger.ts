/**
 * Where the pipeline reports what it must not throw: telemetry failures, a usage sink that
 * rejected, a cache placement it skipped. Never the prompt or the answer.
 */
export interface PipelineLogger {
  warn(message: string, error?: unknown): void;
}

/** Warnings to stderr through `console.warn`, prefixed so they can be told apart from the app's. */
export const consolePipelineLogger: PipelineLogger = {
  warn(message, error) {
    if (error === undefined) console.warn(`frugal: ${message}`);
    else console.warn(`frugal: ${message}:`, error instanceof Error ? error.message : error);
  },
};

export const silentPipelineLogger: PipelineLogger = { warn: () => undefined };
