import { getRequestListener } from '@hono/node-server';
import { type BatchEmulatorSettings, openBatchEmulatorRoutes } from './control-plane/open-batch-emulator-routes.js';
import { type EmulatorAppOptions, type EmulatorContext, createEmulatorApp } from './create-emulator-app.js';
import { listenHttp1AndHttp2 } from './listen-http1-and-http2.js';
import { loadDefaultSimulatedModels, readSimulatedSetupFile, type SimulatedSetup } from './load-simulated-models.js';
import type { PromptRouterDefinition } from './prompt-router-schema.js';
import type { SimulatedModel } from './simulated-model-schema.js';

export interface StartEmulatorOptions extends Omit<EmulatorAppOptions, 'models'> {
  /** Loopback by default: the emulator is for local tests and demos. */
  host?: string;
  /** 4010 by default; 0 picks a free port. */
  port?: number;
  /** Simulated models; otherwise `modelsFile`, otherwise the shipped default set. */
  models?: readonly SimulatedModel[];
  /** The models file also declares configured prompt routers (`promptRouters:`). */
  modelsFile?: string;
  /** Batch inference and the S3 store under `/s3` (see control-plane/README.md). */
  batch?: BatchEmulatorSettings;
}

export interface RunningEmulator {
  /** `http://host:port`, the `endpoint` for AWS SDK clients. */
  url: string;
  host: string;
  port: number;
  models: readonly SimulatedModel[];
  /** AWS's default routers and the configured ones. */
  promptRouters: readonly PromptRouterDefinition[];
  context: EmulatorContext;
  close(): Promise<void>;
}

export const defaultEmulatorPort = 4010;

/** Starts the emulator on HTTP/1.1 and cleartext HTTP/2 (one port) and resolves once it listens. */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const { host = '127.0.0.1', port = defaultEmulatorPort, modelsFile, models: given, batch: batchSettings, ...appOptions } = options;
  const setup: SimulatedSetup | undefined = given === undefined && modelsFile !== undefined ? await readSimulatedSetupFile(modelsFile) : undefined;
  const models = given ?? setup?.models ?? (await loadDefaultSimulatedModels());
  const promptRouters = appOptions.promptRouters ?? setup?.promptRouters;
  const batch = await openBatchEmulatorRoutes({ timeScale: appOptions.timeScale, ...batchSettings });
  const { app, context } = createEmulatorApp({ ...appOptions, models, ...(promptRouters !== undefined && { promptRouters }), extraRoutes: [...(appOptions.extraRoutes ?? []), batch.routes] });
  // Keep the platform's Request/Response: the emulator may run inside another program.
  const listener = getRequestListener(app.fetch, { overrideGlobalObjects: false });
  const server = await listenHttp1AndHttp2(listener, host, port);
  const urlHost = server.address.family === 'IPv6' ? `[${server.address.address}]` : server.address.address;
  const close = async (): Promise<void> => {
    batch.close();
    await server.close();
  };
  return { url: `http://${urlHost}:${server.address.port}`, host: server.address.address, port: server.address.port, models, promptRouters: context.engine.promptRouters.definitions, context, close };
}
