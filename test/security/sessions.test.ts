import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, sessions } from '#db/schema/index';
import * as sessionsRoute from '#app/routes/auth/sessions';
import * as extendRoute from '#app/routes/auth/sessions-extend';
import { endAllSessions, hashToken, loadSession, sessionCookie, sessionCookieName } from '#app/utils/session.server';
import { setupTestDatabase } from '#test/support/db';
import { sessionCookieFor } from '#test/support/requests';
import { userId } from '#test/support/principal';

/**
 * The session policy as the requirement states it, written out here on purpose (not the code's
 * constants): a session ends after 30 idle minutes, and 12 hours after sign-in whatever the activity.
 * A change of the code's numbers must fail these tests.
 */
const MINUTE = 60 * 1000;
const IDLE_MINUTES = 30;
const ABSOLUTE_HOURS = 12;
const SECOND = 1000;

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

/** When the request's session was made and last seen, as stored. */
async function storedTimes(cookie: string) {
  const [row] = await database().db.select().from(sessions).where(eq(sessions.idHash, hashToken(tokenOf(cookie))));
  return { createdAt: row!.createdAt.getTime(), lastSeenAt: row!.lastSeenAt.getTime() };
}

describe('session timeouts', () => {
  it('keeps a session idle for 29m59s and ends one idle for 30m01s (and deletes it)', async () => {
    const cookie = await sessionCookieFor('partner.nbip@demo.ipcei.test');
    const request = get('/', cookie);
    const { lastSeenAt } = await storedTimes(cookie);
    const alive = await loadSession(request, new Date(lastSeenAt + 29 * MINUTE + 59 * SECOND));
    expect(alive.session).not.toBeNull();
    // That visit was activity: the idle timer starts again from it.
    const seen = (await storedTimes(cookie)).lastSeenAt;
    expect(seen).toBe(lastSeenAt + 29 * MINUTE + 59 * SECOND);
    expect((await loadSession(request, new Date(seen + 29 * MINUTE + 59 * SECOND))).session).not.toBeNull();

    const idle = await sessionCookieFor('partner.nbip@demo.ipcei.test');
    const idleRequest = get('/', idle);
    const idleSince = (await storedTimes(idle)).lastSeenAt;
    expect(await loadSession(idleRequest, new Date(idleSince + IDLE_MINUTES * MINUTE + 1 * SECOND))).toEqual({ session: null, expired: true });
    // Deleted, not just refused: coming back within the half hour does not revive it.
    expect(await database().db.select().from(sessions).where(eq(sessions.idHash, hashToken(tokenOf(idle))))).toHaveLength(0);
    expect((await loadSession(idleRequest, new Date(idleSince + MINUTE))).session).toBeNull();
  });

  it('keeps a busy session at 11h59m and ends it at 12h01m whatever the activity', async () => {
    const busy = await sessionCookieFor('partner.nbip@demo.ipcei.test');
    const request = get('/', busy);
    const { createdAt } = await storedTimes(busy);
    // Active every 20 minutes (never idle), up to 11h59m after sign-in.
    for (let at = createdAt + 20 * MINUTE; at < createdAt + 11 * 60 * MINUTE + 59 * MINUTE; at += 20 * MINUTE) {
      expect((await loadSession(request, new Date(at))).session).not.toBeNull();
    }
    expect((await loadSession(request, new Date(createdAt + 11 * 60 * MINUTE + 59 * MINUTE))).session).not.toBeNull();
    // Two minutes later: last seen two minutes ago, but 12h01m after sign-in.
    expect(await loadSession(request, new Date(createdAt + ABSOLUTE_HOURS * 60 * MINUTE + 1 * MINUTE))).toEqual({ session: null, expired: true });
    // The cookie lasts as long as the session can: 12 hours.
    expect(sessionCookie('x')).toContain(`Max-Age=${ABSOLUTE_HOURS * 60 * 60}`);
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
    // The idle timer starts again: the session now ends 30 minutes from now.
    const endsAt = new Date(result.data.endsAt).getTime();
    expect(endsAt).toBeGreaterThan(Date.now() + IDLE_MINUTES * MINUTE - 10 * SECOND);
    expect(endsAt).toBeLessThanOrEqual(Date.now() + IDLE_MINUTES * MINUTE);

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
    // A tampered form: refused with 400 and a translated message (the error page says it).
    const bad = await sessionsRoute.action(args(post('/account/sessies', { intent: 'end', ref: "x' or 1=1" }, mine))).catch((thrown: unknown) => thrown);
    expect(bad).toBeInstanceOf(Response);
    expect((bad as Response).status).toBe(400);
    expect(await (bad as Response).json()).toEqual({ messageKey: 'errors.form.invalidValue' });

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
