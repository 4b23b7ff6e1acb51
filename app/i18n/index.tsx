import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { loadedMessages, loadMessages, type Messages } from './catalogue';
import type { TranslationKey } from './messages/index';

import { DEFAULT_LOCALE, INTL_LOCALE, isLocale, LOCALES, type Locale } from '#app/rules/locale';

export { DEFAULT_LOCALE, INTL_LOCALE, isLocale, LOCALES, type Locale } from '#app/rules/locale';
export { loadMessages } from './catalogue';

export type { TranslationKey };
type PluralBase = TranslationKey extends infer K ? (K extends `${infer B}_one` ? B : never) : never;
export type Params = Record<string, string | number>;

function interpolate(text: string, params?: Params) {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

function messagesOf(locale: Locale): Messages {
  const messages = loadedMessages[locale];
  // The server has both languages; the browser loads the page's language before it renders.
  if (!messages) throw new Error(`the UI text of '${locale}' is not loaded (loadMessages('${locale}') first)`);
  return messages;
}

/** Whether the language's UI text is there (always on the server; in the browser once loaded). */
export function hasMessages(locale: Locale): boolean {
  return Boolean(loadedMessages[locale]);
}

/**
 * Whether a string (a schema's message, a refusal's messageKey) is a translation key. Both
 * languages have the same keys, so the loaded language answers for both.
 */
export function isTranslationKey(value: unknown): value is TranslationKey {
  if (typeof value !== 'string') return false;
  const messages = LOCALES.map((locale) => loadedMessages[locale]).find(Boolean);
  return messages ? Object.hasOwn(messages, value) : false;
}

/** The page's language as the server wrote it (`<html lang>`), for the browser's first render. */
export function documentLocale(doc: Document): Locale {
  const lang = doc.documentElement.lang;
  return isLocale(lang) ? lang : DEFAULT_LOCALE;
}

export interface Translator {
  locale: Locale;
  t(key: TranslationKey, params?: Params): string;
  /** Plural form by count: picks `${base}_one` or `${base}_other` and passes `count` along. */
  tn(base: PluralBase, count: number, params?: Params): string;
}

const translators = new Map<Locale, Translator>();

/** The translator of a language; one per language (with its plural rules), reused by every caller. */
export function createTranslator(locale: Locale): Translator {
  let translator = translators.get(locale);
  if (!translator) {
    const plural = new Intl.PluralRules(INTL_LOCALE[locale]);
    translator = {
      locale,
      t: (key, params) => interpolate(messagesOf(locale)[key], params),
      tn: (base, count, params) => {
        const form = plural.select(count) === 'one' ? 'one' : 'other';
        return interpolate(messagesOf(locale)[`${base}_${form}` as TranslationKey], { ...params, count });
      },
    };
    translators.set(locale, translator);
  }
  return translator;
}

const I18nContext = createContext<Translator>(createTranslator(DEFAULT_LOCALE));

/**
 * The page's language for everything inside. In the browser only the page's language is loaded:
 * after a navigation to another language (the language switch, signing in as a user with another
 * language) the words stay in the language that is there until the new one has loaded.
 */
export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  const ready = hasMessages(locale);
  const [shown, setShown] = useState<Locale>(locale);
  useEffect(() => {
    let current = true;
    if (ready) setShown(locale);
    else
      loadMessages(locale).then(
        () => current && setShown(locale),
        (error: unknown) => console.error(`could not load the UI text of '${locale}'`, error),
      );
    return () => {
      current = false;
    };
  }, [locale, ready]);
  const translator = createTranslator(ready ? locale : hasMessages(shown) ? shown : locale);
  return <I18nContext.Provider value={translator}>{children}</I18nContext.Provider>;
}

/** The translator of the current page's language. */
export function useT(): Translator {
  return useContext(I18nContext);
}
