import { Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useHydrated } from '#app/components/use-hydrated';
import { DataTable } from '#app/components/table';
import { useT } from '#app/i18n/index';
import { BarCanvas, LineCanvas } from './canvas';
import { formatValue, type ChartRow, type ChartSeries, type ValueFormat } from './format';
import { ChartPatterns, Swatch } from './palette';

/**
 * Charts people can read: every chart is a <figure> with a heading (its accessible name), a short
 * text summary of what it shows, a legend in HTML with the same fills, and its numbers in a table
 * (visible, or one click away in <details>). The SVG itself is one image named by the heading and
 * described by the summary; screen-reader users get the table.
 *
 * The SVG is drawn by ./canvas.tsx in plain React (ADR 011), in the browser after hydration: the
 * server page already carries the summary and the table, so it is complete without JavaScript, and
 * the drawings (a few hundred elements on the programme dashboard) do not weigh on its HTML or on
 * the server's rendering time.
 */

export { formatMoneyCompact, formatPercent, formatValue, type ChartRow, type ChartSeries, type ValueFormat } from './format';

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
          {/* The fills' patterns, shared by the chart and its legend; ids are document-wide. */}
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
  const { id, series, rows, format, stacked } = props;
  return (
    <Figure {...props}>
      <BarCanvas id={id} series={series} rows={rows} format={format} stacked={stacked} />
    </Figure>
  );
}

/** Lines over time; each series has its own dash pattern, with an optional limit line (the cap). */
export function LineChartFigure(props: FigureProps & { limit?: { value: number; label: string } }) {
  const { id, series, rows, format, limit } = props;
  return (
    <Figure {...props}>
      <LineCanvas id={id} series={series} rows={rows} format={format} limit={limit} />
    </Figure>
  );
}
