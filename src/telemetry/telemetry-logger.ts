import { diag } from '@opentelemetry/api';

/** Where telemetry failures go instead of the caller. */
export interface TelemetryLogger {
  warn(message: string, error?: unknown): void;
}

/** OpenTelemetry's own diagnostic logger (silent until the app sets one with `diag.setLogger`). */
export const diagTelemetryLogger: TelemetryLogger = {
  warn(message, error) {
    diag.warn(`frugal telemetry: ${message}`, ...(error === undefined ? [] : [error]));
  },
};

/**
 * Runs a telemetry step and swallows what it throws, logging it: a broken tracer, meter or
 * exporter must never fail the model call it observes.
 */
export function guard<T>(logger: TelemetryLogger, step: string, fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch (error) {
    try {
      logger.warn(`${step} failed`, error);
    } catch {
      // A logger that throws has nowhere left to report to.
    }
    return fallback;
  }
}
