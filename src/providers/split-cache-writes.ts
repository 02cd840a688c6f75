/**
 * Cache writes by TTL. Itemised counts are taken as given; whatever the total has beyond them is
 * 5-minute writes: the default TTL, and the only one that existed before providers itemised.
 * An unreadable total leaves both unknown.
 */
export function splitCacheWrites(
  total: number | null,
  itemised5m: number,
  itemised1h: number,
): { cacheWrite5mTokens: number | null; cacheWrite1hTokens: number | null } {
  if (total === null) return { cacheWrite5mTokens: null, cacheWrite1hTokens: null };
  return { cacheWrite5mTokens: itemised5m + Math.max(0, total - itemised5m - itemised1h), cacheWrite1hTokens: itemised1h };
}
