import { DEFAULT_LOCALE, isLocale, type Locale } from '#app/i18n/index';
import type { Principal } from './permissions.server';

export const LOCALE_COOKIE = 'lang';

function cookieLocale(request: Request): Locale | null {
  const match = /(?:^|;\s*)lang=(nl|en)(?:;|$)/.exec(request.headers.get('cookie') ?? '');
  return match && isLocale(match[1]) ? match[1] : null;
}

/** The page language: the cookie set by the switch, else the signed-in user's choice, else Dutch. */
export function resolveLocale(request: Request, principal: Principal | null): Locale {
  return cookieLocale(request) ?? principal?.user.locale ?? DEFAULT_LOCALE;
}

export function localeCookie(locale: Locale, secure: boolean) {
  return `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax${secure ? '; Secure' : ''}`;
}
