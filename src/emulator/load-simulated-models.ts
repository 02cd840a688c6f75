import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { ConfigError, parseModelId } from '../core/index.js';
import { formatSchemaIssues } from '../pricing/index.js';
import { type PromptRouterDefinition, toPromptRouterDefinition } from './prompt-router-schema.js';
import { type BodyFormat, type SimulatedModel, simulatedModelsFileSchema } from './simulated-model-schema.js';

/** What a simulated-models file declares. */
export interface SimulatedSetup {
  models: SimulatedModel[];
  promptRouters: PromptRouterDefinition[];
}

/** The body format a Bedrock id implies, from its publisher prefix. */
function inferFormat(id: string): BodyFormat | undefined {
  const base = parseModelId(id).baseId;
  if (base.startsWith('anthropic.')) return 'anthropic';
  if (base.startsWith('amazon.nova')) return 'nova';
  if (base.startsWith('meta.')) return 'llama';
  if (base.startsWith('mistral.')) return 'mistral';
  return undefined;
}

/** Validates a simulated-models YAML text; errors name the file and the setting to fix. */
export function parseSimulatedModels(text: string, source: string): SimulatedModel[] {
  return parseSimulatedSetup(text, source).models;
}

/** The models and the configured prompt routers of a simulated-models YAML text. */
export function parseSimulatedSetup(text: string, source: string): SimulatedSetup {
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    throw new ConfigError(`${source} is not valid YAML:`, source, document.errors.map((error) => error.message));
  }
  const raw: unknown = document.toJS();
  const result = simulatedModelsFileSchema.safeParse(raw ?? {});
  if (!result.success) {
    const issues = formatSchemaIssues(result.error, raw).map((issue) => issue.replace(/^(models|promptRouters)\.(\d+)/, (_, list: string, index: string) => `${list}[${index}]`));
    throw new ConfigError(`${source} does not describe simulated models (see "frugal emulator" in the README):`, source, issues);
  }
  const problems: string[] = [];
  const names = new Map<string, string>();
  const models = result.data.models.map((entry): SimulatedModel => {
    for (const name of [entry.id, ...entry.aliases].map((value) => value.toLowerCase())) {
      const owner = names.get(name);
      if (owner !== undefined) problems.push(`${entry.id}: "${name}" is already used by ${owner}`);
      names.set(name, entry.id);
    }
    if (entry.accuracy['default'] === undefined) entry.accuracy['default'] = 0.5;
    const format = entry.format ?? inferFormat(entry.id);
    return { ...entry, name: entry.name ?? entry.id, format, countTokens: entry.countTokens ?? format === 'anthropic' };
  });
  if (problems.length > 0) throw new ConfigError(`${source} has conflicting model ids:`, source, problems);
  const routerIds = new Set<string>();
  for (const router of result.data.promptRouters) {
    if (routerIds.has(router.id.toLowerCase())) problems.push(`promptRouters: "${router.id}" is declared twice`);
    routerIds.add(router.id.toLowerCase());
  }
  if (problems.length > 0) throw new ConfigError(`${source} has conflicting prompt routers:`, source, problems);
  return { models, promptRouters: result.data.promptRouters.map(toPromptRouterDefinition) };
}

export async function readSimulatedModelsFile(path: string): Promise<SimulatedModel[]> {
  return (await readSimulatedSetupFile(path)).models;
}

export async function readSimulatedSetupFile(path: string): Promise<SimulatedSetup> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read the simulated-models file ${path}: ${(error as Error).message}. Check the --models path.`, path, [], { cause: error });
  }
  return parseSimulatedSetup(text, path);
}

// Beside this module: in src/ for tests, and in dist/ where the build copies data/ (scripts/copy-assets.mjs).
const defaultModelsLocation = new URL('./data/default-models.yaml', import.meta.url);

/** The shipped simulated models (`src/emulator/data/default-models.yaml`). */
export async function loadDefaultSimulatedModels(): Promise<SimulatedModel[]> {
  const text = await readFile(defaultModelsLocation, 'utf8').catch(() => undefined);
  if (text !== undefined) return parseSimulatedModels(text, 'default-models.yaml');
  throw new ConfigError('The shipped default-models.yaml is missing next to the emulator; pass --models file.yaml.');
}
