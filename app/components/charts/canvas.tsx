import { useEffect, useRef, useState } from 'react';
import { useT } from '#app/i18n/index';
import { formatMoneyCompact, formatValue, type ChartRow, type ChartSeries, type ValueFormat } from './format';
import { axisTicks, valueDomain } from './scale';
import { fillFor, OUTLINE } from './palette';

/**
 * The charts' SVG, drawn here in plain React (ADR 011: recharts was 112 KB of the dashboard's
 * 254 KB of JavaScript for two kinds of chart). Horizontal bars (grouped or stacked) and lines over
 * time with a limit line: axes with rounded ticks, a grid, the series' fills from ./palette.tsx, and
 * a <title> per bar and point that the browser shows on hover. The figure around it (heading,
 * summary, legend, table: what screen-reader and keyboard users read) is ./figures.tsx.
 *
 * Drawn at the width of its container (measured in the browser; 640 px until then), so the text
 * stays 12 px at every width instead of scaling with a viewBox.
 */

interface CanvasProps {
  id: string;
  series: readonly ChartSeries[];
  rows: readonly ChartRow[];
  format: ValueFormat;
}

const FONT = 12;
const GRID = '#d0d0d0';
const DEFAULT_WIDTH = 640;
const LABEL_CHARS = 14;

/** The width of the element the ref is on, following resizes (ResizeObserver where the browser has it). */
function useWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(DEFAULT_WIDTH);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => {
      const measured = Math.floor(element.getBoundingClientRect().width);
      if (measured > 0) setWidth(measured);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}

function shorten(label: string) {
  return label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label;
}

function useTick(format: ValueFormat) {
  const { locale } = useT();
  return {
    locale,
    tick: (v: number) => (format === 'money' ? formatMoneyCompact(v, locale) : String(v)),
  };
}

/** Horizontal bars (labels on the left read well at 320 px), grouped or stacked. */
export function BarCanvas({ id, series, rows, format, stacked }: CanvasProps & { stacked?: boolean }) {
  const { locale, tick } = useTick(format);
  const [ref, width] = useWidth();
  const band = stacked ? 30 : Math.max(24, series.length * 12 + 10);
  const height = Math.max(160, rows.length * band + 50);
  const margin = { top: 8, right: 16, bottom: 8, left: 8 };
  const labelWidth = 90;
  const axisHeight = 30;
  const left = margin.left + labelWidth;
  const right = Math.max(left + 40, width - margin.right);
  const top = margin.top;
  const bottom = height - margin.bottom - axisHeight;

  const extents = rows.flatMap((row) => {
    const values = series.map((s) => row.values[s.key] ?? 0);
    if (!stacked) return values;
    return [values.filter((v) => v > 0).reduce((a, b) => a + b, 0), values.filter((v) => v < 0).reduce((a, b) => a + b, 0)];
  });
  // As many ticks as their labels have room for side by side (a money label is about 55 px).
  const room = Math.floor((right - left) / (format === 'money' ? 64 : 40));
  const ticks = axisTicks(valueDomain(extents), format === 'count', Math.max(2, Math.min(5, room)));
  const [lo, hi] = [ticks[0]!, ticks[ticks.length - 1]!];
  const x = (v: number) => left + ((v - lo) / (hi - lo)) * (right - left);

  const rowBand = rows.length ? (bottom - top) / rows.length : 0;
  const gap = rowBand * (stacked ? 0.25 : 0.15);
  const barArea = rowBand - 2 * gap;
  const barHeight = stacked ? barArea : barArea / Math.max(1, series.length);

  return (
    <div ref={ref}>
      <svg width={width} height={height} focusable="false" aria-hidden="true" fontSize={FONT}>
        {ticks.map((t) => (
          <line key={t} x1={x(t)} x2={x(t)} y1={top} y2={bottom} stroke={GRID} />
        ))}
        {rows.map((row, r) => {
          const y0 = top + r * rowBand + gap;
          let positive = 0;
          let negative = 0;
          return (
            <g key={row.label}>
              <text x={left - 6} y={top + (r + 0.5) * rowBand} textAnchor="end" dominantBaseline="middle" fill={OUTLINE}>
                {shorten(row.label)}
              </text>
              {series.map((s, i) => {
                const value = row.values[s.key] ?? 0;
                let from = 0;
                if (stacked) {
                  from = value >= 0 ? positive : negative;
                  if (value >= 0) positive += value;
                  else negative += value;
                }
                const a = x(from);
                const b = x(from + value);
                const y = stacked ? y0 : y0 + i * barHeight;
                return (
                  <rect
                    key={s.key}
                    x={Math.min(a, b)}
                    y={y}
                    width={Math.abs(b - a)}
                    height={Math.max(1, barHeight)}
                    fill={fillFor(id, i, s.style)}
                    stroke={OUTLINE}
                    strokeWidth={1}
                  >
                    <title>{`${row.label} – ${s.label}: ${formatValue(value, format, locale)}`}</title>
                  </rect>
                );
              })}
            </g>
          );
        })}
        <line x1={left} x2={left} y1={top} y2={bottom} stroke={OUTLINE} />
        <line x1={left} x2={right} y1={bottom} y2={bottom} stroke={OUTLINE} />
        {ticks.map((t, i) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={bottom} y2={bottom + 6} stroke={OUTLINE} />
            {/* The last label ends at its tick, so it stays inside the drawing. */}
            <text x={x(t)} y={bottom + 8} textAnchor={i === ticks.length - 1 ? 'end' : 'middle'} dominantBaseline="hanging" fill={OUTLINE}>
              {tick(t)}
            </text>
          </g>
        ))}
      </svg>
    </div>
  );
}

/** Lines over time; each series has its own dash pattern, with an optional limit line (the cap). */
export function LineCanvas({ series, rows, format, limit }: CanvasProps & { limit?: { value: number; label: string } }) {
  const { locale, tick } = useTick(format);
  const [ref, width] = useWidth();
  const height = 300;
  const margin = { top: 16, right: 16, bottom: 8, left: 8 };
  const axisWidth = 80;
  const axisHeight = 30;
  const left = margin.left + axisWidth;
  const right = Math.max(left + 40, width - margin.right);
  const top = margin.top;
  const bottom = height - margin.bottom - axisHeight;

  const values = rows.flatMap((row) => series.map((s) => row.values[s.key] ?? 0));
  const ticks = axisTicks(valueDomain(limit ? [...values, limit.value] : values), format === 'count');
  const [lo, hi] = [ticks[0]!, ticks[ticks.length - 1]!];
  const y = (v: number) => bottom - ((v - lo) / (hi - lo)) * (bottom - top);
  const columnWidth = rows.length ? (right - left) / rows.length : 0;
  const x = (index: number) => left + (index + 0.5) * columnWidth;

  return (
    <div ref={ref}>
      <svg width={width} height={height} focusable="false" aria-hidden="true" fontSize={FONT}>
        {ticks.map((t) => (
          <line key={t} x1={left} x2={right} y1={y(t)} y2={y(t)} stroke={GRID} />
        ))}
        {rows.map((row, i) => (
          <line key={row.label} x1={x(i)} x2={x(i)} y1={top} y2={bottom} stroke={GRID} />
        ))}
        <line x1={left} x2={left} y1={top} y2={bottom} stroke={OUTLINE} />
        <line x1={left} x2={right} y1={bottom} y2={bottom} stroke={OUTLINE} />
        {ticks.map((t) => (
          <g key={t}>
            <line x1={left - 6} x2={left} y1={y(t)} y2={y(t)} stroke={OUTLINE} />
            <text x={left - 8} y={y(t)} textAnchor="end" dominantBaseline="middle" fill={OUTLINE}>
              {tick(t)}
            </text>
          </g>
        ))}
        {rows.map((row, i) => (
          <text key={row.label} x={x(i)} y={bottom + 8} textAnchor="middle" dominantBaseline="hanging" fill={OUTLINE}>
            {row.label}
          </text>
        ))}
        {limit ? (
          <g>
            <line x1={left} x2={right} y1={y(limit.value)} y2={y(limit.value)} stroke={OUTLINE} strokeWidth={2} strokeDasharray="2 3" />
            <text x={left + 6} y={y(limit.value) + 6} dominantBaseline="hanging" fill={OUTLINE}>
              {limit.label}
            </text>
          </g>
        ) : null}
        {series.map((s) => (
          <g key={s.key}>
            <polyline
              points={rows.map((row, i) => `${x(i)},${y(row.values[s.key] ?? 0)}`).join(' ')}
              fill="none"
              stroke={s.style.colour}
              strokeWidth={3}
              strokeDasharray={s.style.dash || undefined}
            />
            {rows.map((row, i) => (
              <circle key={row.label} cx={x(i)} cy={y(row.values[s.key] ?? 0)} r={4} fill="#ffffff" stroke={s.style.colour} strokeWidth={2}>
                <title>{`${row.label} – ${s.label}: ${formatValue(row.values[s.key] ?? 0, format, locale)}`}</title>
              </circle>
            ))}
          </g>
        ))}
      </svg>
    </div>
  );
}
