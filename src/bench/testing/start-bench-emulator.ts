import { parseSimulatedModels, type RunningEmulator, startEmulator } from '../../emulator/index.js';
import { createBedrockProvider, type BedrockProvider } from '../../providers/index.js';

export interface BenchEmulator {
  emulator: RunningEmulator;
  provider: BedrockProvider;
  /** One line per model call the emulator answered (`converse-stream <model> ... answer=right`). */
  calls: string[];
  close(): Promise<void>;
}

/** A loopback emulator with the given simulated models (YAML), answering at once, and a Bedrock provider pointed at it. */
export async function startBenchEmulator(modelsYaml: string, options: { seed?: number } = {}): Promise<BenchEmulator> {
  const calls: string[] = [];
  const emulator = await startEmulator({
    port: 0,
    timeScale: 0,
    seed: options.seed ?? 0,
    models: parseSimulatedModels(modelsYaml, 'test-models.yaml'),
    logger: { info: (line) => calls.push(line), warn: () => undefined },
  });
  const provider = createBedrockProvider({ endpoint: emulator.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, retry: { baseDelayMs: 1, maxDelayMs: 5 } });
  return {
    emulator,
    provider,
    calls,
    close: async () => {
      provider.client.destroy();
      await emulator.close();
    },
  };
}

const latency = '{ ttftMs: 300, tokensPerSecond: 100, jitter: 0.1 }';

/** Models of declared accuracy for the example suites: the current model at 97%, one as good, one at 94%, one far worse, a judge. */
export const benchTestModels = `version: 1
models:
  - id: anthropic.claude-3-5-sonnet-20241022-v2:0
    latency: ${latency}
    accuracy: { default: 0.9, classification: 0.97, reply: 0.9, judge: 1 }
  - id: anthropic.claude-3-5-haiku-20241022-v1:0
    latency: ${latency}
    accuracy: { default: 0.9, classification: 0.94, reply: 0.85 }
  - id: amazon.nova-lite-v1:0
    latency: ${latency}
    accuracy: { default: 0.9, classification: 0.97, reply: 0.8 }
  - id: amazon.nova-micro-v1:0
    latency: ${latency}
    accuracy: { default: 0.9, classification: 0.7, reply: 0.6 }
  - id: amazon.nova-pro-v1:0
    latency: ${latency}
    accuracy: { default: 0.9, judge: 1 }
  - id: meta.llama3-1-8b-instruct-v1:0
    latency: ${latency}
    accuracy: { default: 0.5, judge: 0 }
`;
