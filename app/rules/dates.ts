import { cachedFormatter, INTL_LOCALE, type Locale } from './locale';

/** YYYY-MM-DD that is a real calendar day between 2000 and 2100. */
export function isIsoDate(value: string) {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value && value >= '2000-01-01' && value <= '2100-12-31';
}

/** Today's date in the Netherlands as YYYY-MM-DD. */
export function todayInAmsterdam(now: Date = new Date()): string {
  return amsterdamDay.format(now);
}
const amsterdamDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' });

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** A calendar date ('2025-02-01' or a Date) as e.g. "1 februari 2025". */
export function formatDate(value: string | Date, locale: Locale = 'nl', style: 'long' | 'short' = 'long'): string {
  const date = typeof value === 'string' ? new Date(`${value.slice(0, 10)}T12:00:00Z`) : value;
  return cachedFormatter(dateFormats, `${locale}:${style}`, () =>
    new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: style, timeZone: 'Europe/Amsterdam' }),
  ).format(date);
}

/** A day of the year without the year, e.g. "1 februari" / "1 February". */
export function formatDayMonth(month: number, day: number, locale: Locale = 'nl'): string {
  return cachedFormatter(dateFormats, `${locale}:dm`, () => new Intl.DateTimeFormat(INTL_LOCALE[locale], { day: 'numeric', month: 'long', timeZone: 'UTC' })).format(
    new Date(Date.UTC(2001, month - 1, day)),
  );
}

export function formatDateTime(value: Date, locale: Locale = 'nl'): string {
  return cachedFormatter(dateFormats, `${locale}:dt`, () =>
    new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Amsterdam' }),
  ).format(value);
}

/** The time of day, e.g. "14:32" (autosave status). */
export function formatTime(value: Date, locale: Locale = 'nl'): string {
  return cachedFormatter(dateFormats, `${locale}:t`, () =>
    new Intl.DateTimeFormat(INTL_LOCALE[locale], { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Amsterdam' }),
  ).format(value);
}
