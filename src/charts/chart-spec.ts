import type { TopLevelSpec } from 'vega-lite';
import { colorBlindSafePalette } from './palette.js';

/** A chart is a Vega-Lite spec: data and encoding travel together, so the report, the dashboard and files render the same thing. */
export type ChartSpec = TopLevelSpec;

/** One axis: what it shows and in which unit. The unit is always printed, so no chart has a bare number line. */
export interface AxisOptions {
  title: string;
  /** `USD`, `ms`, `tokens`, `share of examples`, ... */
  unit: string;
  /** d3-format string for the tick labels (`$.3~g`, `.0%`, `,d`). */
  format?: string;
  scale?: 'linear' | 'log';
  /** Force the domain (e.g. [0, 1] for a quality score). */
  domain?: [number, number];
}

export interface ChartFrame {
  title?: string;
  subtitle?: string;
  width?: number;
  height?: number;
}

/** `Cost per task (USD)`: the axis title carries its unit, once (`Tokens`, not `Tokens (tokens)`). */
export function axisTitle(axis: Pick<AxisOptions, 'title' | 'unit'>): string {
  return axis.title.toLowerCase().endsWith(axis.unit.toLowerCase()) ? axis.title : `${axis.title} (${axis.unit})`;
}

/** Font stack that resvg finds on most systems (DejaVu on Linux) and browsers render as sans-serif. */
export const chartFont = 'DejaVu Sans, Helvetica, Arial, sans-serif';

/** Shared look: palette, font, white background; every builder applies it. */
export function chartConfig(): NonNullable<TopLevelSpec['config']> {
  return {
    font: chartFont,
    background: 'white',
    range: { category: [...colorBlindSafePalette] },
    axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridOpacity: 0.5 },
    legend: { labelFontSize: 11, titleFontSize: 12 },
    title: { fontSize: 14, subtitleFontSize: 11, anchor: 'start' },
    view: { stroke: null },
  };
}

export function frameOf(frame: ChartFrame): Pick<TopLevelSpec, 'title'> & { width: number; height: number } {
  const title = frame.title === undefined ? undefined : frame.subtitle === undefined ? frame.title : { text: frame.title, subtitle: frame.subtitle };
  return { ...(title !== undefined && { title }), width: frame.width ?? 560, height: frame.height ?? 340 };
}

/** Vega-Lite's axis/scale fragment for one positional channel. */
export function positional(axis: AxisOptions): Record<string, unknown> {
  return {
    title: axisTitle(axis),
    axis: axis.format === undefined ? {} : { format: axis.format },
    scale: {
      ...(axis.scale === 'log' && { type: 'log' }),
      ...(axis.domain !== undefined && { domain: axis.domain }),
      ...(axis.scale !== 'log' && { zero: false, nice: true }),
    },
  };
}
