import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { BarCanvas, LineCanvas } from '#app/components/charts/canvas';
import { axisTicks, valueDomain } from '#app/components/charts/scale';
import { PALETTE } from '#app/components/charts/palette';
import { formatMoney } from '#app/rules/numbers';

describe('chart value axis', () => {
  it('includes zero and falls back to [0, 1] without values', () => {
    expect(valueDomain([])).toEqual([0, 1]);
    expect(valueDomain([0, 0])).toEqual([0, 1]);
    expect(valueDomain([5, 12])).toEqual([0, 12]);
    expect(valueDomain([-3, 7, Number.NaN])).toEqual([-3, 7]);
  });

  it('covers the range with round steps', () => {
    expect(axisTicks([0, 12])).toEqual([0, 2.5, 5, 7.5, 10, 12.5]);
    expect(axisTicks([0, 7_120_000_000])).toEqual([0, 2e9, 4e9, 6e9, 8e9]);
    expect(axisTicks([-3, 7])).toEqual([-4, -2, 0, 2, 4, 6, 8]);
    expect(axisTicks([0, 1])).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('counts in whole numbers', () => {
    expect(axisTicks([0, 3], true)).toEqual([0, 1, 2, 3]);
    expect(axisTicks([0, 1], true)).toEqual([0, 1]);
  });
});

const series = [
  { key: 'granted', label: 'Granted', style: { colour: PALETTE.blue, pattern: 'solid' as const } },
  { key: 'paid', label: 'Paid', style: { colour: PALETTE.orange, pattern: 'stripes' as const } },
];
const rows = [
  { label: 'P-0001', values: { granted: 400_000_00, paid: 100_000_00 } },
  { label: 'A-very-long-project-code', values: { granted: 200_000_00, paid: 0 } },
];

function rects(svg: string) {
  return [...svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/g)].map((m) => m.slice(1).map(Number));
}

describe('chart drawing', () => {
  it('draws one bar per value, in proportion, with its value on hover', () => {
    const svg = renderToStaticMarkup(<BarCanvas id="c" series={series} rows={rows} format="money" />);
    const bars = rects(svg);
    expect(bars).toHaveLength(4);
    const [granted1, paid1, granted2] = bars as [number[], number[], number[]];
    expect(granted1[2]! / paid1[2]!).toBeCloseTo(4);
    expect(granted1[2]! / granted2[2]!).toBeCloseTo(2);
    // Bars start at the axis and stay inside the drawing.
    for (const [x, , width] of bars) expect(x! + width!).toBeLessThanOrEqual(640);
    expect(svg).toContain(`<title>P-0001 – Paid: ${formatMoney(100_000_00, 'nl')}</title>`);
    expect(svg).not.toContain(',0K');
    expect(svg).toContain('A-very-long-p…');
    expect(svg).toContain('fill="url(#c-pattern-1)"');
  });

  it('stacks bars end to end', () => {
    const svg = renderToStaticMarkup(<BarCanvas id="s" series={series} rows={rows} format="count" stacked />);
    const [granted1, paid1] = rects(svg) as [number[], number[]];
    expect(paid1[0]).toBeCloseTo(granted1[0]! + granted1[2]!);
    expect(paid1[1]).toBe(granted1[1]);
  });

  it('draws a line per series and the limit inside the axis', () => {
    const lines = [{ key: 'granted', label: 'Granted', style: { colour: PALETTE.blue, pattern: 'solid' as const, dash: '' } }];
    const years = [2023, 2024, 2025].map((year, i) => ({ label: String(year), values: { granted: (i + 1) * 10_000_000_00 } }));
    const svg = renderToStaticMarkup(<LineCanvas id="l" series={lines} rows={years} format="money" limit={{ value: 71_200_000_00, label: 'Cap' }} />);
    expect(svg.match(/<polyline/g)).toHaveLength(1);
    expect(svg.match(/<circle/g)).toHaveLength(3);
    expect(svg).toContain('>Cap</text>');
    const limitY = Number(/<line x1="[\d.]+" x2="[\d.]+" y1="([\d.]+)"[^>]*stroke-dasharray="2 3"/.exec(svg)![1]);
    expect(limitY).toBeGreaterThanOrEqual(16);
  });
});
