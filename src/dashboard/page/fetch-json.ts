import type { z } from 'zod';
import { apiErrorSchema } from '../api/dashboard-api-schema.js';
import { writeSearchParams } from '../api/dashboard-filter-schema.js';

/**
 * GETs an API path relative to the page (so the dashboard works wherever it is mounted) and
 * checks the answer against the schema the server was tested with.
 */
export async function fetchJson<T extends z.ZodType>(path: string, query: Record<string, unknown>, schema: T, signal?: AbortSignal): Promise<z.output<T>> {
  const search = writeSearchParams(query).toString();
  const url = new URL(`${path}${search === '' ? '' : `?${search}`}`, document.baseURI);
  const response = await fetch(url, { headers: { accept: 'application/json' }, ...(signal !== undefined && { signal }) });
  const body: unknown = await response.json();
  if (!response.ok) {
    const problem = apiErrorSchema.safeParse(body);
    throw new Error(problem.success ? problem.data.error.message : `${url.pathname} answered ${response.status}`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new Error(`${url.pathname} answered in an unexpected shape: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}
