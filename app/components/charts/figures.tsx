import { Link } from '@remix-run/react';
import { useHydrated } from '#app/components/use-hydrated';
import type { ReactNode } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { DataTable } from '#app/components/table';
import { INTL_LOCALE, useT, type Locale } from '#app/i18n/index';
import { formatMoney, formatNumber } from '#app/rules/numbers';
import { ChartPatterns, fillFor, OUTLINE, Swatch, type SeriesStyle } from './palette';

/**
 * Charts people can read: every chart is a <figure> with a heading (its accessible name), a short
 * text summary of what it shows, a legend in HTML with the same fills, and its numbers in a table
 * (visible, or one click away in <details>). The SVG itself is one image named by the heading and
 * described by the summary; screen-reader users get the table.
 */

export type ValueFormat = 'money' | 'count';

export interface ChartSeries {
  key: string;
  label: string;
  style: SeriesStyle;
}

export interface ChartRow {
  label: string;
  values: Record<string, number>;
  /** Where the row's label links to in the table (e.g. the project's own dashboard). */
  href?: string;
}

const compactFormats = new Map<Locale, Intl.NumberFormat>();

/** Axis ticks: € 12 mln (nl) / €12M (en). Display only; exact amounts are in the table. */
export function formatMoneyCompact(cents: number, locale: Locale) {
  let format = compactFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(INTL_LOCALE[locale], { style: 'currency', currency: 'EUR', notation: 'compact', maximumFractionDigits: 1 });
    compactFormats.set(locale, format);
  }
  return format.format(cents / 100);
}

/** A part of a whole as an unsigned percentage to one decimal (nl "12,5%", en "12.5%"); "—" without a whole. */
export function formatPercent(part: number, whole: number, locale: Locale) {
  if (whole === 0) return '—';
  return new Intl.NumberFormat(INTL_LOCALE[locale], { style: 'percent', maximumFractionDigits: 1 }).format(part / whole);
}

export function formatValue(value: number, format: ValueFormat, locale: Locale) {
  return format === 'money' ? formatMoney(value, locale) : formatNumber(value, locale);
}

function Legend({ chartId, series }: { chartId: string; series: readonly ChartSeries[] }) {
  return (
    <ul className="chart-legend">
      {series.map((s, i) => (
        <li key={s.key}>
          <Swatch chartId={chartId} index={i} style={s.style} />
          {s.label}
        </li>
      ))}
    </ul>
  );
}

/** A chart's numbers as a table (the one data table), its caption read out but not shown (the figure's heading shows it). */
export function ChartTable({
  id,
  caption,
  labelHeader,
  series,
  rows,
  format,
}: {
  id: string;
  caption: string;
  labelHeader: string;
  series: readonly ChartSeries[];
  rows: readonly ChartRow[];
  format: ValueFormat;
}) {
  const { locale } = useT();
  return (
    <DataTable id={id} caption={caption} captionHidden columns={[labelHeader, ...series.map((s) => ({ label: s.label, numeric: true, key: s.key }))]}>
      {rows.map((row) => (
        <tr key={row.label}>
          <th scope="row">{row.href ? <Link to={row.href}>{row.label}</Link> : row.label}</th>
          {series.map((s) => (
            <td className="num" key={s.key}>
              {formatValue(row.values[s.key] ?? 0, format, locale)}
            </td>
          ))}
        </tr>
      ))}
    </DataTable>
  );
}

interface FigureProps {
  id: string;
  title: string;
  summary: string;
  series: readonly ChartSeries[];
  rows: readonly ChartRow[];
  format: ValueFormat;
  labelHeader: string;
  /** Show the table open beside the chart instead of behind "show the numbers". */
  tableVisible?: boolean;
  /** A table of one's own (with extra columns) instead of the generated one. */
  table?: ReactNode;
}

/**
 * True after the first render in the browser. The SVG is drawn only then: recharts' generated ids
 * and measured sizes differ between server and browser, and the server page already carries the
 * summary and the table (so it is complete without JavaScript).
 */
function Figure({ id, title, summary, series, rows, format, labelHeader, tableVisible, table, children }: FigureProps & { children: ReactNode }) {
  const { t } = useT();
  const hydrated = useHydrated();
  const tableNode = table ?? <ChartTable id={`${id}-table`} caption={title} labelHeader={labelHeader} series={series} rows={rows} format={format} />;
  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption>
        <h3 id={`${id}-title`}>{title}</h3>
        <p id={`${id}-summary`} className="chart-summary">
          {summary}
        </p>
      </figcaption>
      <div className={tableVisible ? 'chart-with-table' : undefined}>
        <div className="chart-canvas-wrap">
          {/* The fills' patterns, outside the chart (recharts drops unknown children); ids are document-wide. */}
          <svg className="chart-defs" width="0" height="0" aria-hidden="true" focusable="false">
            <ChartPatterns chartId={id} styles={series.map((s) => s.style)} />
          </svg>
          <div className="chart-canvas" role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-summary`}>
            {hydrated ? children : <div className="chart-placeholder" />}
          </div>
          <Legend chartId={id} series={series} />
        </div>
        {tableVisible ? (
          tableNode
        ) : (
          <details className="chart-details">
            <summary>{t('dashboard.chart.showTable')}</summary>
            {tableNode}
          </details>
        )}
      </div>
    </figure>
  );
}

/** Horizontal bars (labels on the left read well at 320 px), grouped or stacked. */
export function BarChartFigure(props: FigureProps & { stacked?: boolean }) {
  const { locale } = useT();
  const { id, series, rows, format, stacked } = props;
  const band = stacked ? 30 : Math.max(24, series.length * 12 + 10);
  const height = Math.max(160, rows.length * band + 50);
  const data = rows.map((r) => ({ label: r.label, ...r.values }));
  const tick = (v: number) => (format === 'money' ? formatMoneyCompact(v, locale) : String(v));
  return (
    <Figure {...props}>
      <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 640, height }}>
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 8 }} barCategoryGap={stacked ? '25%' : '15%'}>
          <CartesianGrid horizontal={false} stroke="#d0d0d0" />
          <XAxis type="number" tickFormatter={tick} stroke={OUTLINE} fontSize={12} allowDecimals={false} />
          <YAxis type="category" dataKey="label" width={90} stroke={OUTLINE} fontSize={12} interval={0} />
          <Tooltip formatter={(value: number, name: string) => [formatValue(value, format, locale), series.find((s) => s.key === name)?.label ?? name]} />
          {series.map((s, i) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.key}
              stackId={stacked ? 'stack' : undefined}
              fill={fillFor(id, i, s.style)}
              stroke={OUTLINE}
              strokeWidth={1}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </Figure>
  );
}

/** Lines over time; each series has its own dash pattern, with an optional limit line (the cap). */
export function LineChartFigure(props: FigureProps & { limit?: { value: number; label: string } }) {
  const { locale } = useT();
  const { series, rows, format, limit } = props;
  const data = rows.map((r) => ({ label: r.label, ...r.values }));
  const tick = (v: number) => (format === 'money' ? formatMoneyCompact(v, locale) : String(v));
  return (
    <Figure {...props}>
      <ResponsiveContainer width="100%" height={300} initialDimension={{ width: 640, height: 300 }}>
        <LineChart data={data} margin={{ top: 16, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid stroke="#d0d0d0" />
          <XAxis dataKey="label" stroke={OUTLINE} fontSize={12} />
          <YAxis tickFormatter={tick} stroke={OUTLINE} fontSize={12} width={80} />
          <Tooltip formatter={(value: number, name: string) => [formatValue(value, format, locale), series.find((s) => s.key === name)?.label ?? name]} />
          {limit ? (
            <ReferenceLine y={limit.value} ifOverflow="extendDomain" stroke={OUTLINE} strokeWidth={2} strokeDasharray="2 3" label={{ value: limit.label, position: 'insideTopLeft', fontSize: 12, fill: OUTLINE }} />
          ) : null}
          {series.map((s) => (
            <Line
              key={s.key}
              dataKey={s.key}
              name={s.key}
              type="linear"
              stroke={s.style.colour}
              strokeWidth={3}
              strokeDasharray={s.style.dash || undefined}
              dot={{ r: 4, strokeWidth: 2, fill: '#ffffff' }}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </Figure>
  );
}
