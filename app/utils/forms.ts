import type { z } from 'zod';
import type { TranslationKey } from '#app/i18n/index';
import type { FieldErrors } from '#app/components/forms';

/**
 * zod issues → { field: translation key }. Schemas put translation keys in their messages
 * ('errors.email.required'), so the browser and the server show the same words.
 */
export function issuesToFieldErrors(issues: readonly z.ZodIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const name = issue.path.join('.') || '_form';
    errors[name] ??= issue.message as TranslationKey;
  }
  return errors;
}

/** Validates submitted form data on the server with the same schema the browser used. */
export async function parseFormData<S extends z.ZodTypeAny>(
  formData: FormData,
  schema: S,
): Promise<{ ok: true; data: z.infer<S> } | { ok: false; errors: FieldErrors }> {
  const raw: Record<string, FormDataEntryValue> = {};
  for (const [key, value] of formData) raw[key] = value;
  const result = await schema.safeParseAsync(raw);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, errors: issuesToFieldErrors(result.error.issues) };
}
