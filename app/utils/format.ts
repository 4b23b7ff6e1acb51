import { INTL_LOCALE, type Locale } from '#app/i18n/index';

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** Formats integer euro cents as money in the UI language (nl: € 1.234,56). */
export function formatMoney(cents: number, locale: Locale = 'nl'): string {
  let format = moneyFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(INTL_LOCALE[locale], { style: 'currency', currency: 'EUR' });
    moneyFormats.set(locale, format);
  }
  // Passed as a decimal string, so no float is ever involved (Intl formats strings exactly).
  return format.format(centsToDecimalString(cents) as unknown as number);
}

/** 123456 → "1234.56"; -5 → "-0.05". Exact for every safe integer. */
export function centsToDecimalString(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not a whole number of cents: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Formats a calendar date ('2025-02-01' or a Date) as e.g. "1 februari 2025". */
export function formatDate(value: string | Date, locale: Locale = 'nl', style: 'long' | 'short' = 'long'): string {
  const date = typeof value === 'string' ? new Date(`${value.slice(0, 10)}T12:00:00Z`) : value;
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    dateStyle: style === 'long' ? 'long' : 'short',
    timeZone: 'Europe/Amsterdam',
  }).format(date);
}

/** A day of the year without the year, e.g. "1 februari" / "1 February". */
export function formatDayMonth(month: number, day: number, locale: Locale = 'nl'): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { day: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2001, month - 1, day)),
  );
}

export function formatDateTime(value: Date, locale: Locale = 'nl'): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Amsterdam',
  }).format(value);
}

/** Today's date in the Netherlands as YYYY-MM-DD. */
export function todayInAmsterdam(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(now);
}
