import embed, { type VisualizationSpec } from 'vega-embed';

export type ChartDatum = Record<string, unknown>;

/**
 * Draws a shared chart spec with Vega (SVG, no export menu: the page has no outside links) and
 * reports which mark was clicked, so a mouse user can drill from the chart as a keyboard user does
 * from its table.
 */
export async function renderChart(container: HTMLElement, spec: Record<string, unknown>, onPick: (datum: ChartDatum) => void): Promise<() => void> {
  const result = await embed(container, spec as unknown as VisualizationSpec, { actions: false, renderer: 'svg' });
  result.view.addEventListener('click', (_event, item) => {
    const datum = (item as { datum?: unknown } | null | undefined)?.datum;
    if (datum !== null && typeof datum === 'object') onPick(datum as ChartDatum);
  });
  // The chart's text alternative lives on the container (role="img"); the SVG inside is decoration to a screen reader.
  container.querySelector('svg')?.setAttribute('aria-hidden', 'true');
  return () => result.finalize();
}

/** The keys a clicked mark may match: `series|x` (x a day, an hour or a month) for lines, `category|group` for bars. */
export function datumKeys(datum: ChartDatum, kind: 'line' | 'bar'): string[] {
  if (kind === 'bar') return [`${String(datum.category)}|${String(datum.group)}`];
  const x = datum.x;
  const time = x instanceof Date ? x.getTime() : typeof x === 'number' ? x : typeof x === 'string' ? Date.parse(x) : Number.NaN;
  const keys = typeof x === 'string' ? [`${String(datum.series)}|${x}`] : [];
  if (!Number.isNaN(time)) {
    const iso = new Date(time).toISOString();
    keys.push(`${String(datum.series)}|${iso.slice(0, 10)}`, `${String(datum.series)}|${iso.slice(0, 13)}:00:00Z`, `${String(datum.series)}|${iso.slice(0, 7)}`);
  }
  return keys;
}
