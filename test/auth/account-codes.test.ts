import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, mfaRecoveryCodes, signInAttempts, users } from '#db/schema/index';
import { DEMO_PASSWORD } from '#db/seed/demo-accounts';
import * as mfaSetupRoute from '#app/routes/auth/mfa-setup';
import * as signInRoute from '#app/routes/auth/sign-in';
import { generateTotpSecret, totpCode } from '#app/utils/totp.server';
import { setupTestDatabase } from '#test/support/db';
import { sessionCookieFor } from '#test/support/requests';

/**
 * Codes asked for on the account's two-step page (new recovery codes, turning two-step off) are
 * throttled like sign-in: after 5 wrong codes in 15 minutes (the requirement's numbers, written out)
 * further attempts get 429 with Retry-After; every attempt is audited.
 */
const ACCOUNT_LIMIT = 5;
const WINDOW_SECONDS = 15 * 60;

const database = setupTestDatabase();
const BASE = 'http://localhost:3000';
const args = (request: Request) => ({ request, params: {}, context: {} });

type Result = { data?: { errors?: Record<string, string>; done?: string; recoveryCodes?: string[] }; init?: { status?: number; headers?: Record<string, string> } };

async function page(intent: 'regenerate' | 'disable', code: string, cookie: string, ip = '198.51.100.90') {
  const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded', origin: BASE, 'x-client-ip': ip, cookie });
  const request = new Request(`${BASE}/account/tweestaps`, { method: 'POST', headers, body: new URLSearchParams({ intent, code }).toString() });
  return (await mfaSetupRoute.action(args(request))) as unknown as Result;
}

/** A real (non-demo) account with MFA on and a secret only this test knows. */
async function withMfa(email: string) {
  const secret = generateTotpSecret();
  await database().db.update(users).set({ isDemo: false, totpSecret: secret, mfaEnabledAt: new Date() }).where(eq(users.email, email));
  return { secret, cookie: await sessionCookieFor(email) };
}

/** A well-formed code that is not valid now (nor one step either side). */
function wrongCode(secret: string) {
  const now = Date.now();
  const valid = new Set([-30_000, 0, 30_000].map((d) => totpCode(secret, now + d)));
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, '0');
    if (!valid.has(code)) return code;
  }
}

/** Waits out the last 3 seconds of a 30-second TOTP step, so codes made now stay valid while the test runs. */
async function awayFromStepBoundary() {
  const into = Date.now() % 30_000;
  if (into > 27_000) await new Promise((resolve) => setTimeout(resolve, 30_000 - into + 200));
}

async function auditOf(email: string, action: string) {
  return database()
    .db.select({ details: auditLog.details })
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.actorEmail, email)));
}

describe('codes on the two-step page', () => {
  it('refuses further codes with 429 and Retry-After after 5 wrong ones, audits each attempt, and locks sign-in too', async () => {
    const email = 'partner.infosupport@demo.ipcei.test';
    const { secret, cookie } = await withMfa(email);
    // Recovery codes to lose, made with the previous time step's code (still valid, ± one step) — not
    // in the last seconds of a step, or the server's clock may already be a step further.
    await awayFromStepBoundary();
    const first = await page('regenerate', totpCode(secret, Date.now() - 30_000), cookie);
    expect(first.data?.done, JSON.stringify(first)).toBe('regenerated');
    const before = await database().db.select({ id: mfaRecoveryCodes.id }).from(mfaRecoveryCodes).innerJoin(users, eq(users.id, mfaRecoveryCodes.userId)).where(eq(users.email, email));

    const intents = ['regenerate', 'disable', 'regenerate', 'disable', 'regenerate'] as const;
    for (const [i, intent] of intents.entries()) {
      const wrong = await page(intent, wrongCode(secret), cookie, `198.51.100.${90 + i}`);
      expect(wrong.init?.status).toBe(400);
      expect(wrong.data?.errors).toEqual({ code: 'errors.security.mfa.code.wrong' });
    }
    const failed = await auditOf(email, 'auth.mfa_failed');
    expect(failed.map((r) => r.details)).toEqual(intents.map((intent) => ({ method: 'totp', purpose: intent === 'regenerate' ? 'recovery_codes' : 'disable' })));

    // The sixth attempt — even with the right code — is refused without being checked.
    for (const intent of ['regenerate', 'disable'] as const) {
      const locked = await page(intent, totpCode(secret), cookie, '198.51.100.99');
      expect(locked.init?.status).toBe(429);
      expect(locked.data?.errors).toEqual({ code: 'errors.security.mfa.code.throttled' });
      const retryAfter = Number(locked.init?.headers?.['Retry-After']);
      expect(retryAfter).toBeGreaterThan(WINDOW_SECONDS - 60);
      expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
    }
    const [user] = await database().db.select({ mfaEnabledAt: users.mfaEnabledAt }).from(users).where(eq(users.email, email));
    expect(user!.mfaEnabledAt).not.toBeNull();
    const after = await database().db.select({ id: mfaRecoveryCodes.id }).from(mfaRecoveryCodes).innerJoin(users, eq(users.id, mfaRecoveryCodes.userId)).where(eq(users.email, email));
    expect(after.map((r) => r.id).sort()).toEqual(before.map((r) => r.id).sort());
    expect(before).toHaveLength(10);
    expect(await auditOf(email, 'auth.mfa_verified')).toHaveLength(1);
    expect(await auditOf(email, 'auth.mfa_failed')).toHaveLength(ACCOUNT_LIMIT);

    // The same limiter as sign-in: the account's sign-in is locked as well.
    const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded', origin: BASE, 'x-client-ip': '203.0.113.200' });
    const signIn = (await signInRoute.action(
      args(new Request(`${BASE}/inloggen`, { method: 'POST', headers, body: new URLSearchParams({ email, password: DEMO_PASSWORD }).toString() })),
    )) as unknown as Result;
    expect(signIn.init?.status).toBe(429);

    // Once the oldest failure is 15 minutes old, a code is checked again.
    await database()
      .db.update(signInAttempts)
      .set({ attemptedAt: new Date(Date.now() - (WINDOW_SECONDS + 1) * 1000) })
      .where(eq(signInAttempts.emailLower, email));
    const renewed = await page('regenerate', totpCode(secret, Date.now() + 30_000), cookie);
    expect(renewed.data?.done).toBe('regenerated');
  });

  it('audits a right code with its purpose, records the attempt as a success, and refuses the same code again', async () => {
    const email = 'partner.tno.misd@demo.ipcei.test';
    const { secret, cookie } = await withMfa(email);
    const code = totpCode(secret);
    const renewed = await page('regenerate', code, cookie);
    expect(renewed.data?.done).toBe('regenerated');
    expect(renewed.data?.recoveryCodes).toHaveLength(10);
    const verified = await auditOf(email, 'auth.mfa_verified');
    expect(verified).toHaveLength(1);
    expect(verified[0]!.details).toMatchObject({ method: 'totp', purpose: 'recovery_codes' });
    expect(await auditOf(email, 'auth.mfa_recovery_codes_replaced')).toHaveLength(1);
    const attempts = await database().db.select({ succeeded: signInAttempts.succeeded }).from(signInAttempts).where(eq(signInAttempts.emailLower, email));
    expect(attempts).toEqual([{ succeeded: true }]);

    // The code was used: turning two-step off with it is refused (and counted, and audited).
    const replay = await page('disable', code, cookie);
    expect(replay.init?.status).toBe(400);
    expect((await auditOf(email, 'auth.mfa_failed')).map((r) => r.details)).toEqual([{ method: 'totp', purpose: 'disable' }]);
    const [user] = await database().db.select({ mfaEnabledAt: users.mfaEnabledAt }).from(users).where(eq(users.email, email));
    expect(user!.mfaEnabledAt).not.toBeNull();
  });
});
