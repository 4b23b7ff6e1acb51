import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react';
import { useEffect, type ReactNode } from 'react';
import { DEFAULT_LOCALE, I18nProvider, loadMessages, useT, type Locale } from '#app/i18n/index';
import { requestId } from '#app/utils/request.server';
import { refusalMessage } from '#app/components/refusal';
import { getDb } from '#db/client';
import { unreadCount } from '#app/models/notifications.server';
import { getConfig } from '#app/utils/config.server';
import { resolveLocale } from '#app/utils/locale.server';
import { DocumentTitle } from '#app/components/document-title';
import { SessionTimeout } from '#app/components/session-timeout';
import { useNonce } from '#app/utils/nonce';
import { can, requirePermission } from '#app/utils/permissions.server';
import tokensCss from '@nl-rvo/design-tokens/dist/index.css?url';
import appCss from '#app/styles/app.css?url';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: tokensCss },
  { rel: 'stylesheet', href: appCss },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const principal = await requirePermission(request, 'public');
  return {
    locale: resolveLocale(request, principal),
    user: principal
      ? {
          name: principal.user.name,
          isAdmin: can(principal, 'manage:programme:any'),
          canDashboard: can(principal, 'read:programme:any'),
          // The review inbox: reviewers, and EZ/administrators read-only.
          canReview: can(principal, 'read:project:any'),
          canExport: can(principal, 'export:summary:any'),
          // Read with the session in its one query; after a form post (which may have marked some
          // read) counted again.
          unreadNotifications:
            request.method === 'GET' && principal.unreadNotifications !== undefined ? principal.unreadNotifications : await unreadCount(getDb(), principal.user.id),
        }
      : null,
    demo: !getConfig().isProduction,
    /** The request id (also the X-Request-Id header): the reference an error page quotes to the helpdesk. */
    requestId: requestId(request),
  };
}

export function useRootData() {
  return useRouteLoaderData<typeof loader>('root');
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRootData();
  const locale: Locale = data?.locale ?? DEFAULT_LOCALE;
  const nonce = useNonce();
  // Marks the page as interactive once React has hydrated it (browser tests wait for this).
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true';
  }, []);
  return (
    <I18nProvider locale={locale}>
      <html lang={locale}>
        <head>
          <meta charSet="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <DocumentTitle />
          <Meta />
          <Links />
        </head>
        <body className="rvo-theme">
          <Page user={data?.user ?? null} demo={data?.demo ?? false}>
            {children}
          </Page>
          <ScrollRestoration nonce={nonce} />
          <Scripts nonce={nonce} />
        </body>
      </html>
    </I18nProvider>
  );
}

function Page({
  user,
  demo,
  children,
}: {
  user: { name: string; isAdmin?: boolean; canDashboard?: boolean; canReview?: boolean; canExport?: boolean; unreadNotifications?: number } | null;
  demo: boolean;
  children: ReactNode;
}) {
  const { t, locale } = useT();
  const other = locale === 'nl' ? 'en' : 'nl';
  const location = useLocation();
  const here = `${location.pathname}${location.search}`;
  return (
    <>
      <a className="skip-link" href="#inhoud">
        {t('layout.skipLink')}
      </a>
      <header className="site-header">
        <div className="logo-band">
          <Link to="/" className="logo">
            <span className="logo-emblem" aria-hidden="true" />
            <span className="logo-text">{t('app.organisation')}</span>
          </Link>
        </div>
        <div className="service-bar">
          <div className="container service-bar-inner">
            <Link to="/" className="service-name">
              {t('app.name')}
            </Link>
            <div className="header-tools">
              {/* The browser has only this page's language: fetch the other one while the switch is sent, so the page changes language at once. */}
              <Form method="post" action="/taal" className="inline-form" onSubmit={() => void loadMessages(other).catch(() => undefined)}>
                <input type="hidden" name="redirectTo" value={here} />
                <input type="hidden" name="locale" value={other} />
                <button type="submit" className="link-button" lang={other}>
                  {t('layout.switchTo')}
                </button>
              </Form>
              {user ? (
                <>
                  <span className="signed-in-as">{t('layout.signedInAs', { name: user.name })}</span>
                  <Form method="post" action="/uitloggen" className="inline-form">
                    <button type="submit" className="link-button">
                      {t('layout.signOut')}
                    </button>
                  </Form>
                </>
              ) : null}
            </div>
          </div>
        </div>
        {user ? (
          <nav className="main-nav" aria-label={t('layout.mainNav')}>
            <div className="container">
              <ul>
                <li>
                  <Link to="/programma" aria-current={location.pathname.startsWith('/programma') ? 'page' : undefined}>
                    {t('layout.nav.programme')}
                  </Link>
                </li>
                {user.canDashboard ? (
                  <li>
                    <Link to="/dashboard" aria-current={location.pathname.startsWith('/dashboard') ? 'page' : undefined}>
                      {t('dashboard.nav')}
                    </Link>
                  </li>
                ) : null}
                {user.canReview ? (
                  <li>
                    <Link to="/beoordelen" aria-current={location.pathname.startsWith('/beoordelen') ? 'page' : undefined}>
                      {t('review.nav.inbox')}
                    </Link>
                  </li>
                ) : null}
                {user.canExport ? (
                  <li>
                    <Link to="/exporten" aria-current={location.pathname.startsWith('/exporten') ? 'page' : undefined}>
                      {t('export.nav')}
                    </Link>
                  </li>
                ) : null}
                <li>
                  <Link
                    to="/meldingen"
                    aria-current={location.pathname === '/meldingen' ? 'page' : undefined}
                    aria-label={user.unreadNotifications ? t('review.nav.notificationsUnread', { count: user.unreadNotifications }) : undefined}
                  >
                    {t('review.nav.notifications')}
                    {user.unreadNotifications ? (
                      <span className="count-badge" aria-hidden="true">
                        {user.unreadNotifications}
                      </span>
                    ) : null}
                  </Link>
                </li>
                {user.isAdmin ? (
                  <li>
                    <Link to="/beheer/mail" aria-current={location.pathname === '/beheer/mail' ? 'page' : undefined}>
                      {t('review.nav.mail')}
                    </Link>
                  </li>
                ) : null}
                {user.isAdmin ? (
                  <li>
                    <Link
                      to="/beheer"
                      aria-current={location.pathname.startsWith('/beheer') && location.pathname !== '/beheer/mail' ? 'page' : undefined}
                    >
                      {t('admin.nav')}
                    </Link>
                  </li>
                ) : null}
                <li>
                  <Link to="/account" aria-current={location.pathname === '/account' ? 'page' : undefined}>
                    {t('admin.nav.account')}
                  </Link>
                </li>
              </ul>
            </div>
          </nav>
        ) : null}
      </header>
      {demo ? (
        <div className="demo-banner">
          <p className="container">{t('app.illustrative')}</p>
        </div>
      ) : null}
      {user ? <SessionTimeout /> : null}
      <main id="inhoud" className="container main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <div className="container">
          <h2 className="visually-hidden">{t('layout.footer')}</h2>
          <ul className="footer-links">
            <li>
              <Link to="/toegankelijkheid">{t('layout.footer.accessibility')}</Link>
            </li>
            <li>
              <Link to="/privacy">{t('layout.footer.privacy')}</Link>
            </li>
          </ul>
          <p>{t('layout.footer.about')}</p>
        </div>
      </footer>
    </>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useT();
  const reference = useRootData()?.requestId ?? '-';
  let title = t('error.server.title');
  let body = t('error.server.body', { requestId: reference });
  const refused = refusalMessage(error);
  if (refused && isRouteErrorResponse(error) && error.status < 500) {
    // A refusal that says what was wrong (a body too large, not a form…): say it.
    title = t('error.refused.title');
    body = t(refused);
  } else if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      title = t('error.notFound.title');
      body = t('error.notFound.body');
    } else if (error.status === 403) {
      title = t('error.forbidden.title');
      body = t('error.forbidden.body');
    } else if (error.status === 503) {
      title = t('error.unavailable.title');
      body = t('error.unavailable.body');
    }
  }
  return (
    <>
      <h1>{title}</h1>
      <p>{body}</p>
      <p>
        <Link to="/">{t('error.backHome')}</Link>
      </p>
    </>
  );
}
