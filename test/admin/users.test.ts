import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, emailOutbox, invitations, organisations, projectMemberships, projects, sessions, userRoles, users } from '#db/schema/index';
import { DEMO_PASSWORD } from '#db/seed/demo-accounts';
import * as accountRoute from '#app/routes/auth/account';
import * as invitationRoute from '#app/routes/auth/invitation';
import * as userNewRoute from '#app/routes/admin/user-new';
import * as userRoute from '#app/routes/admin/user';
import * as usersRoute from '#app/routes/admin/users';
import * as programmeRoute from '#app/routes/site/programme';
import { signIn } from '#app/models/auth.server';
import { hashToken } from '#app/utils/session.server';
import { setupTestDatabase } from '#test/support/db';
import { userId } from '#test/support/principal';
import { getRequest, postRequest, sessionCookieFor, thrownResponse } from '#test/support/requests';

const database = setupTestDatabase();
const ADMIN = 'admin@demo.ipcei.test';
const BASE = 'http://localhost:3000';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- action results are checked field by field
type Result = { data?: Record<string, any>; init?: { status?: number; headers?: HeadersInit } };
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

async function ids(projectCode: string, organisationName: string) {
  const [row] = await database()
    .db.select({ projectId: projects.id, organisationId: organisations.id })
    .from(projects)
    .innerJoin(organisations, eq(organisations.name, organisationName))
    .where(eq(projects.code, projectCode));
  return row!;
}

async function invite(fields: Record<string, string>) {
  return (await userNewRoute.action(args(await postRequest('/beheer/gebruikers/nieuw', fields, ADMIN)))) as unknown as Result & {
    invited?: { userId: string; link: string; expiresAt: string };
  };
}

/** True when the password opens a session (whatever further step, such as MFA, may follow). */
async function canSignIn(email: string, password: string) {
  const result: unknown = await signIn(email, password, { ipAddress: '127.0.0.1', userAgent: null, requestId: null });
  return Boolean(result && typeof result === 'object' && 'token' in result);
}

function tokenOf(link: string) {
  return link.split('/uitnodiging/')[1]!;
}

async function acceptRequest(token: string, password: string, confirm = password) {
  return invitationRoute.action(args(await postRequest(`/uitnodiging/${token}`, { password, confirm }), { token }));
}

async function sessionCount(id: string) {
  return (await database().db.select().from(sessions).where(eq(sessions.userId, id))).length;
}

describe('invitation lifecycle', () => {
  it('invites, mails a one-time link (only its hash stored), accepts once, and refuses reuse', async () => {
    const tno = await ids('ECOFED', 'TNO');
    const result = await invite({
      email: 'Nieuwe.Partner@example.nl',
      name: 'Nieuwe Partner',
      locale: 'en',
      [`membership-${tno.projectId}`]: `${tno.organisationId}:contributor`,
    });
    expect(result.invited?.link).toMatch(new RegExp(`^${BASE}/uitnodiging/[A-Za-z0-9_-]{43}$`));
    const token = tokenOf(result.invited!.link);
    const newId = result.invited!.userId;

    const [user] = await database().db.select().from(users).where(eq(users.id, newId));
    expect(user).toMatchObject({ status: 'invited', passwordHash: null, locale: 'en' });
    const [invitation] = await database().db.select().from(invitations).where(eq(invitations.userId, newId));
    expect(invitation!.tokenHash).toBe(hashToken(token));
    expect(invitation!.expiresAt.getTime() - invitation!.createdAt.getTime()).toBe(72 * 3600 * 1000);
    const memberships = await database().db.select().from(projectMemberships).where(eq(projectMemberships.userId, newId));
    expect(memberships).toMatchObject([{ projectId: tno.projectId, organisationId: tno.organisationId, role: 'contributor' }]);
    const [mail] = await database().db.select().from(emailOutbox).where(eq(emailOutbox.dedupeKey, `invitation:${invitation!.id}`));
    expect(mail).toMatchObject({ toAddress: 'Nieuwe.Partner@example.nl', locale: 'en', status: 'queued' });
    expect(mail!.bodyText).toContain(result.invited!.link);
    const [audit] = await database().db.select().from(auditLog).where(and(eq(auditLog.action, 'admin.user_invited'), eq(auditLog.entityId, newId)));
    expect(audit).toBeDefined();
    // The token itself is nowhere in the database.
    const found = await database().db.select().from(invitations).where(eq(invitations.tokenHash, token));
    expect(found).toEqual([]);

    // The link opens the set-password page.
    const page = (await invitationRoute.loader(args(await getRequest(`/uitnodiging/${token}`), { token }))) as { user: { email: string } };
    expect(page.user.email).toBe('Nieuwe.Partner@example.nl');

    // Too short a password, or two different ones: refused, nothing used up.
    const short = (await acceptRequest(token, 'kort')) as unknown as Result;
    expect(short.init?.status).toBe(400);
    expect(short.data?.errors).toEqual({ password: 'errors.admin.password.tooShort' });
    const mismatch = (await acceptRequest(token, 'een lange zin als wachtwoord', 'iets anders')) as unknown as Result;
    expect(mismatch.data?.errors).toEqual({ confirm: 'errors.admin.confirm.mismatch' });

    // Accepting signs the user in.
    const accepted = (await acceptRequest(token, 'een lange zin als wachtwoord')) as Response;
    expect(accepted.status).toBe(302);
    const cookie = accepted.headers.get('set-cookie')!.split(';')[0]!;
    const data = await programmeRoute.loader(args(new Request(`${BASE}/programma`, { headers: { cookie } })));
    expect(data.projects.map((p: { code: string }) => p.code)).toEqual(['ECOFED']);
    const [activated] = await database().db.select().from(users).where(eq(users.id, newId));
    expect(activated!.status).toBe('active');
    expect(await canSignIn('nieuwe.partner@example.nl', 'een lange zin als wachtwoord')).toBe(true);

    // Used once: the same link now answers 410 and changes nothing.
    const reused = (await acceptRequest(token, 'een ander lang wachtwoord')) as unknown as Result;
    expect(reused.init?.status).toBe(410);
    expect(reused.data?.invalid).toBe('admin.invitation.used');
    const reload = (await invitationRoute.loader(args(await getRequest(`/uitnodiging/${token}`), { token }))) as unknown as Result;
    expect(reload.init?.status).toBe(410);
  });

  it('sends a new staff member to set up two-step sign-in first, and refuses a common password', async () => {
    const result = await invite({ email: 'nieuwe.beoordelaar@example.nl', name: 'Nieuwe Beoordelaar', locale: 'nl', 'role-reviewer': 'on' });
    const token = tokenOf(result.invited!.link);
    const common = (await acceptRequest(token, 'password1234')) as unknown as Result;
    expect(common.init?.status).toBe(400);
    expect(common.data?.errors).toEqual({ password: 'errors.security.password.common' });
    const accepted = (await acceptRequest(token, 'vijf groene appels op tafel')) as Response;
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get('location')).toBe('/account/tweestaps?redirectTo=%2Fprogramma');
    // Until then the session opens no page.
    const cookie = accepted.headers.get('set-cookie')!.split(';')[0]!;
    const blocked = await thrownResponse(() => programmeRoute.loader(args(new Request(`${BASE}/programma`, { headers: { cookie } }))));
    expect(blocked.status).toBe(302);
  });

  it('refuses an expired link and an unknown link', async () => {
    const result = await invite({ email: 'laat@example.nl', name: 'Te Laat', locale: 'nl' });
    const token = tokenOf(result.invited!.link);
    await database()
      .db.update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.userId, result.invited!.userId));
    const expired = (await acceptRequest(token, 'een lange zin als wachtwoord')) as unknown as Result;
    expect(expired.init?.status).toBe(410);
    expect(expired.data?.invalid).toBe('admin.invitation.expired');
    const [user] = await database().db.select().from(users).where(eq(users.id, result.invited!.userId));
    expect(user).toMatchObject({ status: 'invited', passwordHash: null });

    const unknown = (await acceptRequest('A'.repeat(43), 'een lange zin als wachtwoord')) as unknown as Result;
    expect(unknown.init?.status).toBe(404);
    expect(unknown.data?.invalid).toBe('admin.invitation.unknown');
  });

  it('a new link replaces the old one', async () => {
    const result = await invite({ email: 'opnieuw@example.nl', name: 'Opnieuw', locale: 'nl' });
    const oldToken = tokenOf(result.invited!.link);
    const again = (await userRoute.action(
      args(await postRequest(`/beheer/gebruikers/${result.invited!.userId}`, { intent: 'reinvite' }, ADMIN), { id: result.invited!.userId }),
    )) as { done: { kind: string; link: string } };
    expect(again.done.kind).toBe('reinvited');
    const old = (await acceptRequest(oldToken, 'een lange zin als wachtwoord')) as unknown as Result;
    expect(old.init?.status).toBe(410);
    const fresh = (await acceptRequest(tokenOf(again.done.link), 'een lange zin als wachtwoord')) as Response;
    expect(fresh.status).toBe(302);
  });

  it('refuses a duplicate e-mail address (any case) and bad input, saving nothing', async () => {
    const before = (await database().db.select().from(users)).length;
    const duplicate = await invite({ email: 'ADMIN@demo.ipcei.test', name: 'Dubbel', locale: 'nl' });
    expect(duplicate.init?.status).toBe(409);
    expect(duplicate.data?.errors).toEqual({ email: 'errors.admin.email.taken' });
    const bad = await invite({ email: 'geen-adres', name: '', locale: 'nl' });
    expect(bad.init?.status).toBe(400);
    expect(bad.data?.errors).toEqual({ email: 'errors.admin.email.invalid', name: 'errors.admin.name.required' });
    // A penvoerder must act for the lead organisation (ECOFED's lead is TNO, not AMS-IX).
    const amsix = await ids('ECOFED', 'AMS-IX');
    const penvoerder = await invite({ email: 'p@example.nl', name: 'P', locale: 'nl', [`membership-${amsix.projectId}`]: `${amsix.organisationId}:penvoerder` });
    expect(penvoerder.init?.status).toBe(400);
    expect(penvoerder.data?.errors).toEqual({ memberships: 'errors.admin.membership.penvoerderNotLead' });
    // An organisation that is not a partner of the project.
    const leaseweb = await ids('ECC', 'Leaseweb');
    const notPartner = await invite({ email: 'q@example.nl', name: 'Q', locale: 'nl', [`membership-${amsix.projectId}`]: `${leaseweb.organisationId}:contributor` });
    expect(notPartner.data?.errors).toEqual({ memberships: 'errors.admin.membership.notPartner' });
    expect((await database().db.select().from(users)).length).toBe(before);
  });

  it('is for administrators only', async () => {
    const response = await thrownResponse(async () => usersRoute.loader(args(await getRequest('/beheer/gebruikers', 'reviewer.a@demo.ipcei.test'))));
    expect(response.status).toBe(403);
    const post = await thrownResponse(async () =>
      userNewRoute.action(args(await postRequest('/beheer/gebruikers/nieuw', { email: 'x@example.nl', name: 'X', locale: 'nl' }, 'penvoerder.ecofed@demo.ipcei.test'))),
    );
    expect(post.status).toBe(403);
  });
});

describe('deactivation', () => {
  it('ends every session at once, blocks sign-in and keeps the history', async () => {
    const email = 'partner.bit@demo.ipcei.test';
    const id = await userId(email);
    const cookie = await sessionCookieFor(email);
    await sessionCookieFor(email);
    expect(await sessionCount(id)).toBeGreaterThanOrEqual(2);
    const result = (await userRoute.action(args(await postRequest(`/beheer/gebruikers/${id}`, { intent: 'deactivate' }, ADMIN), { id }))) as {
      done: { kind: string; sessionsEnded: number };
    };
    expect(result.done.kind).toBe('deactivated');
    expect(result.done.sessionsEnded).toBeGreaterThanOrEqual(2);
    expect(await sessionCount(id)).toBe(0);
    const blocked = await thrownResponse(() => programmeRoute.loader(args(new Request(`${BASE}/programma`, { headers: { cookie } }))));
    expect(blocked.status).toBe(302);
    expect(blocked.headers.get('location')).toMatch(/^\/inloggen/);
    expect(await canSignIn(email, DEMO_PASSWORD)).toBe(false);
    const [user] = await database().db.select().from(users).where(eq(users.id, id));
    expect(user!.status).toBe('deactivated');
    expect((await database().db.select().from(projectMemberships).where(eq(projectMemberships.userId, id))).length).toBe(1);
  });
});

describe('rights', () => {
  it('nobody raises their own rights', async () => {
    const adminId = await userId(ADMIN);
    const tno = await ids('ECOFED', 'TNO');
    for (const extra of [{ 'role-reviewer': 'on' }, { [`membership-${tno.projectId}`]: `${tno.organisationId}:penvoerder` }] as Record<string, string>[]) {
      const result = (await userRoute.action(
        args(await postRequest(`/beheer/gebruikers/${adminId}`, { intent: 'save', name: 'Marieke Jansen', 'role-admin': 'on', ...extra }, ADMIN), {
          id: adminId,
        }),
      )) as unknown as Result;
      expect(result.init?.status).toBe(403);
      expect(result.data?.errors).toEqual({ staffRoles: 'errors.admin.selfEscalation' });
    }
    const roles = await database().db.select().from(userRoles).where(eq(userRoles.userId, adminId));
    expect(roles.map((r) => r.role)).toEqual(['admin']);
    expect(await database().db.select().from(projectMemberships).where(eq(projectMemberships.userId, adminId))).toEqual([]);
  });

  it('the last administrator stays: no removing the own admin role, no deactivating oneself', async () => {
    const adminId = await userId(ADMIN);
    const drop = (await userRoute.action(
      args(await postRequest(`/beheer/gebruikers/${adminId}`, { intent: 'save', name: 'Marieke Jansen' }, ADMIN), { id: adminId }),
    )) as unknown as Result;
    expect(drop.init?.status).toBe(409);
    expect(drop.data?.errors).toEqual({ staffRoles: 'errors.admin.lastAdmin' });
    const self = (await userRoute.action(
      args(await postRequest(`/beheer/gebruikers/${adminId}`, { intent: 'deactivate' }, ADMIN), { id: adminId }),
    )) as unknown as Result;
    expect(self.init?.status).toBe(403);
    expect((await database().db.select().from(userRoles).where(and(eq(userRoles.userId, adminId), eq(userRoles.role, 'admin')))).length).toBe(1);
  });

  it('with a second administrator, one may step down, and then the other is the last', async () => {
    const adminId = await userId(ADMIN);
    const otherEmail = 'reviewer.b@demo.ipcei.test';
    const otherId = await userId(otherEmail);
    const promote = (await userRoute.action(
      args(await postRequest(`/beheer/gebruikers/${otherId}`, { intent: 'save', name: 'Sophie Mulder', 'role-reviewer': 'on', 'role-admin': 'on' }, ADMIN), {
        id: otherId,
      }),
    )) as { done: { kind: string } };
    expect(promote.done.kind).toBe('saved');
    // The first administrator gives up the role (allowed: giving things up is not escalation).
    const stepDown = (await userRoute.action(
      args(await postRequest(`/beheer/gebruikers/${adminId}`, { intent: 'save', name: 'Marieke Jansen', 'role-reviewer': 'on' }, ADMIN), { id: adminId }),
    )) as unknown as Result & { done?: unknown };
    expect(stepDown.init?.status).toBe(403); // adding reviewer to oneself is escalation
    const stepDown2 = (await userRoute.action(
      args(await postRequest(`/beheer/gebruikers/${adminId}`, { intent: 'save', name: 'Marieke Jansen' }, ADMIN), { id: adminId }),
    )) as { done: { kind: string } };
    expect(stepDown2.done.kind).toBe('saved');
    // Now the other is the last administrator and cannot be deactivated by anyone.
    const last = (await userRoute.action(
      args(await postRequest(`/beheer/gebruikers/${otherId}`, { intent: 'save', name: 'Sophie Mulder', 'role-reviewer': 'on' }, otherEmail), { id: otherId }),
    )) as unknown as Result;
    expect(last.init?.status).toBe(409);
    const [{ count }] = (await database()
      .db.select({ count: sql<number>`count(*)::int` })
      .from(userRoles)
      .where(eq(userRoles.role, 'admin'))) as [{ count: number }];
    expect(count).toBe(1);
  });
});

describe('the last administrator under concurrent changes', () => {
  it('two administrators removing each other at the same time: one stays (a real race on the server; one after the other on PGlite)', async () => {
    // Whoever is the active administrator now (earlier tests moved the role around).
    const [current] = await database()
      .db.select({ id: users.id, email: users.email })
      .from(userRoles)
      .innerJoin(users, eq(users.id, userRoles.userId))
      .where(and(eq(userRoles.role, 'admin'), eq(users.status, 'active')));
    const adminId = current!.id;
    const adminEmail = current!.email;
    const otherEmail = 'reviewer.a@demo.ipcei.test';
    const otherId = await userId(otherEmail);
    const promoted = (await userRoute.action(
      args(await postRequest(`/beheer/gebruikers/${otherId}`, { intent: 'save', name: 'Daan Visser', 'role-reviewer': 'on', 'role-admin': 'on' }, adminEmail), { id: otherId }),
    )) as { done?: { kind: string } };
    expect(promoted.done?.kind).toBe('saved');
    const adminsNow = async () =>
      (await database().db.select().from(userRoles).innerJoin(users, eq(users.id, userRoles.userId)).where(and(eq(userRoles.role, 'admin'), eq(users.status, 'active')))).length;
    const before = await adminsNow();
    expect(before).toBeGreaterThanOrEqual(2);
    const [a, b] = await Promise.all([
      userRoute.action(args(await postRequest(`/beheer/gebruikers/${otherId}`, { intent: 'deactivate' }, adminEmail), { id: otherId })),
      userRoute.action(args(await postRequest(`/beheer/gebruikers/${adminId}`, { intent: 'deactivate' }, otherEmail), { id: adminId })),
    ]);
    expect(await adminsNow()).toBeGreaterThanOrEqual(1);
    if (before === 2) {
      const refused = [a, b].filter((r) => (r as unknown as Result).init?.status === 409);
      expect(refused).toHaveLength(1);
    }
  });
});

describe('own account', () => {
  const email = 'partner.amsix@demo.ipcei.test';

  it('changes name and language', async () => {
    const response = (await accountRoute.action(args(await postRequest('/account', { intent: 'profile', name: 'Bram H.', locale: 'en' }, email)))) as unknown as Result;
    expect(response.data?.done).toBe('profile');
    const [user] = await database().db.select().from(users).where(eq(users.id, await userId(email)));
    expect(user).toMatchObject({ name: 'Bram H.', locale: 'en' });
  });

  it('needs the old password, and ends the other sessions on a change', async () => {
    const id = await userId(email);
    const wrong = (await accountRoute.action(
      args(await postRequest('/account', { intent: 'password', currentPassword: 'fout-wachtwoord', newPassword: 'een nieuw lang wachtwoord', confirm: 'een nieuw lang wachtwoord' }, email)),
    )) as unknown as Result;
    expect(wrong.init?.status).toBe(400);
    expect(wrong.data?.errors).toEqual({ currentPassword: 'errors.admin.account.currentPassword.wrong' });

    const other = await sessionCookieFor(email);
    const request = await postRequest('/account', { intent: 'password', currentPassword: DEMO_PASSWORD, newPassword: 'een nieuw lang wachtwoord', confirm: 'een nieuw lang wachtwoord' }, email);
    const ownHash = hashToken(request.headers.get('cookie')!.split('=')[1]!);
    const done = (await accountRoute.action(args(request))) as unknown as Result;
    expect(done.data?.done).toBe('password');
    const left = await database().db.select().from(sessions).where(eq(sessions.userId, id));
    expect(left.map((s) => s.idHash)).toEqual([ownHash]);
    const blocked = await thrownResponse(() => programmeRoute.loader(args(new Request(`${BASE}/programma`, { headers: { cookie: other } }))));
    expect(blocked.status).toBe(302);
    expect(await canSignIn(email, 'een nieuw lang wachtwoord')).toBe(true);
  });
});
