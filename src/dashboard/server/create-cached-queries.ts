import type { LedgerQueries } from '../../ledger/index.js';

/** The ledger reads the dashboard uses, answered from a small cache. */
export type CachedQueries = Pick<
  LedgerQueries,
  'aggregate' | 'distribution' | 'spendByProviderMonth' | 'costByModelFamilyDay' | 'tokensByModel' | 'hourlyTokensByProvider' | 'listRequests'
>;

export interface CacheOptions {
  /** How long an answer stays valid; Infinity when nothing else can write the ledger. */
  maxAgeMs: number;
  maxEntries?: number;
  now?: () => number;
}

/**
 * Several panels ask the ledger the same question (daily cost and cache hit rate share one
 * aggregate; every fixed-window view needs the range's last usage), and people flip filters back
 * and forth. Equal arguments share one promise, in flight or settled; failures are not kept.
 * An embedded DuckDB ledger is locked by this process, so nothing can change it under us and its
 * answers never go stale; a PostgreSQL ledger is shared with gateways, so answers expire.
 */
export function createCachedQueries(queries: LedgerQueries, options: CacheOptions): CachedQueries {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 500;
  const entries = new Map<string, { at: number; value: Promise<unknown> }>();
  const cached = <A extends unknown[], R>(name: string, call: (...args: A) => Promise<R>) => {
    return (...args: A): Promise<R> => {
      const key = `${name}:${JSON.stringify(args)}`;
      const hit = entries.get(key);
      if (hit !== undefined && now() - hit.at <= options.maxAgeMs) {
        // Refresh its place: the Map's order is the eviction order.
        entries.delete(key);
        entries.set(key, hit);
        return hit.value as Promise<R>;
      }
      const value = call(...args);
      entries.set(key, { at: now(), value });
      value.catch(() => entries.delete(key));
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      return value;
    };
  };
  return {
    aggregate: cached('aggregate', queries.aggregate.bind(queries)),
    distribution: cached('distribution', queries.distribution.bind(queries)),
    spendByProviderMonth: cached('spendByProviderMonth', queries.spendByProviderMonth.bind(queries)),
    costByModelFamilyDay: cached('costByModelFamilyDay', queries.costByModelFamilyDay.bind(queries)),
    tokensByModel: cached('tokensByModel', queries.tokensByModel.bind(queries)),
    hourlyTokensByProvider: cached('hourlyTokensByProvider', queries.hourlyTokensByProvider.bind(queries)),
    listRequests: cached('listRequests', queries.listRequests.bind(queries)),
  };
}
