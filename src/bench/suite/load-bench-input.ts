import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError } from '../../core/index.js';
import { importPromptfooConfig, isPromptfooConfig, type NotUnderstood } from '../interop/import-promptfoo-config.js';
import { type BenchSuite, parseSuiteText, resolveSuite } from './load-suite.js';

export interface BenchInput {
  suite: BenchSuite;
  /** Set when the file was a promptfoo config: what was carried over and what was not. */
  promptfoo?: { understood: string[]; notUnderstood: NotUnderstood[] };
}

/** A frugal suite or a promptfoo config (recognised by `prompts` + `providers` and no `tasks`). */
export async function loadBenchInput(path: string): Promise<BenchInput> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read suite file ${path}: ${(error as Error).message}`, path, [], { cause: error });
  }
  const baseDir = dirname(resolve(path));
  const raw = parseDocument(text).toJS() as unknown;
  if (isPromptfooConfig(raw)) {
    const imported = importPromptfooConfig(text, path);
    return { suite: await resolveSuite(imported.suite, { baseDir, file: path }), promptfoo: { understood: imported.understood, notUnderstood: imported.notUnderstood } };
  }
  return { suite: await resolveSuite(parseSuiteText(text, path), { baseDir, file: path }) };
}
