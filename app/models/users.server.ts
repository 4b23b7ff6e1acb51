import { randomBytes } from 'node:crypto';
import { and, asc, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '#db/client';
import {
  emailOutbox,
  invitations,
  organisations,
  projectMemberships,
  projectPartners,
  projects,
  STAFF_ROLES,
  userRoles,
  users,
  type Locale,
  type ProjectRole,
  type StaffRole,
  type UserStatus,
} from '#db/schema/index';
import { createTranslator, type TranslationKey } from '#app/i18n/index';
import type { Principal } from '#app/utils/permissions.server';
import { hashPassword, verifyPassword } from '#app/utils/password.server';
import { createSession, endAllSessions, hashToken } from '#app/utils/session.server';
import { appendAudit, type AuditActor } from './audit.server';
import { mfaRequired } from './auth.server';

/** An invitation link is valid for 72 hours and can be used once. */
export const INVITATION_TTL_MS = 72 * 60 * 60 * 1000;

/** A fixed 64-bit key: changes to administrator rights and deactivations are checked one at a time. */
const ADMIN_RIGHTS_LOCK_KEY = 7_310_402_025;

/**
 * A refused user-administration change: a translation key for the message, the HTTP status and
 * (when it concerns one field) the field it belongs to.
 */
export class UserAdminError extends Error {
  constructor(
    readonly messageKey: TranslationKey,
    readonly status: 400 | 403 | 404 | 409 | 410,
    readonly field = '_form',
  ) {
    super(messageKey);
  }
}

export interface MembershipInput {
  projectId: string;
  organisationId: string;
  role: ProjectRole;
}

export interface AccessInput {
  staffRoles: StaffRole[];
  memberships: MembershipInput[];
}

export interface UserListRow {
  id: string;
  email: string;
  name: string;
  status: UserStatus;
  staffRoles: StaffRole[];
  memberships: { projectCode: string; organisationName: string; role: ProjectRole }[];
}

export async function listUsers(db: Queryable): Promise<UserListRow[]> {
  const [rows, roles, memberships] = await Promise.all([
    db.select({ id: users.id, email: users.email, name: users.name, status: users.status }).from(users).orderBy(asc(users.name)),
    db.select({ userId: userRoles.userId, role: userRoles.role }).from(userRoles),
    db
      .select({
        userId: projectMemberships.userId,
        projectCode: projects.code,
        organisationName: organisations.name,
        role: projectMemberships.role,
      })
      .from(projectMemberships)
      .innerJoin(projects, eq(projects.id, projectMemberships.projectId))
      .innerJoin(organisations, eq(organisations.id, projectMemberships.organisationId))
      .orderBy(asc(projects.code)),
  ]);
  const collator = new Intl.Collator('nl');
  return rows
    .map((user) => ({
      ...user,
      staffRoles: STAFF_ROLES.filter((role) => roles.some((r) => r.userId === user.id && r.role === role)),
      memberships: memberships.filter((m) => m.userId === user.id).map(({ userId: _u, ...m }) => m),
    }))
    .sort((a, b) => collator.compare(a.name, b.name));
}

export interface UserDetail {
  id: string;
  email: string;
  name: string;
  locale: Locale;
  status: UserStatus;
  staffRoles: StaffRole[];
  memberships: MembershipInput[];
  pendingInvitation: { expiresAt: Date } | null;
}

export async function getUser(db: Queryable, id: string, now = new Date()): Promise<UserDetail | null> {
  if (!isUuid(id)) return null;
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, locale: users.locale, status: users.status })
    .from(users)
    .where(eq(users.id, id));
  if (!user) return null;
  const [roles, memberships, [invitation]] = await Promise.all([
    db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, id)),
    db
      .select({ projectId: projectMemberships.projectId, organisationId: projectMemberships.organisationId, role: projectMemberships.role })
      .from(projectMemberships)
      .where(eq(projectMemberships.userId, id)),
    db
      .select({ expiresAt: invitations.expiresAt })
      .from(invitations)
      .where(and(eq(invitations.userId, id), isNull(invitations.usedAt), gt(invitations.expiresAt, now)))
      .orderBy(sql`${invitations.expiresAt} desc`)
      .limit(1),
  ]);
  return {
    ...user,
    staffRoles: STAFF_ROLES.filter((role) => roles.some((r) => r.role === role)),
    memberships,
    pendingInvitation: invitation ?? null,
  };
}

/** Projects with their partner organisations and lead organisation: the choices for memberships. */
export async function membershipChoices(db: Queryable) {
  const rows = await db
    .select({
      projectId: projects.id,
      projectCode: projects.code,
      leadOrganisationId: projects.leadOrganisationId,
      organisationId: organisations.id,
      organisationName: organisations.name,
    })
    .from(projects)
    .innerJoin(projectPartners, eq(projectPartners.projectId, projects.id))
    .innerJoin(organisations, eq(organisations.id, projectPartners.organisationId))
    .orderBy(asc(projects.code), asc(organisations.name));
  const byProject = new Map<string, { projectId: string; projectCode: string; leadOrganisationId: string; partners: { id: string; name: string }[] }>();
  for (const row of rows) {
    let entry = byProject.get(row.projectId);
    if (!entry) {
      entry = { projectId: row.projectId, projectCode: row.projectCode, leadOrganisationId: row.leadOrganisationId, partners: [] };
      byProject.set(row.projectId, entry);
    }
    entry.partners.push({ id: row.organisationId, name: row.organisationName });
  }
  return [...byProject.values()];
}

export function isUuid(value: string) {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/** Turns the database's refusals into messages; rethrows anything else. */
function translateDbError(error: unknown): never {
  const code = pgErrorField(error, 'code');
  const constraint = pgErrorField(error, 'constraint') ?? pgErrorField(error, 'constraint_name');
  if (constraint === 'penvoerder_is_lead') throw new UserAdminError('errors.admin.membership.penvoerderNotLead', 400, 'memberships');
  if (constraint === 'project_memberships_partner_fk') throw new UserAdminError('errors.admin.membership.notPartner', 400, 'memberships');
  if (constraint === 'users_email_lower_uq' || (code === '23505' && String(error).includes('email'))) {
    throw new UserAdminError('errors.admin.email.taken', 409, 'email');
  }
  throw error;
}

/** Reads a field of a PostgreSQL error on both drivers (possibly wrapped by Drizzle in `cause`). */
export function pgErrorField(error: unknown, field: string): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 3 && current && typeof current === 'object'; depth++) {
    const value = (current as Record<string, unknown>)[field];
    if (typeof value === 'string' && value) return value;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

async function lockAdminRights(tx: Tx) {
  await tx.execute(sql`select pg_advisory_xact_lock(${ADMIN_RIGHTS_LOCK_KEY})`);
}

async function activeAdminCount(tx: Tx, exceptUserId: string) {
  const rows = await tx
    .select({ id: users.id })
    .from(userRoles)
    .innerJoin(users, eq(users.id, userRoles.userId))
    .where(and(eq(userRoles.role, 'admin'), eq(users.status, 'active'), ne(users.id, exceptUserId)));
  return rows.length;
}

async function writeAccess(tx: Tx, userId: string, access: AccessInput) {
  await tx.delete(userRoles).where(eq(userRoles.userId, userId));
  if (access.staffRoles.length) await tx.insert(userRoles).values(access.staffRoles.map((role) => ({ userId, role })));
  await tx.delete(projectMemberships).where(eq(projectMemberships.userId, userId));
  if (access.memberships.length) {
    await tx.insert(projectMemberships).values(access.memberships.map((m) => ({ userId, ...m })));
  }
}

function newToken() {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashToken(token) };
}

/** The mail with the invitation link, in the invitee's language, in the same transaction (outbox). */
async function queueInvitationMail(
  tx: Tx,
  input: { invitationId: string; email: string; name: string; locale: Locale; link: string; expiresAt: Date },
) {
  const tr = createTranslator(input.locale);
  const expires = new Intl.DateTimeFormat(input.locale === 'nl' ? 'nl-NL' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Amsterdam',
  }).format(input.expiresAt);
  await tx.insert(emailOutbox).values({
    dedupeKey: `invitation:${input.invitationId}`,
    toAddress: input.email,
    locale: input.locale,
    subject: tr.t('admin.mail.invitation.subject'),
    bodyText: tr.t('admin.mail.invitation.body', { name: input.name, link: input.link, expires }),
  });
}

async function createInvitation(
  tx: Tx,
  user: { id: string; email: string; name: string; locale: Locale },
  createdBy: string,
  baseUrl: string,
  now: Date,
) {
  const { token, tokenHash } = newToken();
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  const [invitation] = await tx
    .insert(invitations)
    .values({ userId: user.id, tokenHash, createdBy, createdAt: now, expiresAt })
    .returning({ id: invitations.id });
  const link = `${baseUrl.replace(/\/$/, '')}/uitnodiging/${token}`;
  await queueInvitationMail(tx, { invitationId: invitation!.id, email: user.email, name: user.name, locale: user.locale, link, expiresAt });
  return { invitationId: invitation!.id, token, link, expiresAt };
}

export interface InviteInput extends AccessInput {
  email: string;
  name: string;
  locale: Locale;
}

/**
 * Invites a new user: the user (status invited, no password), their roles and memberships, a
 * one-time link (only its SHA-256 is stored) and the e-mail with the link, in one transaction.
 */
export async function inviteUser(tx: Tx, principal: Principal, actor: AuditActor, input: InviteInput, baseUrl: string, now = new Date()) {
  const email = input.email.trim();
  const [existing] = await tx.select({ id: users.id }).from(users).where(eq(sql`lower(${users.email})`, email.toLowerCase()));
  if (existing) throw new UserAdminError('errors.admin.email.taken', 409, 'email');
  try {
    const [user] = await tx
      .insert(users)
      .values({ email, name: input.name.trim(), locale: input.locale, status: 'invited', passwordHash: null })
      .returning({ id: users.id });
    await writeAccess(tx, user!.id, input);
    const invitation = await createInvitation(tx, { id: user!.id, email, name: input.name.trim(), locale: input.locale }, principal.user.id, baseUrl, now);
    await appendAudit(tx, actor, {
      action: 'admin.user_invited',
      entityType: 'user',
      entityId: user!.id,
      details: { email, staffRoles: input.staffRoles, memberships: input.memberships, invitationId: invitation.invitationId },
    });
    return { userId: user!.id, ...invitation };
  } catch (error) {
    translateDbError(error);
  }
}

/** A new link for a user who has not accepted yet; earlier links stop working. */
export async function reinviteUser(tx: Tx, principal: Principal, actor: AuditActor, userId: string, baseUrl: string, now = new Date()) {
  const [user] = await tx
    .select({ id: users.id, email: users.email, name: users.name, locale: users.locale, status: users.status })
    .from(users)
    .where(eq(users.id, userId))
    .for('update');
  if (!user) throw new UserAdminError('errors.admin.user.notFound', 404);
  if (user.status !== 'invited') throw new UserAdminError('errors.admin.invite.notInvited', 409);
  await tx
    .update(invitations)
    .set({ expiresAt: now })
    .where(and(eq(invitations.userId, userId), isNull(invitations.usedAt), gt(invitations.expiresAt, now)));
  const invitation = await createInvitation(tx, user, principal.user.id, baseUrl, now);
  await appendAudit(tx, actor, { action: 'admin.user_reinvited', entityType: 'user', entityId: userId, details: { invitationId: invitation.invitationId } });
  return invitation;
}

function membershipKey(m: MembershipInput) {
  return `${m.projectId}|${m.organisationId}|${m.role}`;
}

/**
 * Sets a user's name, staff roles and project memberships.
 * - Nobody raises their own rights: on one's own account no role or membership may be added or
 *   changed (giving things up is allowed).
 * - The last active administrator keeps the admin role.
 */
export async function updateUserAccess(
  tx: Tx,
  principal: Principal,
  actor: AuditActor,
  userId: string,
  input: AccessInput & { name: string },
) {
  await lockAdminRights(tx);
  const [user] = await tx.select({ id: users.id, name: users.name, status: users.status }).from(users).where(eq(users.id, userId)).for('update');
  if (!user) throw new UserAdminError('errors.admin.user.notFound', 404);
  const [currentRoles, currentMemberships] = await Promise.all([
    tx.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId)),
    tx
      .select({ projectId: projectMemberships.projectId, organisationId: projectMemberships.organisationId, role: projectMemberships.role })
      .from(projectMemberships)
      .where(eq(projectMemberships.userId, userId)),
  ]);
  const before = new Set(currentRoles.map((r) => r.role));
  const after = new Set(input.staffRoles);
  const beforeMemberships = new Set(currentMemberships.map(membershipKey));
  const addedRoles = [...after].filter((r) => !before.has(r));
  const removedRoles = [...before].filter((r) => !after.has(r));
  const addedMemberships = input.memberships.filter((m) => !beforeMemberships.has(membershipKey(m)));
  const afterMemberships = new Set(input.memberships.map(membershipKey));
  const removedMemberships = currentMemberships.filter((m) => !afterMemberships.has(membershipKey(m)));

  if (userId === principal.user.id && (addedRoles.length > 0 || addedMemberships.length > 0)) {
    throw new UserAdminError('errors.admin.selfEscalation', 403, 'staffRoles');
  }
  if (removedRoles.includes('admin') && user.status === 'active' && (await activeAdminCount(tx, userId)) === 0) {
    throw new UserAdminError('errors.admin.lastAdmin', 409, 'staffRoles');
  }
  try {
    if (input.name.trim() !== user.name) await tx.update(users).set({ name: input.name.trim(), updatedAt: new Date() }).where(eq(users.id, userId));
    await writeAccess(tx, userId, input);
  } catch (error) {
    translateDbError(error);
  }
  await appendAudit(tx, actor, {
    action: 'admin.user_access_changed',
    entityType: 'user',
    entityId: userId,
    details: { addedRoles, removedRoles, addedMemberships, removedMemberships, nameChanged: input.name.trim() !== user.name },
  });
  return { addedRoles, removedRoles, addedMemberships, removedMemberships };
}

/**
 * Deactivates a user: status deactivated, every session ended at once, open invitation links
 * stopped. History (reports, decisions, audit) stays. Not oneself, not the last administrator.
 */
export async function deactivateUser(tx: Tx, principal: Principal, actor: AuditActor, userId: string, now = new Date()) {
  await lockAdminRights(tx);
  if (userId === principal.user.id) throw new UserAdminError('errors.admin.deactivate.self', 403);
  const [user] = await tx.select({ id: users.id, status: users.status }).from(users).where(eq(users.id, userId)).for('update');
  if (!user) throw new UserAdminError('errors.admin.user.notFound', 404);
  if (user.status === 'deactivated') throw new UserAdminError('errors.admin.deactivate.already', 409);
  const [isAdmin] = await tx.select({ role: userRoles.role }).from(userRoles).where(and(eq(userRoles.userId, userId), eq(userRoles.role, 'admin')));
  if (isAdmin && user.status === 'active' && (await activeAdminCount(tx, userId)) === 0) {
    throw new UserAdminError('errors.admin.lastAdmin', 409);
  }
  await tx.update(users).set({ status: 'deactivated', updatedAt: now }).where(eq(users.id, userId));
  const sessionsEnded = await endAllSessions(tx, userId);
  await tx
    .update(invitations)
    .set({ expiresAt: now })
    .where(and(eq(invitations.userId, userId), isNull(invitations.usedAt), gt(invitations.expiresAt, now)));
  await appendAudit(tx, actor, {
    action: 'admin.user_deactivated',
    entityType: 'user',
    entityId: userId,
    details: { previousStatus: user.status, sessionsEnded },
  });
  return { sessionsEnded };
}

export type InvitationState =
  | { ok: true; invitationId: string; user: { id: string; email: string; name: string; locale: Locale } }
  | { ok: false; reason: 'unknown' | 'used' | 'expired' };

/** What an invitation link leads to (without changing anything). */
export async function lookupInvitation(db: Queryable, token: string, now = new Date()): Promise<InvitationState> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { ok: false, reason: 'unknown' };
  const [row] = await db
    .select({
      id: invitations.id,
      usedAt: invitations.usedAt,
      expiresAt: invitations.expiresAt,
      userId: users.id,
      email: users.email,
      name: users.name,
      locale: users.locale,
      status: users.status,
    })
    .from(invitations)
    .innerJoin(users, eq(users.id, invitations.userId))
    .where(eq(invitations.tokenHash, hashToken(token)));
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.usedAt) return { ok: false, reason: 'used' };
  if (row.status !== 'invited') return { ok: false, reason: row.status === 'active' ? 'used' : 'unknown' };
  if (row.expiresAt <= now) return { ok: false, reason: 'expired' };
  return { ok: true, invitationId: row.id, user: { id: row.userId, email: row.email, name: row.name, locale: row.locale } };
}

/**
 * Accepts an invitation: sets the password, activates the user, uses up the link and opens a
 * session, in one transaction. The link's `used_at IS NULL` is in the WHERE, so two tabs cannot
 * both use it.
 */
export async function acceptInvitation(
  tx: Tx,
  token: string,
  password: string,
  meta: { ipAddress: string; userAgent: string | null; requestId: string | null },
  now = new Date(),
): Promise<{ ok: true; sessionToken: string; userId: string; next: 'signedIn' | 'mfaSetup' } | { ok: false; reason: 'unknown' | 'used' | 'expired' }> {
  const state = await lookupInvitation(tx, token, now);
  if (!state.ok) return state;
  const passwordHash = await hashPassword(password);
  const used = await tx
    .update(invitations)
    .set({ usedAt: now })
    .where(and(eq(invitations.id, state.invitationId), isNull(invitations.usedAt), gt(invitations.expiresAt, now)))
    .returning({ id: invitations.id });
  if (used.length === 0) return { ok: false, reason: 'used' };
  const activated = await tx
    .update(users)
    .set({ passwordHash, status: 'active', updatedAt: now })
    .where(and(eq(users.id, state.user.id), eq(users.status, 'invited')))
    .returning({ id: users.id });
  if (activated.length === 0) return { ok: false, reason: 'used' };
  // Staff accounts must set up multi-factor sign-in first: their session waits for it.
  const mfaPending = await mfaRequired(tx, state.user.id);
  const sessionToken = await createSession(tx, state.user.id, { ...meta, mfaPending }, now);
  await appendAudit(
    tx,
    { userId: state.user.id, email: state.user.email, ipAddress: meta.ipAddress, requestId: meta.requestId },
    { action: 'auth.invitation_accepted', entityType: 'user', entityId: state.user.id, details: { invitationId: state.invitationId, next: mfaPending ? 'mfa_setup' : 'signed_in' } },
  );
  return { ok: true, sessionToken, userId: state.user.id, next: mfaPending ? 'mfaSetup' : 'signedIn' };
}

/** A user changes their own name and language. */
export async function updateOwnProfile(tx: Tx, principal: Principal, actor: AuditActor, input: { name: string; locale: Locale }) {
  const name = input.name.trim();
  await tx.update(users).set({ name, locale: input.locale, updatedAt: new Date() }).where(eq(users.id, principal.user.id));
  await appendAudit(tx, actor, {
    action: 'account.profile_changed',
    entityType: 'user',
    entityId: principal.user.id,
    details: { nameChanged: name !== principal.user.name, locale: input.locale },
  });
}

/** A user changes the language of their pages (the language switch). */
export async function updateOwnLocale(tx: Tx, principal: Principal, actor: AuditActor, locale: Locale) {
  await tx.update(users).set({ locale, updatedAt: new Date() }).where(eq(users.id, principal.user.id));
  await appendAudit(tx, actor, { action: 'user.locale_changed', entityType: 'user', entityId: principal.user.id, details: { locale } });
}

/**
 * A user changes their own password: the current password is required; every other session of
 * the user ends (this one stays).
 */
export async function changeOwnPassword(
  tx: Tx,
  principal: Principal,
  actor: AuditActor,
  input: { currentPassword: string; newPassword: string },
): Promise<{ ok: true; sessionsEnded: number } | { ok: false; field: string; messageKey: TranslationKey }> {
  const [user] = await tx.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, principal.user.id)).for('update');
  if (!(await verifyPassword(user?.passwordHash, input.currentPassword))) {
    await appendAudit(tx, actor, { action: 'account.password_change_failed', entityType: 'user', entityId: principal.user.id, details: { reason: 'wrong_password' } });
    return { ok: false, field: 'currentPassword', messageKey: 'errors.admin.account.currentPassword.wrong' };
  }
  if (input.currentPassword === input.newPassword) return { ok: false, field: 'newPassword', messageKey: 'errors.admin.account.newPassword.same' };
  await tx.update(users).set({ passwordHash: await hashPassword(input.newPassword), updatedAt: new Date() }).where(eq(users.id, principal.user.id));
  const sessionsEnded = await endAllSessions(tx, principal.user.id, principal.session.idHash);
  await appendAudit(tx, actor, { action: 'account.password_changed', entityType: 'user', entityId: principal.user.id, details: { otherSessionsEnded: sessionsEnded } });
  return { ok: true, sessionsEnded };
}

/** Checks that membership choices name real project partners (before the database is asked). */
export async function validateMemberships(db: Queryable, memberships: MembershipInput[]): Promise<TranslationKey | null> {
  if (memberships.length === 0) return null;
  const choices = await membershipChoices(db);
  for (const m of memberships) {
    const project = choices.find((c) => c.projectId === m.projectId);
    if (!project || !project.partners.some((p) => p.id === m.organisationId)) return 'errors.admin.membership.notPartner';
    if (m.role === 'penvoerder' && project.leadOrganisationId !== m.organisationId) return 'errors.admin.membership.penvoerderNotLead';
  }
  return null;
}
