import type { Command } from 'commander';
import { generateApiKey, hashApiKey } from '../../gateway/auth/hash-api-key.js';
import { redactSecrets } from '../../gateway/errors/redact-secrets.js';
import type { GatewayLogger } from '../../gateway/gateway-services.js';
import { type RunningGateway, startGateway } from '../../gateway/start-gateway.js';
import type { CliIo } from '../cli-io.js';
import type { CommandContext } from '../create-program.js';
import { parseCount } from '../parse-options.js';
import { commandSummaries } from '../command-summaries.js';

export interface GatewayCommandOptions {
  port?: number;
  host?: string;
}

/** Signals the gateway obeys; injectable so tests drive reload and shutdown without real signals. */
export interface GatewaySignals {
  onReload(handler: () => void): void;
  onStop(handler: (signal: string) => void): void;
  dispose(): void;
}

/** SIGHUP reloads the config; SIGTERM and SIGINT shut down gracefully (a second one exits at once). */
export function processSignals(): GatewaySignals {
  const handlers: [NodeJS.Signals, () => void][] = [];
  let stops = 0;
  return {
    onReload(handler) {
      const listener = (): void => handler();
      process.on('SIGHUP', listener);
      handlers.push(['SIGHUP', listener]);
    },
    onStop(handler) {
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        const listener = (): void => {
          stops += 1;
          if (stops > 1) process.exit(130);
          handler(signal);
        };
        process.on(signal, listener);
        handlers.push([signal, listener]);
      }
    },
    dispose() {
      for (const [signal, listener] of handlers) process.off(signal, listener);
    },
  };
}

function ioLogger(io: CliIo): GatewayLogger {
  const line = (text: string): string => `${new Date().toISOString()} ${redactSecrets(text)}\n`;
  return { info: (text) => io.stdout(line(text)), warn: (text) => io.stderr(line(`warning: ${text}`)), error: (text) => io.stderr(line(`error: ${text}`)) };
}

function banner(gateway: RunningGateway): string {
  const { config } = gateway.services.state();
  const routes = config.routes.map((route) => route.name);
  const upstreams = config.upstreams.map((upstream) => `${upstream.name} (${upstream.type === 'bedrock' ? (upstream.endpoint ?? `bedrock ${upstream.region}`) : upstream.baseURL})`);
  return [
    `frugal gateway listening on ${gateway.url}`,
    `  OpenAI-compatible:  POST ${gateway.url}/v1/chat/completions   (openai SDK: baseURL ${gateway.url}/v1)`,
    `  Bedrock-compatible: POST ${gateway.url}/model/{id}/converse and /converse-stream   (AWS SDK: endpoint ${gateway.url}, the key as a Bedrock API key)`,
    `  GET /healthz, GET /metrics, /admin/* ${config.adminKeys.length > 0 ? '(admin keys)' : '(off: no adminKeys)'}`,
    ...(config.dashboard === undefined ? [] : [`  dashboard: ${gateway.url}${config.dashboard.path}/ ${config.dashboard.auth === 'admin' ? '(an admin key as the password)' : '(no key: loopback only)'}`]),
    `  upstreams: ${upstreams.join(', ')}`,
    `  routes: ${routes.length > 0 ? routes.join(', ') : '(none: callers name models)'} · ${config.keys.length} keys`,
    '  SIGHUP reloads the config; SIGTERM drains and stops.',
    '',
  ].join('\n');
}

/** Runs the gateway until a stop signal, reloading on SIGHUP; resolves after a graceful shutdown. */
export async function runGateway(options: GatewayCommandOptions, context: CommandContext, configPath: string | undefined, catalogPath: string | undefined, signals: GatewaySignals): Promise<void> {
  const { io } = context;
  const logger = ioLogger(io);
  const gateway = await startGateway({
    source: { kind: 'file', cwd: io.cwd, ...(configPath !== undefined && { path: configPath }), ...(catalogPath !== undefined && { catalogPath }) },
    ...(options.port !== undefined && { port: options.port }),
    ...(options.host !== undefined && { host: options.host }),
    env: io.env,
    logger,
  });
  io.stdout(banner(gateway));
  const stopped = new Promise<string>((resolve) => signals.onStop(resolve));
  signals.onReload(() => {
    gateway.reload().catch((error: unknown) => logger.error(`reload failed, the previous config stays in force: ${(error as Error).message}`));
  });
  try {
    const signal = await stopped;
    logger.info(`${signal}: no new requests; waiting for ${gateway.services.lifecycle.inFlight} in flight, then flushing usage`);
    const report = await gateway.shutdown();
    const { usage } = report;
    logger.info(`stopped: ${report.cutOff} requests cut off at the grace limit; usage rows written ${usage.written}, spilled ${usage.spilled - usage.replayed} (replayed on next start), in memory ${usage.queued}`);
  } finally {
    signals.dispose();
  }
}

/** `frugal gateway` (start) and `frugal gateway keygen`. */
export function registerGatewayCommand(program: Command, context: CommandContext, signals: () => GatewaySignals = processSignals): Command {
  const gateway = program.command('gateway').description(commandSummaries.gateway.description);
  gateway
    .command('start', { isDefault: true })
    .description('start the gateway from the `gateway:` section of frugal.yaml (--config)')
    .option('--port <n>', 'port (default: gateway.port, 8787; 0 picks a free one)', parseCount('--port'))
    .option('--host <host>', 'interface (default: gateway.host, 127.0.0.1)')
    .action(async (options: GatewayCommandOptions) => {
      const global = program.opts<{ config?: string; catalog?: string }>();
      await runGateway(options, context, global.config, global.catalog, signals());
    });
  gateway
    .command('keygen')
    .description('print a new virtual API key and the hash to put in frugal.yaml (the key is shown once)')
    .option('--id <id>', 'key id for the config snippet', 'my-key')
    .option('--scrypt', 'hash with scrypt (for keys people choose); sha256 with a salt is enough for generated keys')
    .action(async (options: { id: string; scrypt?: boolean }) => {
      const key = generateApiKey();
      const hash = await hashApiKey(key, options.scrypt === true ? 'scrypt' : 'sha256');
      context.io.stdout(`key (give it to the caller; it is not stored): ${key}\n\n# frugal.yaml\ngateway:\n  keys:\n    - id: ${options.id}\n      hash: "${hash}"\n`);
    });
  return gateway;
}
