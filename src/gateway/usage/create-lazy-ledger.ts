import type { InsertResult, Ledger, LedgerQueries } from '../../ledger/index.js';
import type { UsageRow } from '../../core/index.js';

export interface LazyLedger {
  insertRows(rows: readonly UsageRow[]): Promise<InsertResult>;
  readonly query: Pick<LedgerQueries, 'aggregate' | 'summary' | 'listRequests'>;
  /** The ledger itself, opened if need be (the mounted dashboard reads it whole). */
  open(): Promise<Ledger>;
  /** True once a connection is open. */
  isOpen(): boolean;
  close(): Promise<void>;
}

/**
 * The ledger, opened on first use and again after a failed open (at most once a second), so
 * the gateway starts and serves while its database is down: rows spill to disk and are replayed
 * once a connection succeeds.
 */
export function createLazyLedger(open: () => Promise<Ledger>, now: () => number = Date.now): LazyLedger {
  let ledger: Ledger | undefined;
  let opening: Promise<Ledger> | undefined;
  let failedAt = Number.NEGATIVE_INFINITY;
  let lastError: unknown;
  let closed = false;

  const get = (): Promise<Ledger> => {
    if (ledger !== undefined) return Promise.resolve(ledger);
    if (closed) return Promise.reject(new Error('The ledger is closed.'));
    if (opening === undefined) {
      if (now() - failedAt < 1000) return Promise.reject(lastError instanceof Error ? lastError : new Error(String(lastError)));
      opening = open().then(
        (opened) => {
          ledger = opened;
          opening = undefined;
          return opened;
        },
        (error: unknown) => {
          failedAt = now();
          lastError = error;
          opening = undefined;
          throw error;
        },
      );
    }
    return opening;
  };

  return {
    insertRows: async (rows) => (await get()).insertRows(rows),
    query: {
      aggregate: async (query) => (await get()).query.aggregate(query),
      summary: async (filter) => (await get()).query.summary(filter),
      listRequests: async (query) => (await get()).query.listRequests(query),
    },
    open: get,
    isOpen: () => ledger !== undefined,
    async close() {
      closed = true;
      const pending = opening;
      if (pending !== undefined) await pending.catch(() => undefined);
      await ledger?.close();
      ledger = undefined;
    },
  };
}
