/** Where the emulator reports what it does; the CLI prints it, tests keep it quiet. */
export interface EmulatorLogger {
  info(message: string): void;
  warn(message: string): void;
}

export const silentLogger: EmulatorLogger = { info: () => undefined, warn: () => undefined };
