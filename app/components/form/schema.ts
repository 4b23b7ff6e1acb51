import { z } from 'zod';
import { isIsoDate } from '#app/rules/dates';
import type { Locale } from '#app/rules/locale';
import { parseMoney, parseTenths, parseWhole } from '#app/rules/numbers';

/**
 * Building blocks of form schemas. Every message is a translation key (test/form-messages.test.ts
 * fails on one that is not), and the number fields read through the one parser of app/rules/numbers
 * in the page's language — so a schema that takes numbers is made per language: `schema(locale)`.
 */

/** A checkbox: "on" (or true) when ticked, absent otherwise; anything else is "not ticked". */
export const checkbox = z.unknown().transform((v) => v === true || v === 'on' || v === 'true');

/**
 * A list of rows (`lines.0.amount`, `lines.1.amount` …): at most `max` rows of `shape`, none when
 * absent. A field sent where a list belongs, or a row that is not a row, is refused with a message.
 */
export function rows<T extends z.ZodRawShape>(shape: T, max: number) {
  return z
    .array(z.object(shape, { invalid_type_error: 'errors.form.invalidValue' }), { invalid_type_error: 'errors.form.invalidValue' })
    .max(max, 'errors.report.tooManyRows')
    .default([]);
}

/** A group of named fields (`explanations.total`), every one optional. */
export function group<T extends z.ZodRawShape>(shape: T) {
  const object = z.object(shape, { invalid_type_error: 'errors.form.invalidValue' }).partial();
  return object.default({} as z.input<typeof object>);
}

/**
 * Control characters other than tab, line feed and carriage return (C0, DEL and C1). No free-text
 * field takes them: they are invisible, break exports, and PostgreSQL refuses NUL in text.
 */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// eslint-disable-next-line no-control-regex
const NO_CONTROL_CHARACTER = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$/;
export const CONTROL_CHARACTER_MESSAGE = 'errors.form.controlCharacter' as const;

/** The largest value of an `integer` column (versions, counters). */
export const INT4_MAX = 2_147_483_647;

/**
 * The optimistic-locking version a form was based on (hidden field): digits only (no sign,
 * exponent, hex or spaces), at most an `integer` column's maximum — else the version message.
 */
export const version = z
  .union([z.string(), z.number()], { errorMap: () => ({ message: 'errors.report.version' }) })
  .transform((v) => (typeof v === 'number' ? v : /^[0-9]{1,10}$/.test(v) ? Number(v) : NaN))
  .pipe(z.number({ invalid_type_error: 'errors.report.version' }).int('errors.report.version').min(0, 'errors.report.version').max(INT4_MAX, 'errors.report.version'));

/** A string without control characters (tab and newlines allowed): the base of every free-text field. */
const plain = (params: { required_error?: string; invalid_type_error: string }) => z.string(params).regex(NO_CONTROL_CHARACTER, CONTROL_CHARACTER_MESSAGE);

/** Trimmed text of at most `max` characters; '' when left empty. */
export const text = (max: number, tooLong: string) => plain({ invalid_type_error: tooLong }).trim().max(max, tooLong).default('');

/** Required trimmed text. */
export const requiredText = (max: number, required: string, tooLong = required) =>
  plain({ required_error: required, invalid_type_error: required }).trim().min(1, required).max(max, tooLong);

/** YYYY-MM-DD of a real day; '' means none. */
export const optionalDate = (message = 'errors.report.date.invalid') =>
  z
    .string({ invalid_type_error: message })
    .trim()
    .default('')
    .refine((v) => v === '' || isIsoDate(v), message);

/** A required YYYY-MM-DD of a real day. */
export const requiredDate = (required: string, invalid = required) =>
  z
    .string({ required_error: required, invalid_type_error: required })
    .trim()
    .min(1, required)
    .refine((v) => isIsoDate(v), invalid);

export const uuid = (message = 'errors.report.unknownItem') => z.string({ required_error: message, invalid_type_error: message }).uuid(message);

/** A select with a blank first option: '' (nothing chosen yet) or one of the values, else `message`. */
export function choice<const T extends readonly [string, ...string[]]>(values: T, message: string) {
  return z
    .string({ invalid_type_error: message })
    .default('')
    .refine((v): v is '' | T[number] => v === '' || values.includes(v), message) as unknown as z.ZodType<'' | T[number], z.ZodTypeDef, string | undefined>;
}

/** A required choice of one of the values. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T, message: string) {
  return z.enum(values, { errorMap: () => ({ message }) });
}

/** An amount of euros in the page's language → integer cents (null when optional and empty). */
export function money(locale: Locale, options: { optional?: boolean } = {}) {
  return z.string({ required_error: 'errors.report.money.required', invalid_type_error: 'errors.report.money.notANumber' }).transform((value, ctx): number | null => {
    if (options.optional && value.trim() === '') return null;
    const result = parseMoney(value, locale);
    if (!result.ok) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: result.error });
      return z.NEVER;
    }
    return result.cents;
  });
}

/** A required amount of euros → cents (never null). */
export const requiredMoney = (locale: Locale) => money(locale).transform((v) => v ?? 0);

/** A whole count (indicators, reach) of at most `max`. */
export function count(locale: Locale, max: number, messages: { empty: string; negative: string; notWhole: string; tooLarge: string }) {
  return z.string({ required_error: messages.empty, invalid_type_error: messages.notWhole }).transform((value, ctx) => {
    const result = parseWhole(value, locale, max, messages);
    if (!result.ok) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: result.error });
      return z.NEVER;
    }
    return result.value;
  });
}

/** A number with at most one decimal (FTE) → tenths. */
export function tenths(locale: Locale, max: number, messages: { empty: string; negative: string; format: string; tooLarge: string }) {
  return z.string({ required_error: messages.empty, invalid_type_error: messages.format }).transform((value, ctx) => {
    const result = parseTenths(value, locale, max);
    if (!result.ok) {
      const message = result.problem === 'empty' ? messages.empty : result.problem === 'negative' ? messages.negative : result.problem === 'tooLarge' ? messages.tooLarge : messages.format;
      ctx.addIssue({ code: z.ZodIssueCode.custom, message });
      return z.NEVER;
    }
    return result.tenths;
  });
}
