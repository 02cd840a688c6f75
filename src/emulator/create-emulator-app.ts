import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import type { PricingCatalog } from '../pricing/index.js';
import { createSimulationEngine, type SimulationEngine } from './create-simulation-engine.js';
import { createAwsErrorResponse, EmulatorApiError } from './emulator-api-error.js';
import { type EmulatorLogger, silentLogger } from './emulator-logger.js';
import type { UnsupportedCachePoints } from './plan-cache-usage.js';
import type { PromptRouterDefinition } from './prompt-router-schema.js';
import { registerRuntimeRoutes } from './register-runtime-routes.js';
import type { SimulatedModel } from './simulated-model-schema.js';

/** What the Node adapter passes as `c.env`: the raw response, so a simulated fault can cut the connection. */
export interface EmulatorBindings {
  outgoing?: {
    write(chunk: Uint8Array, callback: () => void): unknown;
    /** HTTP/1.1: the TCP socket. */
    socket?: { destroy(): unknown } | null;
    /** HTTP/2: the stream, closed with an error code to reset it. */
    stream?: { close(code: number): unknown };
  };
}
export interface EmulatorEnv {
  Bindings: EmulatorBindings;
  Variables: { requestId: string };
}
export type EmulatorHono = Hono<EmulatorEnv>;

/** What route modules get: the simulation (to run records through the same models) and the shared settings. */
export interface EmulatorContext {
  engine: SimulationEngine;
  seed: number;
  /** Milliseconds since the epoch. */
  clock: () => number;
  logger: EmulatorLogger;
  /** Waits a simulated duration, scaled by `timeScale` (0: returns at once). */
  sleep(simulatedMs: number): Promise<void>;
}

/**
 * Adds routes to the emulator. Runtime routes (`/model/{id}/...`) are registered first and win;
 * every route shares the request-id header, the `--require-auth` check and the JSON error
 * handler for EmulatorApiError (routes with another error format, like S3's XML, answer their
 * own errors).
 */
export type EmulatorRoutes = (app: EmulatorHono, context: EmulatorContext) => void;

export interface EmulatorAppOptions {
  models: readonly SimulatedModel[];
  /** Configured prompt routers; AWS's default routers are always served. */
  promptRouters?: readonly PromptRouterDefinition[];
  /** Drives every simulated choice; the same seed and requests give the same answers and faults. */
  seed?: number;
  clock?: () => number;
  /** Source of prompt-caching rules (default: the shipped pricing catalog). */
  pricing?: PricingCatalog;
  /** Reject requests without a SigV4 (or bearer) Authorization header with AccessDeniedException. */
  requireAuth?: boolean;
  unsupportedCachePoints?: UnsupportedCachePoints;
  /** Real time per simulated millisecond: 1 plays latencies out, 0 answers at once (tests, CI). */
  timeScale?: number;
  logger?: EmulatorLogger;
  extraRoutes?: readonly EmulatorRoutes[];
}

const sigV4 = /^AWS4-HMAC-SHA256 Credential=\S+, ?SignedHeaders=\S+, ?Signature=[0-9a-f]+$/;
const bearer = /^Bearer \S+$/;

/** Signed means "carries a well-formed SigV4 or bearer Authorization header"; signatures are not verified (any credentials work). */
export function isAuthorized(header: string | undefined): boolean {
  return header !== undefined && (sigV4.test(header) || bearer.test(header));
}

/** The emulator as a Hono app: Bedrock Runtime routes plus any `extraRoutes`. */
export function createEmulatorApp(options: EmulatorAppOptions): { app: EmulatorHono; context: EmulatorContext } {
  const seed = options.seed ?? 0;
  const clock = options.clock ?? Date.now;
  const logger = options.logger ?? silentLogger;
  const timeScale = options.timeScale ?? 1;
  const engine = createSimulationEngine({
    models: options.models,
    seed,
    clock,
    logger,
    ...(options.pricing !== undefined && { pricing: options.pricing }),
    ...(options.unsupportedCachePoints !== undefined && { unsupportedCachePoints: options.unsupportedCachePoints }),
    ...(options.promptRouters !== undefined && { promptRouters: options.promptRouters }),
  });
  const context: EmulatorContext = {
    engine,
    seed,
    clock,
    logger,
    sleep: (simulatedMs) => (timeScale <= 0 || simulatedMs <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, simulatedMs * timeScale))),
  };

  const app: EmulatorHono = new Hono<EmulatorEnv>();
  app.use('*', async (c, next) => {
    c.set('requestId', randomUUID());
    if (options.requireAuth === true && !isAuthorized(c.req.header('authorization'))) {
      throw new EmulatorApiError(
        'AccessDeniedException',
        'Missing Authentication Token: this emulator runs with --require-auth. Sign the request with SigV4 (any credentials, e.g. AWS_ACCESS_KEY_ID=test) or send a bearer token.',
      );
    }
    await next();
    c.res.headers.set('x-amzn-requestid', c.get('requestId'));
    c.res.headers.set('x-frugal-simulated', 'true');
  });
  app.onError((error, c) => {
    if (!(error instanceof EmulatorApiError)) logger.warn(`emulator error on ${c.req.method} ${c.req.path}: ${error.stack ?? error.message}`);
    return createAwsErrorResponse(error, c.get('requestId'));
  });
  app.notFound((c) =>
    createAwsErrorResponse(new EmulatorApiError('UnknownOperationException', `This emulator has no operation at ${c.req.method} ${c.req.path}.`), c.get('requestId')),
  );
  registerRuntimeRoutes(app, context);
  for (const routes of options.extraRoutes ?? []) routes(app, context);
  return { app, context };
}
