import { countTokens } from '../../emulator/count-tokens.js';
import { parseSimulatedModels, type RunningEmulator, startEmulator } from '../../emulator/index.js';
import { createBedrockProvider, type BedrockProvider } from '../../providers/index.js';

/** Models of the pipeline tests: a wordy cheap tier that runs into caps, a terse top tier, all instant. */
export const cheapModel = 'amazon.nova-micro-v1:0';
export const topModel = 'anthropic.claude-3-7-sonnet-20250219-v1:0';

const models = parseSimulatedModels(
  `version: 1
models:
  - id: ${cheapModel}
    latency: { ttftMs: 1, tokensPerSecond: 100000 }
    verbosity: 4
  - id: ${topModel}
    latency: { ttftMs: 1, tokensPerSecond: 100000 }
    verbosity: 0.3
`,
  'pipeline-models.yaml',
);

export function startPipelineEmulator(): Promise<RunningEmulator> {
  return startEmulator({ port: 0, timeScale: 0, models });
}

export function emulatorProvider(emulator: RunningEmulator, settings: { maxAttempts?: number } = {}): BedrockProvider {
  return createBedrockProvider({ endpoint: emulator.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, retry: { maxAttempts: settings.maxAttempts ?? 1 } });
}

/** A text of at least `tokens` tokens by the emulator's (and the cache planner's) rule. */
export function textOf(tokens: number, word = 'policy'): string {
  const words: string[] = [];
  while (countTokens(words.join(' ')) < tokens) words.push(`${word}${words.length}`);
  return words.join(' ');
}
