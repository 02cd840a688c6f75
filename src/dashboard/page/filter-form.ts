import type { DashboardMeta } from '../api/dashboard-api-schema.js';
import { dashboardFilterSchema, type DashboardFilterInput, readSearchParams, writeSearchParams } from '../api/dashboard-filter-schema.js';
import { byId, fill, h } from './dom.js';

const dayMs = 86_400_000;
const listFields = ['provider', 'family', 'task', 'team'] as const;
export const rangePresets = ['7', '14', '30', '90', 'all', 'custom'] as const;

/** The filters in the address bar, so a view can be bookmarked, shared and reloaded. */
export function readFiltersFromUrl(): DashboardFilterInput & { range?: string } {
  const raw = readSearchParams(new URL(window.location.href).searchParams.entries());
  const { range, ...rest } = raw;
  const parsed = dashboardFilterSchema.safeParse(rest);
  return { ...(parsed.success ? rest : {}), ...(typeof range === 'string' && { range }) } as DashboardFilterInput & { range?: string };
}

const isoDay = (time: number): string => new Date(time).toISOString().slice(0, 10);

/** `since`/`until` of a preset: the last N days of the basis's data, ending after its latest call. */
export function presetRange(meta: DashboardMeta, basis: string, preset: string): { since?: string; until?: string } {
  const span = meta.bases.find((entry) => entry.basis === basis);
  if (preset === 'all' || span === undefined || span.lastUsage === null) return {};
  const end = (Math.floor(Date.parse(span.lastUsage) / dayMs) + 1) * dayMs;
  return { since: isoDay(end - Number(preset) * dayMs), until: isoDay(end) };
}

/**
 * Fills the filter form from the ledger's values and the current filters, and calls `onApply`
 * with the new filters on submit. Date inputs show the last day inclusive; the API's `until` is
 * exclusive, so a day is added on the way out.
 */
export function setUpFilterForm(meta: DashboardMeta, current: DashboardFilterInput & { range?: string }, onApply: (filter: DashboardFilterInput & { range: string }) => void): void {
  const form = byId<HTMLFormElement>('filters');
  const range = byId<HTMLSelectElement>('filter-range');
  const since = byId<HTMLInputElement>('filter-since');
  const until = byId<HTMLInputElement>('filter-until');
  const basis = byId<HTMLSelectElement>('filter-basis');
  for (const field of listFields) {
    const select = byId<HTMLSelectElement>(`filter-${field}`);
    const chosen = current[field]?.[0] ?? '';
    fill(select, h('option', { value: '' }, 'All'), meta.options[field].map((value) => h('option', { value, selected: value === chosen }, value)));
  }
  fill(
    basis,
    meta.bases.map((entry) =>
      h('option', { value: entry.basis, selected: entry.basis === (current.basis ?? 'calls') }, `${entry.basis === 'calls' ? 'Model calls (logs, gateway)' : 'Billing exports (CUR, FOCUS)'} — ${entry.rows.toLocaleString('en-US')} rows`),
    ),
  );
  range.value = current.range ?? 'custom';
  since.value = current.since?.slice(0, 10) ?? '';
  until.value = current.until === undefined ? '' : isoDay(Date.parse(current.until.length === 10 ? `${current.until}T00:00:00Z` : current.until) - 1);
  const syncDates = (): void => {
    if (range.value === 'custom') return;
    const preset = presetRange(meta, basis.value, range.value);
    since.value = preset.since ?? '';
    until.value = preset.until === undefined ? '' : isoDay(Date.parse(`${preset.until}T00:00:00Z`) - dayMs);
  };
  range.addEventListener('change', syncDates);
  for (const input of [since, until]) input.addEventListener('input', () => (range.value = 'custom'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const filter: DashboardFilterInput & { range: string } = { range: range.value, basis: basis.value as 'calls' | 'billing' };
    if (since.value !== '') filter.since = since.value;
    if (until.value !== '') filter.until = isoDay(Date.parse(`${until.value}T00:00:00Z`) + dayMs);
    for (const field of listFields) {
      const value = byId<HTMLSelectElement>(`filter-${field}`).value;
      if (value !== '') filter[field] = [value];
    }
    onApply(filter);
  });
  form.addEventListener('reset', (event) => {
    // Back to the defaults (last 30 days of calls, no other filter), applied at once.
    event.preventDefault();
    for (const field of listFields) byId<HTMLSelectElement>(`filter-${field}`).value = '';
    basis.value = 'calls';
    range.value = '30';
    syncDates();
    form.requestSubmit();
  });
}

export function writeFiltersToUrl(filter: Record<string, unknown>): void {
  const url = new URL(window.location.href);
  url.search = writeSearchParams(filter).toString();
  window.history.replaceState(null, '', url);
}
