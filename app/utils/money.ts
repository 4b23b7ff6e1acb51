import { z } from 'zod';

/**
 * Dutch money input → integer euro cents, without ever touching a float.
 *
 * Accepted: `1234`, `1234,5`, `1.234,56`, `€ 1.234`, `€1.234.567,00`, `0,05`.
 * Refused, each with its own message:
 * - `1.23`, `12.5`: a point followed by other than groups of three digits could be a decimal point
 *   (English) or a typo: ambiguous;
 * - `1,234.56`: English notation;
 * - `1,234`: exactly three digits after a single comma reads as an English thousands separator;
 * - `1,234` aside, more than two decimals; negatives; anything not a number; amounts of a billion
 *   euro or more (the database refuses them too: cost_lines_amount_ck).
 */
export const MONEY_MAX_CENTS = 100_000_000_000 - 1; // € 999.999.999,99

export type MoneyError =
  | 'errors.report.money.required'
  | 'errors.report.money.notANumber'
  | 'errors.report.money.negative'
  | 'errors.report.money.ambiguous'
  | 'errors.report.money.englishNotation'
  | 'errors.report.money.tooManyDecimals'
  | 'errors.report.money.tooLarge';

export type MoneyResult = { ok: true; cents: number } | { ok: false; error: MoneyError };

const fail = (error: MoneyError): MoneyResult => ({ ok: false, error });

export function parseMoney(input: string): MoneyResult {
  // Spaces of every kind (also the non-breaking ones Intl puts after €) and a leading € or EUR.
  let text = input.replace(/[\s\u00a0\u202f]/g, '');
  text = text.replace(/^(€|eur(o)?)/i, '');
  if (text === '') return fail('errors.report.money.required');
  if (/^[-−–]/.test(text) || /^€?[-−–]/.test(input.trim())) return fail('errors.report.money.negative');
  if (text.length > 24) return fail('errors.report.money.tooLarge');
  if (!/^[0-9.,]+$/.test(text) || !/[0-9]/.test(text)) return fail('errors.report.money.notANumber');

  const comma = text.indexOf(',');
  const point = text.indexOf('.');
  let whole: string;
  let fraction = '';
  if (comma >= 0 && point >= 0) {
    // Both: Dutch needs the points (thousands) before the one comma (decimals).
    if (point > comma || text.indexOf(',', comma + 1) >= 0) return fail('errors.report.money.englishNotation');
    const [intPart, decPart] = [text.slice(0, comma), text.slice(comma + 1)];
    if (!/^[0-9]{1,3}(\.[0-9]{3})+$/.test(intPart)) return fail('errors.report.money.ambiguous');
    whole = intPart.replace(/\./g, '');
    fraction = decPart;
  } else if (comma >= 0) {
    if (text.indexOf(',', comma + 1) >= 0) return fail('errors.report.money.englishNotation'); // 1,234,567
    whole = text.slice(0, comma);
    fraction = text.slice(comma + 1);
    if (fraction.length === 3) return fail('errors.report.money.ambiguous');
  } else if (point >= 0) {
    // Only points: fine as thousands separators (1.234 / 1.234.567), ambiguous otherwise (1.23).
    if (!/^[0-9]{1,3}(\.[0-9]{3})+$/.test(text)) return fail('errors.report.money.ambiguous');
    whole = text.replace(/\./g, '');
  } else {
    whole = text;
  }
  if (whole === '') whole = '0';
  if (!/^[0-9]+$/.test(whole) || !/^[0-9]*$/.test(fraction)) return fail('errors.report.money.notANumber');
  if (comma >= 0 && fraction === '') return fail('errors.report.money.notANumber'); // "12,"
  if (fraction.length > 2) return fail('errors.report.money.tooManyDecimals');
  const digits = whole.replace(/^0+(?=[0-9])/, '');
  if (digits.length > 9) return fail('errors.report.money.tooLarge');
  const cents = Number(digits) * 100 + Number(fraction.padEnd(2, '0'));
  if (cents > MONEY_MAX_CENTS) return fail('errors.report.money.tooLarge');
  return { ok: true, cents };
}

/** Cents → what the input field shows again: 123456 → "1.234,56" (no currency sign). */
export function formatMoneyInput(cents: number): string {
  const whole = Math.trunc(cents / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${whole},${String(cents % 100).padStart(2, '0')}`;
}

/** A zod field for a money input (string in, cents out), with the messages above. */
export function moneyField(options: { optional?: boolean } = {}) {
  return z.string({ required_error: 'errors.report.money.required' }).transform((value, ctx): number | null => {
    if (options.optional && value.trim() === '') return null;
    const result = parseMoney(value);
    if (!result.ok) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: result.error });
      return z.NEVER;
    }
    return result.cents;
  });
}
