/** Where a command writes and what it reads from its environment; injected so tests run in process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
  };
}

/** Exit codes: 0 ok, 1 failure while running, 2 bad arguments or input the user must fix. */
export const exitCodes = { ok: 0, failure: 1, usage: 2 } as const;
