import { Resvg } from '@resvg/resvg-js';
import type { ChartSpec } from './chart-spec.js';
import { renderSvg } from './render-svg.js';

export interface PngOptions {
  /** Pixel density: 2 gives crisp images on high-DPI screens and in slides. */
  scale?: number;
  /** Extra font files for machines without system fonts (text is not drawn without any font). */
  fontFiles?: string[];
}

/** An SVG string to PNG bytes with resvg (no browser); system fonts are used for text. */
export function convertSvgToPng(svg: string, options: PngOptions = {}): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: options.scale ?? 2 },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', ...(options.fontFiles !== undefined && { fontFiles: options.fontFiles }) },
  });
  return resvg.render().asPng();
}

export async function renderPng(spec: ChartSpec, options: PngOptions = {}): Promise<Buffer> {
  return convertSvgToPng(await renderSvg(spec), options);
}
