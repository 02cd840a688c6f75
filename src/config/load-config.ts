import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError } from '../core/index.js';
import { formatSchemaIssues } from '../pricing/index.js';
import { type FrugalConfig, configSchema } from './config-schema.js';

export interface LoadedConfig {
  config: FrugalConfig;
  /** Absolute path of the file read, or undefined when the defaults were used. */
  file: string | undefined;
}

export const defaultConfigFile = 'frugal.yaml';

/**
 * Reads and validates the config. An explicit path must exist; without one, `./frugal.yaml` is
 * used when present, and the built-in defaults otherwise.
 */
export async function loadConfig(options: { path?: string; cwd?: string } = {}): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const explicit = options.path !== undefined;
  const file = resolve(cwd, options.path ?? defaultConfigFile);
  if (!existsSync(file)) {
    if (explicit) throw new ConfigError(`Config file ${file} does not exist. Check the --config path.`, file);
    return { config: configSchema.parse({}), file: undefined };
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read config file ${file}: ${(error as Error).message}`, file, [], { cause: error });
  }
  return { config: parseConfigText(text, file), file };
}

export function parseConfigText(text: string, file = 'frugal.yaml'): FrugalConfig {
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    throw new ConfigError(`${file} is not valid YAML:`, file, document.errors.map((error) => error.message));
  }
  const result = configSchema.safeParse(document.toJS() ?? {});
  if (!result.success) throw new ConfigError(`${file} has invalid settings:`, file, formatSchemaIssues(result.error));
  return result.data;
}

/** Paths inside the config are relative to the config file. */
export function resolveConfigPath(loaded: LoadedConfig, path: string): string {
  return resolve(loaded.file === undefined ? process.cwd() : dirname(loaded.file), path);
}
