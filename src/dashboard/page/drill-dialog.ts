import { type Drill, rowsPageSchema, type RowsPage } from '../api/dashboard-api-schema.js';
import { maxRowsOffset } from '../api/dashboard-filter-schema.js';
import { formatCell } from '../api/format-cell.js';
import { byId, fill, h } from './dom.js';
import { fetchJson } from './fetch-json.js';

const pageSize = 25;

/**
 * The drill-down: a modal dialog listing the ledger rows behind a number, a page at a time. A
 * native <dialog> keeps focus inside while open, closes on Escape and returns focus to the number
 * that opened it.
 */
export function createDrillDialog(): (drill: Drill, label: string, opener: HTMLElement) => void {
  const dialog = byId<HTMLDialogElement>('drill');
  const title = byId('drill-title');
  const status = byId('drill-status');
  const body = byId('drill-body');
  const previous = byId<HTMLButtonElement>('drill-previous');
  const next = byId<HTMLButtonElement>('drill-next');
  const order = byId<HTMLSelectElement>('drill-order');
  let current: { drill: Drill; offset: number } | undefined;
  let opener: HTMLElement | undefined;

  const show = (page: RowsPage): void => {
    const first = page.total === 0 ? 0 : page.offset + 1;
    const last = page.offset + page.rows.length;
    const capped = last < page.total && page.offset + pageSize > maxRowsOffset;
    status.textContent =
      page.total === 0
        ? 'No ledger rows.'
        : `Rows ${first.toLocaleString('en-US')}–${last.toLocaleString('en-US')} of ${page.total.toLocaleString('en-US')}${capped ? `. Pages stop here: narrow the filters or sort by cost to reach the rest.` : ''}`;
    previous.disabled = page.offset === 0;
    next.disabled = last >= page.total || capped;
    const columns = ['Time (UTC)', 'Request id', 'Provider', 'Model', 'Task', 'Team', 'Input', 'Cache read', 'Cache write', 'Output', 'Cost', 'Latency', 'Cache hit', 'Request'];
    fill(
      body,
      h(
        'table',
        {},
        h('caption', {}, 'Ledger rows'),
        h('thead', {}, h('tr', {}, columns.map((column) => h('th', { scope: 'col' }, column)))),
        h(
          'tbody',
          {},
          page.rows.map((row) =>
            h(
              'tr',
              {},
              h('td', { class: 'nowrap' }, formatCell(row.time, 'time')),
              h('th', { scope: 'row', class: 'mono' }, row.requestId),
              h('td', {}, row.provider),
              h('td', {}, row.model ?? '–'),
              h('td', {}, row.task),
              h('td', {}, row.team ?? '–'),
              h('td', { class: 'num' }, formatCell(row.inputTokens, 'tokens')),
              h('td', { class: 'num' }, formatCell(row.cacheReadTokens, 'tokens')),
              h('td', { class: 'num' }, formatCell(row.cacheWriteTokens, 'tokens')),
              h('td', { class: 'num' }, formatCell(row.outputTokens, 'tokens')),
              h('td', { class: 'num' }, row.cost === null ? 'unpriced' : formatCell(row.cost, 'usd')),
              h('td', { class: 'num' }, formatCell(row.latencyMs, 'ms')),
              h('td', {}, row.cacheHit === null ? '–' : row.cacheHit ? 'yes' : 'no'),
              h('td', { class: 'preview' }, row.preview ?? ''),
            ),
          ),
        ),
      ),
    );
  };

  const load = async (): Promise<void> => {
    if (current === undefined) return;
    body.setAttribute('aria-busy', 'true');
    status.textContent = 'Loading…';
    try {
      show(await fetchJson('api/rows', { ...current.drill, limit: pageSize, offset: current.offset, order: order.value }, rowsPageSchema));
    } catch (error) {
      status.textContent = `Could not load the rows: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      body.setAttribute('aria-busy', 'false');
    }
  };

  previous.addEventListener('click', () => {
    if (current === undefined) return;
    current.offset = Math.max(0, current.offset - pageSize);
    void load();
  });
  next.addEventListener('click', () => {
    if (current === undefined) return;
    current.offset += pageSize;
    void load();
  });
  order.addEventListener('change', () => {
    if (current === undefined) return;
    current.offset = 0;
    void load();
  });
  byId('drill-close').addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => opener?.focus());

  return (drill, label, from) => {
    current = { drill, offset: 0 };
    opener = from;
    title.textContent = label;
    fill(body);
    if (!dialog.open) dialog.showModal();
    byId('drill-title').focus();
    void load();
  };
}
