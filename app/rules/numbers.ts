import { cachedFormatter, INTL_LOCALE, type Locale } from './locale';
import { MONEY_MAX_CENTS } from './limits';

/**
 * Numbers people type — money, hours, counts, FTE — read in the page's language, and written back
 * the same way. One reader for every form (cost parts, payments, the administrator's partner,
 * budget and programme forms, spreadsheet imports), so the same text gives the same answer
 * everywhere, and never through a float.
 *
 * Dutch (`nl`): points group thousands, a comma starts the decimals — `1.234,56`, `€ 1.234`.
 * English (`en`): the mirror image — `1,234.56`, `€1,234`.
 * Refused, each with its own message:
 * - the other language's notation (`1,234.56` on a Dutch page, `1.234,56` on an English one);
 * - what could be read both ways: a group separator not followed by groups of three digits
 *   (`1.23` in Dutch, `1,23` in English), or exactly three digits after a lone decimal separator
 *   (`1,234` in Dutch, `1.234` in English);
 * - negatives, anything that is not a number, too many decimals, too large.
 */

interface Notation {
  group: string;
  decimal: string;
}
const NOTATION: Record<Locale, Notation> = { nl: { group: '.', decimal: ',' }, en: { group: ',', decimal: '.' } };

export type NumberProblem = 'empty' | 'negative' | 'notANumber' | 'ambiguous' | 'otherNotation' | 'tooLarge';
type Read = { ok: true; whole: string; fraction: string; hasDecimal: boolean } | { ok: false; problem: NumberProblem };

const SPACES = /[\s\u00a0\u202f]/g;
const escape = (c: string) => (c === '.' ? '\\.' : c);

/** The digits of a non-negative decimal number in the page's notation, or why it cannot be read. */
export function readNumber(input: string, locale: Locale): Read {
  const { group, decimal } = NOTATION[locale];
  const text = input.replace(SPACES, '');
  if (text === '') return { ok: false, problem: 'empty' };
  if (/^[-−–]/.test(text)) return { ok: false, problem: 'negative' };
  if (text.length > 24) return { ok: false, problem: 'tooLarge' };
  if (!/^[0-9.,]+$/.test(text) || !/[0-9]/.test(text)) return { ok: false, problem: 'notANumber' };
  const groups = new RegExp(`^[0-9]{1,3}(${escape(group)}[0-9]{3})+$`);
  const d = text.indexOf(decimal);
  const hasGroup = text.includes(group);
  let whole: string;
  let fraction = '';
  if (d >= 0 && hasGroup) {
    // Both: the groups must all come before the one decimal separator.
    if (text.lastIndexOf(group) > d || text.indexOf(decimal, d + 1) >= 0) return { ok: false, problem: 'otherNotation' };
    const intPart = text.slice(0, d);
    if (!groups.test(intPart)) return { ok: false, problem: 'ambiguous' };
    whole = intPart.split(group).join('');
    fraction = text.slice(d + 1);
  } else if (d >= 0) {
    // Two or more decimal separators: the other language's thousands (1,234,567 on a Dutch page).
    if (text.indexOf(decimal, d + 1) >= 0) return { ok: false, problem: 'otherNotation' };
    whole = text.slice(0, d);
    fraction = text.slice(d + 1);
    if (fraction.length === 3) return { ok: false, problem: 'ambiguous' };
  } else if (hasGroup) {
    if (!groups.test(text)) return { ok: false, problem: 'ambiguous' };
    whole = text.split(group).join('');
  } else {
    whole = text;
  }
  if (d >= 0 && fraction === '') return { ok: false, problem: 'notANumber' }; // "12,"
  if (!/^[0-9]*$/.test(whole) || !/^[0-9]*$/.test(fraction)) return { ok: false, problem: 'notANumber' };
  whole = whole.replace(/^0+(?=[0-9])/, '') || '0';
  return { ok: true, whole, fraction, hasDecimal: d >= 0 };
}

// --- Money --------------------------------------------------------------------------------------------

export type MoneyError =
  | 'errors.report.money.required'
  | 'errors.report.money.notANumber'
  | 'errors.report.money.negative'
  | 'errors.report.money.ambiguous'
  | 'errors.report.money.englishNotation'
  | 'errors.report.money.dutchNotation'
  | 'errors.report.money.tooManyDecimals'
  | 'errors.report.money.tooLarge';

export type MoneyResult = { ok: true; cents: number } | { ok: false; error: MoneyError };

const MONEY_ERRORS: Record<NumberProblem, MoneyError> = {
  empty: 'errors.report.money.required',
  negative: 'errors.report.money.negative',
  notANumber: 'errors.report.money.notANumber',
  ambiguous: 'errors.report.money.ambiguous',
  otherNotation: 'errors.report.money.englishNotation',
  tooLarge: 'errors.report.money.tooLarge',
};

/** A typed amount of euros → integer cents (`€ 1.234,56` → 123456 on a Dutch page). */
export function parseMoney(input: string, locale: Locale = 'nl'): MoneyResult {
  const text = input.replace(SPACES, '').replace(/^(€|eur(o)?)/i, '');
  if (/^€?[-−–]/.test(input.trim())) return { ok: false, error: 'errors.report.money.negative' };
  const read = readNumber(text, locale);
  if (!read.ok) {
    const error = read.problem === 'otherNotation' && locale === 'en' ? 'errors.report.money.dutchNotation' : MONEY_ERRORS[read.problem];
    return { ok: false, error };
  }
  if (read.fraction.length > 2) return { ok: false, error: 'errors.report.money.tooManyDecimals' };
  if (read.whole.length > 9) return { ok: false, error: 'errors.report.money.tooLarge' };
  const cents = Number(read.whole) * 100 + Number(read.fraction.padEnd(2, '0'));
  if (cents > MONEY_MAX_CENTS) return { ok: false, error: 'errors.report.money.tooLarge' };
  return { ok: true, cents };
}

/**
 * A spreadsheet's number cell (already a number, so no notation to read) → cents. Rounded to the
 * cent through its decimal text, not by multiplying the float.
 */
export function moneyFromNumber(value: number): MoneyResult {
  if (!Number.isFinite(value)) return { ok: false, error: 'errors.report.money.notANumber' };
  if (value < 0) return { ok: false, error: 'errors.report.money.negative' };
  const [whole = '0', fraction = ''] = value.toFixed(2).split('.');
  if (whole.length > 9) return { ok: false, error: 'errors.report.money.tooLarge' };
  return { ok: true, cents: Number(whole) * 100 + Number(fraction) };
}

// --- Hours, counts, FTE -----------------------------------------------------------------------------------

export type WholeResult<E extends string> = { ok: true; value: number } | { ok: false; error: E };

/**
 * A whole number such as hours or a count (`1.720` on a Dutch page is 1720; `12.5` or `12,5` is
 * not whole and is refused rather than read as 125). `errors` names the message of each problem.
 */
export function parseWhole<E extends string>(
  input: string,
  locale: Locale,
  max: number,
  errors: { empty: E; negative: E; notWhole: E; tooLarge: E },
): WholeResult<E> {
  const read = readNumber(input, locale);
  if (!read.ok) {
    if (read.problem === 'empty') return { ok: false, error: errors.empty };
    if (read.problem === 'negative') return { ok: false, error: errors.negative };
    if (read.problem === 'tooLarge') return { ok: false, error: errors.tooLarge };
    return { ok: false, error: errors.notWhole };
  }
  if (read.hasDecimal) return { ok: false, error: errors.notWhole };
  if (read.whole.length > 15 || Number(read.whole) > max) return { ok: false, error: errors.tooLarge };
  return { ok: true, value: Number(read.whole) };
}

export type HoursError =
  | 'errors.report.costs.hoursRequired'
  | 'errors.report.costs.hoursNegative'
  | 'errors.report.costs.hoursNotANumber'
  | 'errors.report.costs.hoursAmbiguous'
  | 'errors.report.costs.hoursEnglishNotation'
  | 'errors.report.costs.hoursDutchNotation'
  | 'errors.report.costs.hoursTooManyDecimals'
  | 'errors.report.costs.hoursTooMany';

export type HoursResult = { ok: true; hundredths: number } | { ok: false; error: HoursError };

/**
 * The hours of a personnel line, with the same notation rules as money: `12,5` is twelve and a
 * half on a Dutch page, `12.5` and `1.2.3` are refused as ambiguous (not read as 125 or 123), at
 * most two decimals. → whole hundredths (12,5 → 1250). `maxHours` is the ceiling per person.
 */
export function parseHours(input: string, locale: Locale, maxHours: number): HoursResult {
  const read = readNumber(input, locale);
  if (!read.ok) {
    const errors: Record<NumberProblem, HoursError> = {
      empty: 'errors.report.costs.hoursRequired',
      negative: 'errors.report.costs.hoursNegative',
      notANumber: 'errors.report.costs.hoursNotANumber',
      ambiguous: 'errors.report.costs.hoursAmbiguous',
      otherNotation: locale === 'nl' ? 'errors.report.costs.hoursEnglishNotation' : 'errors.report.costs.hoursDutchNotation',
      tooLarge: 'errors.report.costs.hoursTooMany',
    };
    return { ok: false, error: errors[read.problem] };
  }
  if (read.fraction.length > 2) return { ok: false, error: 'errors.report.costs.hoursTooManyDecimals' };
  if (read.whole.length > 6) return { ok: false, error: 'errors.report.costs.hoursTooMany' };
  const hundredths = Number(read.whole) * 100 + Number(read.fraction.padEnd(2, '0'));
  if (hundredths > maxHours * 100) return { ok: false, error: 'errors.report.costs.hoursTooMany' };
  return { ok: true, hundredths };
}

/** A number with at most one decimal (FTE) → tenths: `12,5` → 125 on a Dutch page. */
export function parseTenths(input: string, locale: Locale, max: number): { ok: true; tenths: number } | { ok: false; problem: NumberProblem | 'tooManyDecimals' } {
  const read = readNumber(input, locale);
  if (!read.ok) return read;
  if (read.fraction.length > 1) return { ok: false, problem: 'tooManyDecimals' };
  if (read.whole.length > 12) return { ok: false, problem: 'tooLarge' };
  const tenths = Number(read.whole) * 10 + Number(read.fraction || '0');
  if (tenths > max) return { ok: false, problem: 'tooLarge' };
  return { ok: true, tenths };
}

// --- Writing numbers ------------------------------------------------------------------------------------------

const groupWhole = (digits: string, group: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, group);

/** 123456 → "1234.56" (a dot, no grouping: for JSON and machine formats); -5 → "-0.05". */
export function centsToDecimalString(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not a whole number of cents: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Cents as the input field shows them again, which `parseMoney` reads back: nl "1.234,56", en "1,234.56". */
export function formatMoneyInput(cents: number, locale: Locale = 'nl'): string {
  const { group, decimal } = NOTATION[locale];
  const [whole = '0', fraction = '00'] = centsToDecimalString(cents).split('.');
  return `${groupWhole(whole, group)}${decimal}${fraction}`;
}

/** Cents as a plain decimal in the language's notation, without grouping: nl "14000000,00" (CSV for Dutch Excel). */
export function formatDecimal(cents: number, locale: Locale): string {
  return centsToDecimalString(cents).replace('.', NOTATION[locale].decimal);
}

const moneyFormats = new Map<string, Intl.NumberFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

/** Integer euro cents as money in the UI language (nl "€ 1.234,56", en "€1,234.56"). */
export function formatMoney(cents: number, locale: Locale = 'nl'): string {
  const format = cachedFormatter(moneyFormats, locale, () => new Intl.NumberFormat(INTL_LOCALE[locale], { style: 'currency', currency: 'EUR' }));
  // Passed as a decimal string, so no float is ever involved (Intl formats strings exactly).
  return format.format(centsToDecimalString(cents) as unknown as number);
}

/** A whole number with the language's grouping (nl "1.720", en "1,720"). */
export function formatNumber(value: number, locale: Locale = 'nl'): string {
  return cachedFormatter(numberFormats, `${locale}:0`, () => new Intl.NumberFormat(INTL_LOCALE[locale])).format(value);
}

/** Tenths (FTE) with one decimal (nl "12,5", en "12.5"). */
export function formatTenths(tenths: number, locale: Locale = 'nl'): string {
  return cachedFormatter(numberFormats, `${locale}:1`, () => new Intl.NumberFormat(INTL_LOCALE[locale], { minimumFractionDigits: 1, maximumFractionDigits: 1 })).format(
    tenths / 10,
  );
}

/** Tenths as the FTE input field shows them again (nl "12,5", "3"), which `parseTenths` reads back. */
export function formatTenthsInput(tenths: number, locale: Locale = 'nl'): string {
  const whole = Math.trunc(tenths / 10);
  return tenths % 10 ? `${whole}${NOTATION[locale].decimal}${tenths % 10}` : String(whole);
}

/** Hours (as stored: at most two decimals) in the UI language (nl "1.720", "12,5"; en "12.5"). */
export function formatHours(hours: number, locale: Locale = 'nl'): string {
  return cachedFormatter(numberFormats, `${locale}:h`, () => new Intl.NumberFormat(INTL_LOCALE[locale], { maximumFractionDigits: 2 })).format(hours);
}

/** Hours as the input field shows them again (nl "1720", "12,5"), which `parseHours` reads back. */
export function formatHoursInput(hours: number, locale: Locale = 'nl'): string {
  const hundredths = Math.round(hours * 100);
  const fraction = String(hundredths % 100).padStart(2, '0').replace(/0+$/, '');
  return fraction ? `${Math.trunc(hundredths / 100)}${NOTATION[locale].decimal}${fraction}` : String(Math.trunc(hundredths / 100));
}

/**
 * A deviation share as a percentage with a sign (nl "+27 %", en "+27%", "+25,01 %" just above the
 * threshold, so that a flagged deviation never reads as exactly 25%); "—" without a budget.
 */
export function formatShare(share: number, locale: Locale = 'nl'): string {
  if (!Number.isFinite(share)) return '—';
  const format = cachedFormatter(numberFormats, `${locale}:pct`, () =>
    new Intl.NumberFormat(INTL_LOCALE[locale], { style: 'percent', maximumFractionDigits: 2, signDisplay: 'exceptZero' }),
  );
  return format.format(share);
}

/** Bytes as a readable size (nl "1,5 MB", en "1.5 MB"). */
export function formatBytes(bytes: number, locale: Locale = 'nl'): string {
  const units = ['B', 'kB', 'MB', 'GB'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const format = cachedFormatter(numberFormats, `${locale}:bytes`, () => new Intl.NumberFormat(INTL_LOCALE[locale], { maximumFractionDigits: 1 }));
  return `${format.format(value)} ${units[unit]}`;
}
