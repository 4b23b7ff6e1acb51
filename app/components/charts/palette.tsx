/**
 * Colours and fills that keep their meaning without colour: a palette that colour-blind readers can
 * tell apart (Okabe–Ito), each colour paired with its own SVG pattern, with different lightness so
 * that the series still differ in grayscale, and a dark outline so light fills meet 3:1 contrast.
 */
import type { MilestoneStatus } from '#app/rules/domain';

export type PatternName = 'solid' | 'stripes' | 'dots' | 'cross' | 'hlines' | 'diagonal' | 'empty';

export interface SeriesStyle {
  colour: string;
  pattern: PatternName;
  /** Line charts: dash pattern (SVG stroke-dasharray), '' for a solid line. */
  dash?: string;
}

export const OUTLINE = '#1a1a1a';

export const PALETTE = {
  blue: '#0072B2',
  orange: '#E69F00',
  green: '#009E73',
  sky: '#56B4E9',
  vermillion: '#D55E00',
  purple: '#CC79A7',
  grey: '#6b6b6b',
  black: '#1a1a1a',
} as const;

/** The fill of a series: a pattern id (defined by <ChartPatterns>) or the plain colour. */
export function fillFor(chartId: string, index: number, style: SeriesStyle) {
  return style.pattern === 'solid' ? style.colour : `url(#${patternId(chartId, index)})`;
}

export function patternId(chartId: string, index: number) {
  return `${chartId}-pattern-${index}`;
}

/** SVG <defs> with one pattern per series; referenced by the chart's fills and the legend's swatches. */
export function ChartPatterns({ chartId, styles }: { chartId: string; styles: readonly SeriesStyle[] }) {
  return (
    <defs>
      {styles.map((style, index) =>
        style.pattern === 'solid' ? null : (
          <pattern key={index} id={patternId(chartId, index)} width="8" height="8" patternUnits="userSpaceOnUse">
            <rect width="8" height="8" fill={style.pattern === 'empty' ? '#ffffff' : lighten(style.colour)} />
            {style.pattern === 'stripes' ? <path d="M0 0 L0 8 M4 0 L4 8" stroke={style.colour} strokeWidth="2.5" /> : null}
            {style.pattern === 'hlines' ? <path d="M0 2 L8 2 M0 6 L8 6" stroke={style.colour} strokeWidth="2" /> : null}
            {style.pattern === 'diagonal' ? <path d="M-2 2 L2 -2 M0 8 L8 0 M6 10 L10 6" stroke={style.colour} strokeWidth="2.5" /> : null}
            {style.pattern === 'cross' ? <path d="M0 0 L8 8 M8 0 L0 8" stroke={style.colour} strokeWidth="2" /> : null}
            {style.pattern === 'dots' ? <circle cx="4" cy="4" r="2.2" fill={style.colour} /> : null}
          </pattern>
        ),
      )}
    </defs>
  );
}

/** A pale background for patterned fills, so the pattern's own colour stands out. */
function lighten(hex: string) {
  const n = parseInt(hex.slice(1), 16);
  const mix = (c: number) => Math.round(c + (255 - c) * 0.75);
  const r = mix((n >> 16) & 255);
  const g = mix((n >> 8) & 255);
  const b = mix(n & 255);
  return `#${((r << 16) | (g << 8) | b).toString(16).padStart(6, '0')}`;
}

/** A small swatch for legends and tables, the same fill as in the chart. */
export function Swatch({ chartId, index, style }: { chartId: string; index: number; style: SeriesStyle }) {
  const id = `${chartId}-swatch-${index}`;
  return (
    <svg className="chart-swatch" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <ChartPatterns chartId={id} styles={[style]} />
      {style.dash !== undefined ? (
        <path d="M0 8 L16 8" stroke={style.colour} strokeWidth="3" strokeDasharray={style.dash || undefined} />
      ) : (
        <rect x="0.5" y="0.5" width="15" height="15" fill={fillFor(id, 0, style)} stroke={OUTLINE} />
      )}
    </svg>
  );
}

/** Milestone statuses (plus "not yet reported"): fills that differ in pattern and lightness, not only in hue. */
export const MILESTONE_STYLES: Record<MilestoneStatus | 'not_reported', SeriesStyle> = {
  achieved: { colour: PALETTE.green, pattern: 'solid' },
  on_track: { colour: PALETTE.blue, pattern: 'stripes' },
  not_started: { colour: PALETTE.sky, pattern: 'dots' },
  delayed: { colour: PALETTE.orange, pattern: 'cross' },
  at_risk: { colour: PALETTE.vermillion, pattern: 'diagonal' },
  cancelled: { colour: PALETTE.black, pattern: 'hlines' },
  not_reported: { colour: PALETTE.grey, pattern: 'empty' },
};
