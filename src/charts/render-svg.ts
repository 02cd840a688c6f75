import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { ChartSpec } from './chart-spec.js';

/**
 * Renders a chart headless to an SVG string: Vega-Lite compiles to Vega, which renders without a
 * browser or canvas (text widths are estimated). The SVG is self-contained, for files and inline HTML.
 */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
