import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { en, nl, type TranslationKey } from './messages/index';

import { DEFAULT_LOCALE, INTL_LOCALE, type Locale } from '#app/rules/locale';

export { DEFAULT_LOCALE, INTL_LOCALE, isLocale, LOCALES, type Locale } from '#app/rules/locale';

const dictionaries: Record<Locale, Record<TranslationKey, string>> = { nl, en };

export type { TranslationKey };
type PluralBase = TranslationKey extends infer K ? (K extends `${infer B}_one` ? B : never) : never;
export type Params = Record<string, string | number>;


function interpolate(text: string, params?: Params) {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

export interface Translator {
  locale: Locale;
  t(key: TranslationKey, params?: Params): string;
  /** Plural form by count: picks `${base}_one` or `${base}_other` and passes `count` along. */
  tn(base: PluralBase, count: number, params?: Params): string;
}

export function createTranslator(locale: Locale): Translator {
  const dictionary = dictionaries[locale];
  const plural = new Intl.PluralRules(INTL_LOCALE[locale]);
  return {
    locale,
    t: (key, params) => interpolate(dictionary[key], params),
    tn: (base, count, params) => {
      const form = plural.select(count) === 'one' ? 'one' : 'other';
      return interpolate(dictionary[`${base}_${form}` as TranslationKey], { ...params, count });
    },
  };
}

const I18nContext = createContext<Translator>(createTranslator(DEFAULT_LOCALE));

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  const translator = useMemo(() => createTranslator(locale), [locale]);
  return <I18nContext.Provider value={translator}>{children}</I18nContext.Provider>;
}

/** The translator of the current page's language. */
export function useT(): Translator {
  return useContext(I18nContext);
}
