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

/** The optimistic-locking version a form was based on (hidden field). */
export const version = z
  .union([z.string(), z.number()], { errorMap: () => ({ message: 'errors.report.version' }) })
  .transform((v) => (v === '' ? NaN : Number(v)))
  .pipe(z.number({ invalid_type_error: 'errors.report.version' }).int('errors.report.version').min(0, 'errors.report.version'));

/** Trimmed text of at most `max` characters; '' when left empty. */
export const text = (max: number, tooLong: string) => z.string({ invalid_type_error: tooLong }).trim().max(max, tooLong).default('');

/** Required trimmed text. */
export const requiredText = (max: number, required: string, tooLong = required) =>
  z.string({ required_error: required, invalid_type_error: required }).trim().min(1, required).max(max, tooLong);

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
