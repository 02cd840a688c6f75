import type { Hono, MiddlewareHandler } from 'hono';
import type { FrugalConfig } from '../../config/index.js';
import { createDashboardApp } from '../../dashboard/index.js';
import type { Ledger } from '../../ledger/index.js';
import type { PricingCatalog } from '../../pricing/index.js';
import type { GatewayEnv } from '../gateway-env.js';
import { readPresentedKey } from '../middleware/auth.js';

export interface DashboardMount {
  /** Where the page is served, e.g. `/dashboard` (the page itself at `/dashboard/`). */
  path: string;
  auth: 'admin' | 'none';
  /** Answers a request whose path has had `path` taken off its front. */
  fetch(request: Request): Promise<Response>;
}

export interface DashboardMountOptions {
  path: string;
  auth: 'admin' | 'none';
  /** The gateway's ledger, opened on the first dashboard request. */
  openLedger: () => Promise<Ledger>;
  benchDirectory: string;
  /** The ledger as frugal.yaml names it, for the commands the savings plan prints. */
  ledgerArgument: string;
  catalog: PricingCatalog;
  /** frugal.yaml, for the plan's review settings and the alarms' budgets. */
  config: FrugalConfig;
  /** Tests: the built page's folder (default the package's dist/dashboard/page). */
  pageDirectory?: string | null;
}

/**
 * `frugal dashboard` inside the gateway: the same Hono app over the gateway's own ledger, made on
 * the first request (the gateway starts while its database is down). The gateway writes to the
 * ledger while the page reads it, so answers are reused for 30 s only, and the plan and alarms are
 * computed again after 10 minutes.
 */
export function createDashboardMount(options: DashboardMountOptions): DashboardMount {
  let app: Promise<Hono> | undefined;
  const open = (): Promise<Hono> => {
    app ??= options.openLedger().then(
      (ledger) =>
        createDashboardApp({
          ledger,
          benchDirectory: options.benchDirectory,
          cacheMaxAgeMs: 30_000,
          // A review reads the whole period (seconds of CPU on a large ledger): not on every page load.
          insightsMaxAgeMs: 10 * 60_000,
          ...(options.pageDirectory !== undefined && { pageDirectory: options.pageDirectory }),
          insights: { catalog: options.catalog, config: options.config, ledgerArgument: options.ledgerArgument },
        }),
      (error: unknown) => {
        app = undefined;
        throw error;
      },
    );
    return app;
  };
  return {
    path: options.path,
    auth: options.auth,
    async fetch(request) {
      let dashboard: Hono;
      try {
        dashboard = await open();
      } catch (error) {
        return Response.json({ error: { code: 'unavailable', message: `The ledger cannot be opened for the dashboard (${error instanceof Error ? error.message : String(error)}); try again shortly.` } }, { status: 503 });
      }
      return dashboard.fetch(request);
    },
  };
}

/** The HTTP Basic password (the user name is ignored), else the usual Bearer / x-api-key. */
function readDashboardKey(header: (name: string) => string | undefined): string | undefined {
  const authorization = header('authorization');
  const basic = authorization === undefined ? null : /^Basic\s+(\S+)\s*$/i.exec(authorization);
  if (basic?.[1] !== undefined) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon < 0 ? undefined : decoded.slice(colon + 1);
  }
  return readPresentedKey({ header });
}

/**
 * Serves the dashboard at `mount.path` (and redirects `path` to `path/`, where the page's
 * relative links work). With `auth: admin` a browser is asked for an admin key by HTTP Basic
 * (any user name, the key as password): it then sends it with the page's API requests too.
 */
export function registerDashboardMount(app: Hono<GatewayEnv>, mount: DashboardMount): void {
  const guard: MiddlewareHandler<GatewayEnv> = async (c, next) => {
    if (mount.auth === 'admin') {
      const presented = readDashboardKey((name) => c.req.header(name));
      const admin = presented === undefined || presented === '' ? undefined : await c.get('state').adminKeys.lookup(presented);
      if (admin === undefined) {
        return c.json({ error: { code: 'unauthenticated', message: 'The dashboard needs an admin key: give it as the password (any user name), or as "Authorization: Bearer <key>".' } }, 401, {
          'WWW-Authenticate': 'Basic realm="frugal dashboard", charset="UTF-8"',
          'Cache-Control': 'no-store',
        });
      }
    }
    await next();
  };
  app.use(mount.path, guard);
  app.use(`${mount.path}/*`, guard);
  app.get(mount.path, (c) => c.redirect(`${mount.path}/`, 308));
  app.mount(mount.path, (request) => mount.fetch(request));
}
