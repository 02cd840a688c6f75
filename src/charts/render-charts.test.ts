import { describe, expect, it } from 'vitest';
import { buildBarChartSpec } from './build-bar-chart-spec.js';
import { buildDistributionChartSpec } from './build-distribution-chart-spec.js';
import { buildLineChartSpec } from './build-line-chart-spec.js';
import { buildScatterChartSpec } from './build-scatter-chart-spec.js';
import { colorBlindSafePalette } from './palette.js';
import { renderPng } from './render-png.js';
import { renderSvg } from './render-svg.js';

const scatter = buildScatterChartSpec({
  title: 'classify: cost vs quality',
  x: { title: 'Cost per task', unit: 'USD', format: '$.2~g', scale: 'log' },
  y: { title: 'Quality', unit: 'share correct', format: '.0%', domain: [0, 1] },
  points: [
    { x: 0.00002, y: 0.8, label: 'nova-micro', yLow: 0.76, yHigh: 0.84 },
    { x: 0.00004, y: 0.95, label: 'nova-lite', marker: 'knee' },
    { x: 0.0012, y: 0.97, label: 'sonnet', marker: 'current' },
  ],
  line: { label: 'Pareto frontier', points: [{ x: 0.00002, y: 0.8 }, { x: 0.00004, y: 0.95 }, { x: 0.0012, y: 0.97 }] },
});

describe('charts', () => {
  it('renders a scatter with its frontier, units on both axes and the colour-blind-safe palette', async () => {
    const svg = await renderSvg(scatter);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Cost per task (USD)');
    expect(svg).toContain('Quality (share correct)');
    // The frontier is the dashed line.
    expect(svg).toMatch(/stroke-dasharray="6,4"/);
    expect(svg).toContain('knee');
    expect(svg.toLowerCase()).toContain(colorBlindSafePalette[0].toLowerCase());
  });

  it('renders distribution, bar and line charts', async () => {
    const distribution = await renderSvg(
      buildDistributionChartSpec({
        title: 'latency',
        categoryTitle: 'model',
        value: { title: 'Total latency', unit: 'ms' },
        observations: [1, 2, 3, 5, 8, 13].flatMap((value) => [{ category: 'a', value }, { category: 'b', value: value * 2 }]),
      }),
    );
    expect(distribution).toContain('Total latency (ms)');
    const bar = await renderSvg(buildBarChartSpec({ categoryTitle: 'model', value: { title: 'Spend', unit: 'USD' }, bars: [{ category: 'a', value: 2, group: 'input' }, { category: 'a', value: 1, group: 'output' }] }));
    expect(bar).toContain('Spend (USD)');
    const line = await renderSvg(buildLineChartSpec({ x: { title: 'Day', unit: 'UTC', time: true }, y: { title: 'Spend', unit: 'USD' }, points: [{ x: '2026-01-01', y: 1, series: 's' }, { x: '2026-01-02', y: 2, series: 's' }] }));
    expect(line).toContain('Day (UTC)');
  });

  it('renders PNG bytes', async () => {
    const png = await renderPng(scatter, { scale: 1 });
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.length).toBeGreaterThan(2_000);
  });
});
