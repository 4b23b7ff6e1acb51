import type * as OnTheServer from './catalogue';
import type { Messages } from './catalogue';
import type { Locale } from '#app/rules/locale';

/**
 * The browser's ./catalogue.ts (vite.config.ts swaps it in for the client build only): each
 * language's UI text is a chunk of its own, built from app/i18n/messages/*.ts with only that
 * language in it, loaded when a page needs it. entry.client.tsx loads the page's language before
 * it hydrates, so the first render has the same words as the server's HTML.
 */
export const loadedMessages: typeof OnTheServer.loadedMessages = {};

const importers: Record<Locale, () => Promise<{ default: Messages }>> = {
  nl: () => import('virtual:i18n/messages.nl'),
  en: () => import('virtual:i18n/messages.en'),
};

const pending = new Map<Locale, Promise<Messages>>();

export const loadMessages: typeof OnTheServer.loadMessages = (locale) => {
  const loaded = loadedMessages[locale];
  if (loaded) return Promise.resolve(loaded);
  let loading = pending.get(locale);
  if (!loading) {
    loading = importers[locale]().then((module) => (loadedMessages[locale] = module.default));
    // A failed download (offline) may be tried again by the next page.
    loading.catch(() => pending.delete(locale));
    pending.set(locale, loading);
  }
  return loading;
};
