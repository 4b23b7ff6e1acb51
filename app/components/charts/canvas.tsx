import { Bar, BarChart, CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useT } from '#app/i18n/index';
import { formatMoneyCompact, formatValue, type ChartRow, type ChartSeries, type ValueFormat } from './figures';
import { fillFor, OUTLINE } from './palette';

/**
 * The charts' SVG, drawn by recharts: the only module that imports recharts, loaded by
 * ./figures.tsx on first use (React.lazy) after the page has hydrated, so recharts is a chunk of
 * its own that only pages with a chart fetch. The figure around it (heading, summary, legend,
 * table) is ./figures.tsx.
 */

interface CanvasProps {
  id: string;
  series: readonly ChartSeries[];
  rows: readonly ChartRow[];
  format: ValueFormat;
}

/** Horizontal bars (labels on the left read well at 320 px), grouped or stacked. */
export function BarCanvas({ id, series, rows, format, stacked }: CanvasProps & { stacked?: boolean }) {
  const { locale } = useT();
  const band = stacked ? 30 : Math.max(24, series.length * 12 + 10);
  const height = Math.max(160, rows.length * band + 50);
  const data = rows.map((r) => ({ label: r.label, ...r.values }));
  const tick = (v: number) => (format === 'money' ? formatMoneyCompact(v, locale) : String(v));
  return (
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
  );
}

/** Lines over time; each series has its own dash pattern, with an optional limit line (the cap). */
export function LineCanvas({ series, rows, format, limit }: CanvasProps & { limit?: { value: number; label: string } }) {
  const { locale } = useT();
  const data = rows.map((r) => ({ label: r.label, ...r.values }));
  const tick = (v: number) => (format === 'money' ? formatMoneyCompact(v, locale) : String(v));
  return (
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
  );
}
