import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { ConfigError } from '../core/index.js';
import { isPostgresUrl, type Ledger, openLedger } from '../ledger/index.js';
import { createDashboardApp, type DashboardAppOptions } from './create-dashboard-app.js';

export const defaultDashboardPort = 8788;
export const defaultBenchDirectory = 'frugal-bench';

export interface StartDashboardOptions {
  /** DuckDB file or postgres:// URL. */
  ledger: string;
  /** Resolves relative paths (ledger, bench directory). */
  cwd: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  benchDirectory?: string;
  /** The built page; default the package's dist/dashboard/page (null: API only). */
  pageDirectory?: string | null;
  /** The catalog and frugal.yaml, so the page can show `frugal review`'s plan and `frugal check`'s alarms. */
  insights?: Omit<NonNullable<DashboardAppOptions['insights']>, 'ledgerArgument'>;
}

export interface RunningDashboard {
  url: string;
  ledger: Ledger;
  close(): Promise<void>;
}

/**
 * `frugal dashboard`: opens the ledger and serves the page and its API on one HTTP port
 * (loopback by default: the numbers are the team's spend, not for the whole network).
 * A DuckDB file that does not exist is an error rather than a new empty ledger.
 */
export async function startDashboard(options: StartDashboardOptions): Promise<RunningDashboard> {
  if (!isPostgresUrl(options.ledger) && options.ledger !== ':memory:' && !existsSync(resolve(options.cwd, options.ledger))) {
    throw new ConfigError(`No ledger at ${resolve(options.cwd, options.ledger)}. Fill one with \`frugal ingest\` (or try \`frugal review --sample\`), or point --ledger at yours.`, options.ledger);
  }
  const ledger = await openLedger(options.ledger, { cwd: options.cwd });
  const app = createDashboardApp({
    ledger,
    benchDirectory: resolve(options.cwd, options.benchDirectory ?? defaultBenchDirectory),
    ...(options.pageDirectory !== undefined && { pageDirectory: options.pageDirectory }),
    ...(options.insights !== undefined && { insights: { ...options.insights, ledgerArgument: options.ledger } }),
  });
  const server: Server = createServer(getRequestListener(app.fetch));
  try {
    await new Promise<void>((done, fail) => {
      server.once('error', fail);
      server.listen(options.port ?? defaultDashboardPort, options.host ?? '127.0.0.1', () => done());
    });
  } catch (error) {
    await ledger.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/`,
    ledger,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await ledger.close();
    },
  };
}
