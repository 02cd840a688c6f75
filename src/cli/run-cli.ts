import { CommanderError } from 'commander';
import { FrugalError } from '../core/index.js';
import { type CliIo, exitCodes } from './cli-io.js';
import { createProgram } from './create-program.js';

const userErrors = new Set(['INVALID_ARGUMENT', 'UNKNOWN_MODEL', 'INVALID_CATALOG', 'INVALID_CONFIG', 'PARSE_ERROR']);

/** Runs one CLI invocation in process and returns its exit code. `argv` excludes node and script. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const { program, context } = await createProgram(io, argv);
    await program.parseAsync([...argv], { from: 'user' });
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; commander already printed any usage error.
      return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    }
    if (FrugalError.isInstance(error)) {
      io.stderr(`frugal: ${error.message}\n`);
      return userErrors.has(error.code) ? exitCodes.usage : exitCodes.failure;
    }
    const listen = describeListenError(error);
    if (listen !== null) {
      io.stderr(`frugal: ${listen}\n`);
      return exitCodes.usage;
    }
    io.stderr(`frugal: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return exitCodes.failure;
  }
}

/** A server that cannot take its address (emulator, gateway, dashboard) is a setting to change, not a crash. */
function describeListenError(error: unknown): string | null {
  if (!(error instanceof Error) || !('code' in error) || (error as { syscall?: unknown }).syscall !== 'listen') return null;
  const { code, address, port } = error as NodeJS.ErrnoException & { address?: string; port?: number };
  const where = `${address ?? 'the host'}:${port ?? '?'}`;
  if (code === 'EADDRINUSE') return `${where} is already in use (another frugal or server listening there?); stop it or pass another --port (0 picks a free one).`;
  if (code === 'EACCES') return `not allowed to listen on ${where}; use a port above 1023 with --port.`;
  if (code === 'EADDRNOTAVAIL') return `${address ?? 'that address'} is not an address of this machine; check --host.`;
  return null;
}
