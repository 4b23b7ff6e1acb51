import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '#db/seed/demo-accounts';
import { safeRedirect } from '#app/rules/redirects';
import * as signInRoute from '#app/routes/auth/sign-in';
import * as mfaRoute from '#app/routes/auth/mfa-verify';
import * as languageRoute from '#app/routes/auth/language';
import { setupTestDatabase } from '#test/support/db';
import { sessionCookieFor } from '#test/support/requests';

setupTestDatabase();

const PORTAL = 'https://portal.invalid';
const BASE = 'http://localhost:3000';
const args = (request: Request) => ({ request, params: {}, context: {} });

/** Targets an attacker could put in redirectTo, each with what a browser would make of it. */
const HOSTILE: [name: string, target: string][] = [
  ['tab inside the slashes', '/\t/other.host'],
  ['tab after the first slash', '/\t/evil.example'],
  ['leading tab', '\t//evil'],
  ['carriage return', '/\r/evil.example'],
  ['line feed', '/\n/evil.example'],
  ['CR LF header injection', '/x\r\nSet-Cookie: a=b'],
  ['NUL', '/\u0000/evil.example'],
  ['leading NUL', '\u0000//evil'],
  ['backslash', '/\\evil'],
  ['two backslashes', '\\\\evil'],
  ['slash backslash slash', '/\\/evil'],
  ['encoded tab', '/%09/evil'],
  ['absolute URL', 'https://evil'],
  ['absolute URL with our path', 'https://evil/programma'],
  ['other scheme', 'javascript:alert(1)'],
  ['protocol-relative', '//evil'],
  ['dot segment to protocol-relative', '/.//evil'],
  ['dot-dot segment to protocol-relative', '/x/..//evil'],
  ['leading space', ' /x'],
  ['leading space before //', ' //evil'],
  ['credentials', '//user:pass@evil'],
  ['non-ASCII', '/é'],
  ['non-Latin-1', '/€/projecten?q=€#€'],
  ['fullwidth solidus', '/\uff0f/evil'],
  ['very long', `/${'a'.repeat(100_000)}`],
  ['very long with hostile tail', `/${'a'.repeat(5000)}\t//evil`],
  ['only controls', '\t\r\n '],
];

function sameOrigin(result: string) {
  return new URL(result, PORTAL).origin === PORTAL;
}

/** A value a Location header can carry (what `new Headers` accepts). */
function validHeaderValue(value: string) {
  try {
    new Headers({ location: value });
    return true;
  } catch {
    return false;
  }
}

describe('safeRedirect', () => {
  it.each(HOSTILE)('keeps %s on the portal', (_name, target) => {
    const result = safeRedirect(target);
    expect(sameOrigin(result)).toBe(true);
    expect(result.startsWith('/')).toBe(true);
    expect(result.startsWith('//')).toBe(false);
    expect(validHeaderValue(result)).toBe(true);
    // Read again (the next hop reads it too), it stays the same.
    expect(safeRedirect(result)).toBe(result);
  });

  it('returns the normalised same-origin path, query and fragment', () => {
    expect(safeRedirect('/projecten/ECC?tab=kosten#regel-2')).toBe('/projecten/ECC?tab=kosten#regel-2');
    expect(safeRedirect(' /x')).toBe('/x');
    expect(safeRedirect('/a\tb\nc')).toBe('/abc');
    expect(safeRedirect('/é')).toBe('/%C3%A9');
    expect(safeRedirect('/€?q=€#€')).toBe('/%E2%82%AC?q=%E2%82%AC#%E2%82%AC');
    expect(safeRedirect('/%09/evil')).toBe('/%09/evil');
    expect(safeRedirect('/a/../b')).toBe('/b');
  });

  it('falls back for anything that leaves the portal, and for no target', () => {
    for (const target of ['/\t/other.host', '\t//evil', '/\\evil', 'https://evil', '//evil', '/.//evil', null, undefined, '', '   ']) {
      expect(safeRedirect(target)).toBe('/programma');
    }
    expect(safeRedirect('//evil', '/')).toBe('/');
    expect(safeRedirect(`/${'a'.repeat(100_000)}`)).toBe('/programma');
  });

  it('never throws, whatever it is given', () => {
    const samples = ['\u0000', '\ud800', '/\ud800', '[', 'http://[::1', 'http://%', '/%', '\\', '?', '#', '/%zz', 'file:///etc/passwd', 'data:text/html,x'];
    for (const target of samples) {
      expect(() => safeRedirect(target)).not.toThrow();
      expect(sameOrigin(safeRedirect(target))).toBe(true);
    }
  });
});

/** Runs a loader or action and returns its Response, thrown or returned. */
async function responseOf(run: () => Promise<unknown>): Promise<Response> {
  try {
    const result = await run();
    if (result instanceof Response) return result;
    throw new Error(`expected a redirect, got ${JSON.stringify(result).slice(0, 200)}`);
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

function expectRedirectOnPortal(response: Response) {
  expect([302, 303]).toContain(response.status);
  const location = response.headers.get('location')!;
  expect(location.startsWith('/')).toBe(true);
  expect(sameOrigin(location)).toBe(true);
  // A redirect to the next step carries the target on: it must be safe there too.
  const carried = new URL(location, PORTAL).searchParams.get('redirectTo');
  if (carried !== null) expect(safeRedirect(carried)).toBe(carried);
}

describe('hostile redirect targets in requests', () => {
  it.each(HOSTILE)('sign-in POST with %s redirects on the portal, never 500', async (_name, target) => {
    const ip = `198.51.100.${HOSTILE.findIndex(([, t]) => t === target) + 150}`;
    const body = new URLSearchParams({ email: 'partner.asperitas@demo.ipcei.test', password: DEMO_PASSWORD, redirectTo: target }).toString();
    const request = new Request(`${BASE}/inloggen`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE, 'x-client-ip': ip },
      body,
    });
    let result: unknown;
    try {
      result = await signInRoute.action(args(request));
    } catch (error) {
      result = error;
    }
    // A control character in the posted form is refused with its own message (the input boundary);
    // anything else signs in and redirects on the portal.
    if ([...target].some((c) => { const code = c.charCodeAt(0); return (code < 0x20 && c !== '\t' && c !== '\n' && c !== '\r') || (code >= 0x7f && code <= 0x9f); }) && !(result instanceof Response)) {
      expect(result).toMatchObject({ init: { status: 400 }, data: { errors: { redirectTo: 'errors.form.controlCharacter' } } });
      return;
    }
    const response = await responseOf(async () => result);
    expectRedirectOnPortal(response);
    expect(response.headers.get('location')).toBe(safeRedirect(target));
  });

  it.each(HOSTILE)('the sign-in page, the code page and the language switch with %s redirect on the portal', async (_name, target) => {
    const cookie = await sessionCookieFor('partner.utwente@demo.ipcei.test');
    const query = new URLSearchParams({ redirectTo: target });
    for (const path of ['/inloggen', '/inloggen/code']) {
      const signedIn = new Request(`${BASE}${path}?${query}`, { headers: { cookie } });
      const route = path === '/inloggen' ? signInRoute : mfaRoute;
      expectRedirectOnPortal(await responseOf(() => route.loader(args(signedIn))));
      // Not signed in, the code page sends the visitor to sign-in, carrying the target on.
      if (path === '/inloggen/code') expectRedirectOnPortal(await responseOf(() => route.loader(args(new Request(`${BASE}${path}?${query}`)))));
    }
    const code = new Request(`${BASE}/inloggen/code`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE, cookie },
      body: new URLSearchParams({ intent: 'code', code: '123456', redirectTo: target }).toString(),
    });
    expectRedirectOnPortal(await responseOf(() => mfaRoute.action(args(code))));
    const language = new Request(`${BASE}/taal`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE },
      body: new URLSearchParams({ locale: 'en', redirectTo: target }).toString(),
    });
    expectRedirectOnPortal(await responseOf(() => languageRoute.action(args(language))));
  });
});
