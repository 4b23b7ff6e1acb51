/** A chart's data and the display of its values, shared by ./figures.tsx and ./canvas.tsx. */
import { INTL_LOCALE, type Locale } from '#app/i18n/index';
import { cachedFormatter } from '#app/rules/locale';
import { formatMoney, formatNumber } from '#app/rules/numbers';
import type { SeriesStyle } from './palette';

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

const chartFormats = new Map<string, Intl.NumberFormat>();

/** Axis ticks: € 12 mln (nl) / €12M (en). Display only; exact amounts are in the table. */
export function formatMoneyCompact(cents: number, locale: Locale) {
  return cachedFormatter(chartFormats, `${locale}:compact`, () =>
    new Intl.NumberFormat(INTL_LOCALE[locale], { style: 'currency', currency: 'EUR', notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 }),
  ).format(cents / 100);
}

/** A part of a whole as an unsigned percentage to one decimal (nl "12,5%", en "12.5%"); "—" without a whole. */
export function formatPercent(part: number, whole: number, locale: Locale) {
  if (whole === 0) return '—';
  return cachedFormatter(chartFormats, `${locale}:pct1`, () => new Intl.NumberFormat(INTL_LOCALE[locale], { style: 'percent', maximumFractionDigits: 1 })).format(
    part / whole,
  );
}

export function formatValue(value: number, format: ValueFormat, locale: Locale) {
  return format === 'money' ? formatMoney(value, locale) : formatNumber(value, locale);
}
