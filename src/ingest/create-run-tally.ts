import type { FileTally } from './file-context.js';

/** The run's totals of what its text files held, by format, and what was read from them. */
export interface RunTally {
  read: number;
  skipped: number;
  files: { invocationLogs: number; benchResults: number; otlpTraces: number; usageRows: number; ignored: number };
  bench: FileTally['bench'];
  otel: FileTally['otel'];
}

export function createRunTally(): RunTally {
  return {
    read: 0,
    skipped: 0,
    files: { invocationLogs: 0, benchResults: 0, otlpTraces: 0, usageRows: 0, ignored: 0 },
    bench: { calls: 0, judgeRows: 0, unbilledErrors: 0 },
    otel: { spans: 0, calls: 0, nonGenAiSpans: 0, otherGenAiSpans: 0, failedWithoutUsage: 0 },
  };
}

const addInto = <T extends Record<string, number>>(target: T, source: T): void => {
  for (const key of Object.keys(source) as (keyof T)[]) (target[key] as number) += source[key] as number;
};

/** Adds one file's tally. An empty file counts as an invocation log (what its name said); an unknown one counts nowhere (it is an issue). */
export function mergeFileTally(run: RunTally, file: FileTally): void {
  run.read += file.read;
  run.skipped += file.skipped;
  addInto(run.bench, file.bench);
  addInto(run.otel, file.otel);
  switch (file.format) {
    case null:
    case 'invocation-log':
      run.files.invocationLogs += 1;
      break;
    case 'bench-results':
      run.files.benchResults += 1;
      break;
    case 'otlp-traces':
      run.files.otlpTraces += 1;
      break;
    case 'usage-rows':
      run.files.usageRows += 1;
      break;
    case 'ignored':
      run.files.ignored += 1;
      break;
    case 'unknown':
      break;
  }
}
