import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, sessions } from '#db/schema/index';
import * as sessionsRoute from '#app/routes/auth/sessions';
import * as extendRoute from '#app/routes/auth/sessions-extend';
import {
  ABSOLUTE_TIMEOUT_MS,
  IDLE_TIMEOUT_MS,
  endAllSessions,
  hashToken,
  loadSession,
  sessionCookieName,
} from '#app/utils/session.server';
import { setupTestDatabase } from '#test/support/db';
import { sessionCookieFor } from '#test/support/requests';
import { userId } from '#test/support/principal';

const database = setupTestDatabase();
const BASE = 'http://localhost:3000';
const args = (request: Request) => ({ request, params: {}, context: {} });

function get(path: string, cookie: string) {
  return new Request(`${BASE}${path}`, { headers: { cookie } });
}
function post(path: string, fields: Record<string, string>, cookie?: string) {
  const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded', origin: BASE });
  if (cookie) headers.set('cookie', cookie);
  return new Request(`${BASE}${path}`, { method: 'POST', headers, body: new URLSearchParams(fields).toString() });
}
const tokenOf = (cookie: string) => cookie.slice(sessionCookieName().length + 1);

describe('session timeouts', () => {
  it('ends a session after 30 idle minutes and after 12 hours whatever the activity', async () => {
    const cookie = await sessionCookieFor('partner.nbip@demo.ipcei.test');
    const request = get('/', cookie);
    const created = Date.now();
    expect((await loadSession(request, new Date(created + IDLE_TIMEOUT_MS - 5000))).session).not.toBeNull();
    const idle = await loadSession(request, new Date(created + 2 * IDLE_TIMEOUT_MS));
    expect(idle).toEqual({ session: null, expired: true });
    // Deleted, not just refused.
    expect(await database().db.select().from(sessions).where(eq(sessions.idHash, hashToken(tokenOf(cookie))))).toHaveLength(0);

    const busy = await sessionCookieFor('partner.nbip@demo.ipcei.test');
    const busyRequest = get('/', busy);
    // Active every 20 minutes, still ended at the 12-hour mark.
    let at = Date.now();
    for (; at < created + ABSOLUTE_TIMEOUT_MS - 20 * 60 * 1000; at += 20 * 60 * 1000) {
      expect((await loadSession(busyRequest, new Date(at))).session).not.toBeNull();
    }
    expect((await loadSession(busyRequest, new Date(created + ABSOLUTE_TIMEOUT_MS + 1000))).session).toBeNull();
  });

  it('extends the idle timer on request, and answers 401 when the session is gone', async () => {
    const cookie = await sessionCookieFor('partner.eurofiber@demo.ipcei.test');
    const idHash = hashToken(tokenOf(cookie));
    const old = new Date(Date.now() - 20 * 60 * 1000);
    await database().db.update(sessions).set({ lastSeenAt: old }).where(eq(sessions.idHash, idHash));
    const result = (await extendRoute.action(args(post('/sessie/verlengen', {}, cookie)))) as unknown as { data: { ok: boolean; endsAt: string } };
    expect(result.data.ok).toBe(true);
    const [row] = await database().db.select().from(sessions).where(eq(sessions.idHash, idHash));
    expect(row!.lastSeenAt.getTime()).toBeGreaterThan(Date.now() - 5000);
    expect(new Date(result.data.endsAt).getTime()).toBeGreaterThan(Date.now() + IDLE_TIMEOUT_MS - 10_000);

    const gone = (await extendRoute.action(args(post('/sessie/verlengen', {})))) as unknown as { init: { status: number } };
    expect(gone.init.status).toBe(401);
  });
});

describe('/account/sessies', () => {
  it('lists only my own sessions, ends one, then all others, and never my current one', async () => {
    const email = 'partner.utwente@demo.ipcei.test';
    const mine = await sessionCookieFor(email);
    const other1 = await sessionCookieFor(email);
    const other2 = await sessionCookieFor(email);
    const stranger = await sessionCookieFor('partner.betterbe@demo.ipcei.test');

    const page = await sessionsRoute.loader(args(get('/account/sessies', mine)));
    expect(page.sessions).toHaveLength(3);
    expect(page.sessions.filter((s) => s.current)).toHaveLength(1);
    expect(JSON.stringify(page)).not.toContain(hashToken(tokenOf(other1)));

    // Another user's session reference cannot be ended from here.
    const strangerRef = hashToken(tokenOf(stranger)).slice(0, 16);
    const refused = (await sessionsRoute.action(args(post('/account/sessies', { intent: 'end', ref: strangerRef }, mine)))) as unknown as { init: { status: number } };
    expect(refused.init.status).toBe(404);
    // Nor my current one.
    const currentRef = hashToken(tokenOf(mine)).slice(0, 16);
    const notCurrent = (await sessionsRoute.action(args(post('/account/sessies', { intent: 'end', ref: currentRef }, mine)))) as unknown as { init: { status: number } };
    expect(notCurrent.init.status).toBe(404);
    const bad = (await sessionsRoute.action(args(post('/account/sessies', { intent: 'end', ref: "x' or 1=1" }, mine)))) as unknown as { init: { status: number } };
    expect(bad.init.status).toBe(400);

    const ref1 = hashToken(tokenOf(other1)).slice(0, 16);
    const ended = await sessionsRoute.action(args(post('/account/sessies', { intent: 'end', ref: ref1 }, mine)));
    expect(ended).toMatchObject({ ok: true, endedOne: true });
    expect((await loadSession(get('/', other1))).session).toBeNull();

    const others = await sessionsRoute.action(args(post('/account/sessies', { intent: 'endOthers' }, mine)));
    expect(others).toMatchObject({ ok: true, endedOthers: 1 });
    expect((await loadSession(get('/', other2))).session).toBeNull();
    expect((await loadSession(get('/', mine))).session).not.toBeNull();
    expect((await loadSession(get('/', stranger))).session).not.toBeNull();
    const audit = await database().db.select().from(auditLog).where(eq(auditLog.action, 'auth.other_sessions_ended'));
    expect(audit.at(-1)?.details).toEqual({ count: 1 });
  });

  it('endAllSessions ends every session of a user (password change, deactivation)', async () => {
    const email = 'partner.asperitas@demo.ipcei.test';
    const a = await sessionCookieFor(email);
    const b = await sessionCookieFor(email);
    const id = await userId(email);
    const count = await database().db.transaction((tx) => endAllSessions(tx, id));
    expect(count).toBeGreaterThanOrEqual(2);
    expect((await loadSession(get('/', a))).session).toBeNull();
    expect((await loadSession(get('/', b))).session).toBeNull();
  });
});
