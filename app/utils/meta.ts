import type { MetaDescriptor } from '@remix-run/node';
import { createTranslator, DEFAULT_LOCALE, isLocale, type Translator } from '#app/i18n/index';

type Matches = ReadonlyArray<{ id: string; data: unknown } | undefined>;

/** The translator for the page's language, from the root loader's data (meta has no React context). */
export function metaTranslator(matches: Matches): Translator {
  const root = matches.find((m) => m?.id === 'root')?.data as { locale?: unknown } | undefined;
  return createTranslator(isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE);
}

/** "<page> – IPCEI-voortgangsportaal", with "Fout: " in front when the page shows form errors. */
export function pageTitle(matches: Matches, title: (tr: Translator) => string, hasErrors = false): MetaDescriptor[] {
  const tr = metaTranslator(matches);
  return [{ title: `${hasErrors ? tr.t('errors.titlePrefix') : ''}${title(tr)} – ${tr.t('app.name')}` }];
}
