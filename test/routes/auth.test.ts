import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, sessions } from '#db/schema/index';
import { DEMO_PASSWORD } from '#db/seed/demo-accounts';
import * as signInRoute from '#app/routes/auth/sign-in';
import * as signOutRoute from '#app/routes/auth/sign-out';
import * as programmeRoute from '#app/routes/site/programme';
import { setupTestDatabase } from '#test/support/db';
import { postRequest, thrownResponse } from '#test/support/requests';

const database = setupTestDatabase();
const args = (request: Request) => ({ request, params: {}, context: {} });

async function signIn(fields: Record<string, string>) {
  const response = await signInRoute.action(args(await postRequest('/inloggen', fields)));
  return response as unknown as { data?: { errors: Record<string, string> }; init?: { status?: number } } & Response;
}

describe('sign-in', () => {
  it('signs in with the right password, opens a session and redirects', async () => {
    const response = (await signIn({ email: 'Partner.TNO.ecofed@demo.ipcei.test', password: DEMO_PASSWORD, redirectTo: '/projecten/ECOFED' })) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/projecten/ECOFED');
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^ipcei_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200$/);
    // The signed-in request reaches a protected page.
    const token = cookie.split(';')[0]!;
    const request = new Request('http://localhost:3000/programma', { headers: { cookie: token } });
    const data = await programmeRoute.loader(args(request));
    expect(data.projects.map((p) => p.code)).toEqual(['ECOFED']);
  });

  it('gives the same generic message for a wrong password and an unknown address', async () => {
    const wrong = await signIn({ email: 'partner.tno.ecofed@demo.ipcei.test', password: 'not-the-password' });
    const unknown = await signIn({ email: 'nobody@demo.ipcei.test', password: 'whatever-it-is' });
    for (const result of [wrong, unknown]) {
      expect(result.init?.status).toBe(401);
      expect(result.data?.errors).toEqual({ email: 'errors.signIn.failed' });
    }
    const failures = await database().db.select().from(auditLog).where(eq(auditLog.action, 'auth.sign_in_failed'));
    expect(failures.map((f) => f.details.reason).sort()).toEqual(['unknown_email', 'wrong_password']);
  });

  it('says which field is missing or malformed', async () => {
    const result = await signIn({ email: 'not-an-address', password: '' });
    expect(result.init?.status).toBe(400);
    expect(result.data?.errors).toEqual({ email: 'errors.email.invalid', password: 'errors.password.required' });
  });

  it('never redirects to another site after sign-in', async () => {
    // A partner without MFA: the redirect happens right after the password step.
    const response = (await signIn({ email: 'penvoerder.ecc@demo.ipcei.test', password: DEMO_PASSWORD, redirectTo: '//evil.example/x' })) as Response;
    expect(response.headers.get('location')).toBe('/programma');
  });

  it('sends a signed-out visitor of a protected page to sign-in, remembering where they were', async () => {
    const response = await thrownResponse(() => programmeRoute.loader(args(new Request('http://localhost:3000/programma?x=1'))));
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/inloggen?redirectTo=%2Fprogramma%3Fx%3D1');
  });

  it('ends the session on sign-out', async () => {
    const request = await postRequest('/uitloggen', {}, 'reviewer.a@demo.ipcei.test');
    const before = await database().db.select().from(sessions);
    const response = await signOutRoute.action(args(request));
    expect(response.status).toBe(302);
    expect(response.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    const after = await database().db.select().from(sessions);
    expect(after.length).toBe(before.length - 1);
  });
});
