import { CommanderError } from 'commander';
import { FrugalError } from '../core/index.js';
import { type CliIo, exitCodes } from './cli-io.js';
import { createProgram } from './create-program.js';

const userErrors = new Set(['INVALID_ARGUMENT', 'UNKNOWN_MODEL', 'INVALID_CATALOG', 'INVALID_CONFIG', 'PARSE_ERROR']);

/** Runs one CLI invocation in process and returns its exit code. `argv` excludes node and script. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const { program, context } = createProgram(io);
  try {
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
    io.stderr(`frugal: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return exitCodes.failure;
  }
}
