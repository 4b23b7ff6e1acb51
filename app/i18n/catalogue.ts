import { en, nl, type TranslationKey } from './messages/index';
import type { Locale } from '#app/rules/locale';

/** One language's UI text. */
export type Messages = Record<TranslationKey, string>;

/**
 * The UI text of each language, as this process has it. On the server (and in tests and scripts)
 * both languages, with the module. The browser build uses ./catalogue.browser.ts in its place
 * (vite.config.ts, plugin `i18n-messages-per-language`): there a page loads only its own language.
 */
export const loadedMessages: Partial<Record<Locale, Messages>> = { nl, en };

/** A language's UI text, once it is there (here: at once). */
export function loadMessages(locale: Locale): Promise<Messages> {
  return Promise.resolve(loadedMessages[locale] as Messages);
}
