import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseSecurityHeaders, csrfGuard, formBodiesOnly } from '#app/server/middleware';
import { parseConfig } from '#app/utils/config.server';
import { contentSecurityPolicy } from '#app/utils/security-headers.server';

/** The real middleware in front of a stand-in for the Remix handler, on a loopback port. */
function start(env: Record<string, string>) {
  const config = parseConfig(env);
  const app = express();
  app.use(baseSecurityHeaders(config));
  app.use(csrfGuard(config));
  app.use(formBodiesOnly());
  app.all('*', (req, res) => {
    res.status(req.path === '/missing' ? 404 : 200).type('text/plain').send(`handled ${req.method}`);
  });
  const server = app.listen(0, '127.0.0.1');
  return server;
}

const demo = start({ APP_MODE: 'demo' });
const production = start({ APP_MODE: 'production', PUBLIC_URL: 'https://ipcei.example.nl', TRUST_PROXY: '1' });
let base = '';
let prodBase = '';
beforeAll(async () => {
  await Promise.all([demo, production].map((s) => new Promise((r) => (s.listening ? r(null) : s.once('listening', r)))));
  base = `http://127.0.0.1:${(demo.address() as AddressInfo).port}`;
  prodBase = `http://127.0.0.1:${(production.address() as AddressInfo).port}`;
});
afterAll(() => {
  demo.close();
  production.close();
});

const form = { 'content-type': 'application/x-www-form-urlencoded' };

describe('CSRF: state-changing requests from another site are refused', () => {
  it.each([
    ['another origin', { origin: 'https://evil.example' }],
    ['a cross-site fetch', { 'sec-fetch-site': 'cross-site' }],
    ['a same-site (other subdomain) fetch', { 'sec-fetch-site': 'same-site' }],
    ['an opaque origin (sandboxed frame, data: URL)', { origin: 'null' }],
    ['a matching Origin but a cross-site Sec-Fetch-Site', { origin: 'SELF', 'sec-fetch-site': 'cross-site' }],
  ])('refuses a POST from %s with 403 before any handler runs', async (_label, headers) => {
    const h: Record<string, string> = { ...form, ...headers };
    if (h.origin === 'SELF') h.origin = base;
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const response = await fetch(`${base}/uitloggen`, { method, headers: h, body: 'x=1' });
      expect(response.status, method).toBe(403);
      expect(await response.text()).toBe('Cross-site request refused.');
    }
  });

  it.each([
    ['its own origin', { origin: 'SELF', 'sec-fetch-site': 'same-origin' }],
    ['a typed address / bookmark (none)', { 'sec-fetch-site': 'none' }],
    ['a client without those headers (curl, tests)', {}],
  ])('lets a POST from %s through', async (_label, headers) => {
    const h: Record<string, string> = { ...form, ...headers };
    if (h.origin === 'SELF') h.origin = base;
    const response = await fetch(`${base}/uitloggen`, { method: 'POST', headers: h, body: 'x=1' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('handled POST');
  });

  it('accepts the public origin behind a proxy in production', async () => {
    const response = await fetch(`${prodBase}/uitloggen`, { method: 'POST', headers: { ...form, origin: 'https://ipcei.example.nl' }, body: 'x=1' });
    expect(response.status).toBe(200);
  });

  it('lets cross-site GET navigation through (links from e-mail must work)', async () => {
    const response = await fetch(`${base}/programma`, { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(response.status).toBe(200);
  });
});

describe('only form bodies reach the actions', () => {
  it.each(['application/json', 'application/xml', 'text/html', 'application/octet-stream'])('refuses a POST of %s with 415', async (type) => {
    const response = await fetch(`${base}/projecten/ECOFED/rapporten/2025/voortgang`, { method: 'POST', headers: { 'content-type': type }, body: '{"status":"approved"}' });
    expect(response.status).toBe(415);
  });
  it.each(['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])('lets %s through', async (type) => {
    const response = await fetch(`${base}/projecten/ECOFED/rapporten/2025/voortgang`, { method: 'POST', headers: { 'content-type': type }, body: type.startsWith('multipart') ? '--x--\r\n' : 'a=1' });
    expect(response.status).toBe(200);
  });
  it('lets a POST without a body through (sign-out buttons)', async () => {
    const response = await fetch(`${base}/uitloggen`, { method: 'POST' });
    expect(response.status).toBe(200);
  });
});

describe('security headers on every response', () => {
  it.each(['/', '/inloggen', '/missing', '/assets/x.js', '/healthz'])('sets them on %s (also on errors)', async (path) => {
    for (const method of ['GET', 'POST']) {
      const response = await fetch(`${base}${path}`, { method, headers: { origin: 'https://evil.example' }, body: method === 'POST' ? 'x' : undefined });
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(response.headers.get('permissions-policy')).toMatch(/camera=\(\)/);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('adds HSTS in production only', async () => {
    const response = await fetch(`${prodBase}/`);
    expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });

  it('has a Content-Security-Policy with the nonce, no inline script and no framing (outside development)', () => {
    {
      const csp = contentSecurityPolicy('abc123')['Content-Security-Policy'] ?? '';
      const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
      expect(directives['script-src']).toEqual(["'self'", "'nonce-abc123'"]);
      expect(directives['frame-ancestors']).toEqual(["'none'"]);
      expect(directives['object-src']).toEqual(["'none'"]);
      expect(directives['base-uri']).toEqual(["'none'"]);
      expect(directives['form-action']).toEqual(["'self'"]);
      expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
    }
  });
});
