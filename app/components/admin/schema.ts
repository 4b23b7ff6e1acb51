import { z } from 'zod';
import { requiredMoney } from '#app/components/form/schema';
import { isIsoDate } from '#app/rules/dates';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '#app/rules/limits';
import type { Locale } from '#app/rules/locale';
import { parseWhole } from '#app/rules/numbers';

/**
 * Schema pieces of the administration, account and sign-in forms (browser and server). Every
 * message is a translation key. A refinement that compares two fields must hold back while one of
 * them is itself wrong (zod still runs it then), so it never adds a second, misleading message.
 */

/** A whole number from `min` to `max` (a year, a month, a day) in the page's language; one message for every problem. */
export function wholeBetween(locale: Locale, min: number, max: number, message: string) {
  return z.string({ required_error: message, invalid_type_error: message }).transform((value, ctx) => {
    const result = parseWhole(value, locale, max, { empty: message, negative: message, notWhole: message, tooLarge: message });
    if (!result.ok || result.value < min) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message });
      return z.NEVER;
    }
    return result.value;
  });
}

/**
 * An amount of euros → cents, read by app/rules/numbers (with its messages), that must lie between
 * `min` and `max` cents (`message` otherwise): a cap above zero, an hourly rate.
 */
export const moneyBetween = (locale: Locale, min: number, max: number, message: string) =>
  requiredMoney(locale).refine((cents) => typeof cents !== 'number' || (cents >= min && cents <= max), message);

/** For an object refinement: `a` is not after `b`, judged only when both are real days. */
export const datesInOrder = (a: unknown, b: unknown) => !(typeof a === 'string' && typeof b === 'string' && isIsoDate(a) && isIsoDate(b)) || a <= b;

/** For an object refinement: `a` ≤ `b`, judged only when both numbers were read. */
export const numbersInOrder = (a: unknown, b: unknown) => typeof a !== 'number' || typeof b !== 'number' || a <= b;

/** A select whose options are record ids: a uuid, else `message` (also when nothing was sent). */
export const recordId = (message: string) => z.string({ required_error: message, invalid_type_error: message }).uuid(message);

/** A hidden or optional text that is not the user's to type (ids, return paths). */
export const hiddenText = z.string({ invalid_type_error: 'errors.admin.unknownAction' }).optional();

/** A new password: no composition rules and no trimming, taken exactly as typed or pasted. */
export const newPassword = z
  .string({ required_error: 'errors.admin.password.required', invalid_type_error: 'errors.admin.password.required' })
  .min(1, 'errors.admin.password.required')
  .min(PASSWORD_MIN_LENGTH, 'errors.admin.password.tooShort')
  .max(PASSWORD_MAX_LENGTH, 'errors.admin.password.tooLong');

/** The repetition of a new password (compared with `samePassword`). */
export const confirmPassword = z.string({ required_error: 'errors.admin.confirm.required', invalid_type_error: 'errors.admin.confirm.required' }).min(1, 'errors.admin.confirm.required');

/** A form with a new password (`field`) and its repetition `confirm`, which must be the same. */
export function withConfirmation<S extends z.ZodRawShape & { confirm: typeof confirmPassword }>(shape: S, field: keyof S & string) {
  return z
    .object(shape)
    .refine((v) => (v as Record<string, unknown>)[field] === (v as Record<string, unknown>).confirm, { path: ['confirm'], message: 'errors.admin.confirm.mismatch' });
}

/** A six-digit code from an authenticator app; spaces (as apps show it: "123 456") are ignored. */
export const mfaCode = z
  .string({ required_error: 'errors.security.mfa.code.required', invalid_type_error: 'errors.security.mfa.code.required' })
  .transform((v) => v.replace(/\s+/g, ''))
  .pipe(z.string().min(1, 'errors.security.mfa.code.required').regex(/^\d{6}$/, 'errors.security.mfa.code.invalid'));
