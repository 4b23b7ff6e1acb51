import { isTranslationKey, type TranslationKey } from '#app/i18n/index';

/**
 * A refusal thrown by a loader or action (`{ messageKey }` JSON: 409 not editable, 413 too large,
 * 415 not a form…), as the translation key that says it in words; null for anything else.
 */
export function refusalMessage(error: unknown): TranslationKey | null {
  if (error && typeof error === 'object' && 'data' in error) {
    let data = (error as { data: unknown }).data;
    if (typeof data === 'string') {
      try {
        data = JSON.parse(data);
      } catch {
        return null;
      }
    }
    const key = (data as { messageKey?: unknown } | null)?.messageKey;
    if (isTranslationKey(key)) return key;
  }
  return null;
}
