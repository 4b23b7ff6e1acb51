import { createRequestHandler, type ServerBuild } from '@remix-run/node';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, mfaRecoveryCodes, users } from '#db/schema/index';
import { DEMO_PASSWORD } from '#db/seed/demo-accounts';
import * as rootModule from '#app/root';
import * as mfaSetupModule from '#app/routes/auth/mfa-setup';
import * as programmeModule from '#app/routes/site/programme';
import * as signInModule from '#app/routes/auth/sign-in';
import { sessionCookieName } from '#app/utils/session.server';
import { totpCode } from '#app/utils/totp.server';
import { setupTestDatabase } from '#test/support/db';
import { sessionCookieFor } from '#test/support/requests';

/**
 * Setting up two-step sign-in in the middle of sign-in, as a browser without JavaScript does it:
 * plain form posts and GETs through Remix's own request handler (the action, then the page's
 * loaders on the same request, headers merged, redirects followed with the cookies the browser
 * kept). With JavaScript the same action is answered to a fetch and the page is then loaded again
 * with the cookies of that answer; both must end on the recovery codes, shown once, signed in.
 */

const database = setupTestDatabase();
const BASE = 'http://localhost:3000';

/** A server build of just the routes this flow passes through; the document is the page's data as JSON. */
const build = {
  mode: 'production',
  entry: {
    module: {
      default: (_request: Request, status: number, headers: Headers, context: { staticHandlerContext: { loaderData: unknown; actionData: unknown } }) => {
        headers.set('content-type', 'application/json');
        const { loaderData, actionData } = context.staticHandlerContext;
        return new Response(JSON.stringify({ loaderData, actionData }), { status, headers });
      },
    },
  },
  routes: {
    root: { id: 'root', path: '', module: rootModule },
    'auth/sign-in': { id: 'auth/sign-in', parentId: 'root', path: 'inloggen', module: signInModule },
    'auth/mfa-setup': { id: 'auth/mfa-setup', parentId: 'root', path: 'account/tweestaps', module: mfaSetupModule },
    'site/programme': { id: 'site/programme', parentId: 'root', path: 'programma', module: programmeModule },
  },
  assets: { entry: { imports: [], module: '/entry.client.js' }, routes: {}, url: '/manifest.js', version: 'test' },
  publicPath: '/',
  assetsBuildDirectory: '/tmp',
  future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_singleFetch: true, v3_lazyRouteDiscovery: true, v3_routeConfig: true, unstable_optimizeDeps: false },
  isSpaMode: false,
} as unknown as ServerBuild;
const handler = createRequestHandler(build, 'production');

type Page = { loaderData: Record<string, Record<string, unknown>>; actionData: Record<string, Record<string, unknown>> | null };

/** A browser without JavaScript: a cookie jar, form posts, redirects followed with GET. */
class Browser {
  readonly jar = new Map<string, { value: string; path: string }>();
  readonly visited: string[] = [];

  private cookieHeader(path: string) {
    return [...this.jar]
      .filter(([, c]) => path === c.path || path.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .map(([name, c]) => `${name}=${c.value}`)
      .join('; ');
  }

  private keep(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((s) => s.trim());
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index);
      const value = pair!.slice(index + 1);
      const path = attributes.find((a) => /^path=/i.test(a))?.slice(5) ?? '/';
      const maxAge = attributes.find((a) => /^max-age=/i.test(a));
      if (maxAge && Number(maxAge.slice(8)) <= 0) this.jar.delete(name);
      else this.jar.set(name, { value, path });
    }
  }

  async request(method: 'GET' | 'POST', path: string, fields?: Record<string, string>): Promise<{ status: number; url: string; page: Page | null; body?: string }> {
    let response: Response;
    let url = path;
    for (let hops = 0; ; hops++) {
      if (hops > 5) throw new Error('too many redirects');
      const headers = new Headers({ host: 'localhost:3000', 'user-agent': 'no-js-browser', 'x-client-ip': '198.51.100.170', accept: 'text/html' });
      const cookie = this.cookieHeader(new URL(url, BASE).pathname);
      if (cookie) headers.set('cookie', cookie);
      const init: RequestInit = { method, headers };
      if (method === 'POST') {
        headers.set('content-type', 'application/x-www-form-urlencoded');
        headers.set('origin', BASE);
        init.body = new URLSearchParams(fields).toString();
      }
      this.visited.push(`${method} ${url}`);
      response = await handler(new Request(`${BASE}${url}`, init));
      this.keep(response);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        method = 'GET';
        url = location;
        continue;
      }
      break;
    }
    if (response.headers.get('content-type')?.includes('application/json')) return { status: response.status, url, page: (await response.json()) as Page };
    return { status: response.status, url, page: null, body: await response.text() };
  }

  get sessionToken() {
    return this.jar.get(sessionCookieName())?.value ?? null;
  }
}

async function secretOf(email: string) {
  const [row] = await database().db.select({ secret: users.totpSecret, enabledAt: users.mfaEnabledAt }).from(users).where(eq(users.email, email));
  return row!;
}

async function staffWithoutMfa(email: string) {
  await database().db.update(users).set({ totpSecret: null, mfaEnabledAt: null }).where(eq(users.email, email));
}

async function signInToSetUp(browser: Browser, email: string) {
  const signedIn = await browser.request('POST', '/inloggen', { email, password: DEMO_PASSWORD, redirectTo: '/programma' });
  expect(signedIn.url).toBe('/account/tweestaps?redirectTo=%2Fprogramma');
  expect(signedIn.page?.loaderData['auth/mfa-setup']).toMatchObject({ state: 'notStarted', required: true, pending: true });
  const started = await browser.request('POST', '/account/tweestaps?redirectTo=%2Fprogramma', { intent: 'start' });
  expect(started.page?.loaderData['auth/mfa-setup']).toMatchObject({ state: 'started', pending: true });
  return (await secretOf(email)).secret!;
}

describe('two-step set-up during sign-in without JavaScript', () => {
  it('enables two-step sign-in, shows the ten recovery codes once, and leaves the user signed in', async () => {
    const email = 'reviewer.b@demo.ipcei.test';
    await staffWithoutMfa(email);
    const browser = new Browser();
    const secret = await signInToSetUp(browser, email);
    const pendingToken = browser.sessionToken;

    const enabled = await browser.request('POST', '/account/tweestaps?redirectTo=%2Fprogramma', { intent: 'enable', code: totpCode(secret) });
    expect((await secretOf(email)).enabledAt).not.toBeNull();
    // Still on the set-up page (not sent back to sign-in), with a new session.
    expect(enabled.status).toBe(200);
    expect(enabled.url.startsWith('/account/tweestaps')).toBe(true);
    expect(browser.sessionToken).not.toBeNull();
    expect(browser.sessionToken).not.toBe(pendingToken);
    const shown = enabled.page?.loaderData['auth/mfa-setup'] as { state: string; recoveryCodes?: string[]; done?: string } | undefined;
    const fromAction = enabled.page?.actionData?.['auth/mfa-setup'] as { recoveryCodes?: string[] } | undefined;
    const codes = shown?.recoveryCodes ?? fromAction?.recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(shown?.state).toBe('enabled');
    const stored = await database().db.select().from(mfaRecoveryCodes).innerJoin(users, eq(users.id, mfaRecoveryCodes.userId)).where(eq(users.email, email));
    expect(stored).toHaveLength(10);
    // The root sees the signed-in user on that same page.
    const [me] = await database().db.select({ name: users.name }).from(users).where(eq(users.email, email));
    expect(enabled.page?.loaderData.root).toMatchObject({ user: { name: me!.name } });

    // Shown once: the next view of the page has no codes, and the user is still signed in.
    const again = await browser.request('GET', '/account/tweestaps?redirectTo=%2Fprogramma');
    expect(again.page?.loaderData['auth/mfa-setup']).toMatchObject({ state: 'enabled', pending: false });
    expect((again.page?.loaderData['auth/mfa-setup'] as { recoveryCodes?: string[] }).recoveryCodes).toBeUndefined();
    expect(JSON.stringify(again.page)).not.toContain(codes![0]);
    const programme = await browser.request('GET', '/programma');
    expect(programme.status).toBe(200);
    expect(programme.url).toBe('/programma');

    const audit = await database().db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.actorEmail, email));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['auth.mfa_enabled', 'auth.signed_in']));
  });
});

describe('two-step set-up during sign-in with JavaScript', () => {
  it('answers the fetch with a redirect that carries the new session, and the next view shows the codes once', async () => {
    const email = 'reviewer.a@demo.ipcei.test';
    await staffWithoutMfa(email);
    const browser = new Browser();
    const secret = await signInToSetUp(browser, email);
    const pendingToken = browser.sessionToken;
    // The fetch the browser makes for a form submitted with JavaScript (single fetch: the .data URL).
    const answer = await browser.request('POST', '/account/tweestaps.data?redirectTo=%2Fprogramma', { intent: 'enable', code: totpCode(secret) });
    expect(answer.status).toBe(202);
    expect(answer.body).toContain('/account/tweestaps?redirectTo=%2Fprogramma');
    expect(browser.sessionToken).not.toBe(pendingToken);
    // The client then loads the redirect's target with the cookies of that answer.
    const shown = await browser.request('GET', '/account/tweestaps?redirectTo=%2Fprogramma');
    expect(shown.page?.loaderData['auth/mfa-setup']).toMatchObject({ state: 'enabled', pending: false });
    const codes = (shown.page?.loaderData['auth/mfa-setup'] as { recoveryCodes?: string[] }).recoveryCodes;
    expect(codes).toHaveLength(10);
    const again = await browser.request('GET', '/account/tweestaps?redirectTo=%2Fprogramma');
    expect((again.page?.loaderData['auth/mfa-setup'] as { recoveryCodes?: string[] }).recoveryCodes).toBeUndefined();
    expect((await browser.request('GET', '/programma')).url).toBe('/programma');
  });

  it('shows the codes to no other session: a copied codes cookie is refused and cleared', async () => {
    const email = 'ez@demo.ipcei.test';
    await staffWithoutMfa(email);
    const browser = new Browser();
    const secret = await signInToSetUp(browser, email);
    await browser.request('POST', '/account/tweestaps.data?redirectTo=%2Fprogramma', { intent: 'enable', code: totpCode(secret) });
    const codesCookie = [...browser.jar].find(([name]) => name !== sessionCookieName());
    expect(codesCookie).toBeDefined();
    // Another session of the same user (signed in elsewhere) with the copied cookie.
    const other = new Browser();
    const [name, value] = (await sessionCookieFor(email)).split('=') as [string, string];
    other.jar.set(name, { value, path: '/' });
    other.jar.set(codesCookie![0], codesCookie![1]);
    const page = await other.request('GET', '/account/tweestaps');
    expect(page.page?.loaderData['auth/mfa-setup']).toMatchObject({ state: 'enabled' });
    expect((page.page?.loaderData['auth/mfa-setup'] as { recoveryCodes?: string[] }).recoveryCodes).toBeUndefined();
    expect(other.jar.has(codesCookie![0])).toBe(false);
    // The rightful browser still sees them (its cookie was not consumed by the other one).
    const mine = await browser.request('GET', '/account/tweestaps');
    expect((mine.page?.loaderData['auth/mfa-setup'] as { recoveryCodes?: string[] }).recoveryCodes).toHaveLength(10);
  });
});
