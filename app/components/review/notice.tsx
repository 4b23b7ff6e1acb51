import type { Translator, TranslationKey } from '#app/i18n/index';

type Param = string | number | { key: TranslationKey; params?: Record<string, Param> };

/** Translates a server notice (a key whose parameters may be keys themselves) in the page's language. */
export function renderNotice(tr: Translator, notice: { key: TranslationKey; params?: Record<string, Param> }): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(notice.params ?? {})) {
    params[name] = typeof value === 'object' ? renderNotice(tr, value) : value;
  }
  return tr.t(notice.key, params);
}
