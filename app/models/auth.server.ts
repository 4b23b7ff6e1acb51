import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { createCookie } from '@remix-run/node';
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { getDb, type Queryable, type Tx } from '#db/client';
import { auditLog, mfaRecoveryCodes, userRoles, users } from '#db/schema/index';
import { getConfig } from '#app/utils/config.server';
import { logger } from '#app/utils/logger.server';
import { verifyPassword } from '#app/utils/password.server';
import { admitSignInAttempt, settleSignInAttempt, type Admission } from '#app/utils/rate-limit.server';
import { completeMfa, createSession, type SessionRow } from '#app/utils/session.server';
import {
  generateRecoveryCodes,
  generateTotpSecret,
  hashRecoveryCode,
  sameHash,
  verifyTotp,
} from '#app/utils/totp.server';
import { appendAudit, type AuditActor } from './audit.server';

export interface SignInMeta {
  ipAddress: string;
  userAgent: string | null;
  requestId: string | null;
}

/**
 * The outcome of the password step:
 * - `signedIn`: a full session (no MFA needed: a partner without MFA);
 * - `mfa`: password right, a pending session waits for the authenticator code;
 * - `mfaSetup`: password right, but this staff account must first set up MFA (mandatory for staff);
 * - `failed` / `throttled`: one generic message to the user (no account enumeration).
 */
export type SignInResult =
  | { kind: 'signedIn' | 'mfa' | 'mfaSetup'; token: string }
  | { kind: 'failed' }
  | { kind: 'throttled'; retryAfterSeconds: number };

/** MFA is mandatory for RVO, EZ and administrator accounts (every staff role); optional for partners. */
export async function mfaRequired(db: Queryable, userId: string) {
  const roles = await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId)).limit(1);
  return roles.length > 0;
}

/**
 * Checks e-mail and password; on success opens a new session (new random id) in the same
 * transaction as the audit entry. Unknown address, wrong password, inactive account and a locked
 * account look alike to the caller but are told apart in the audit log and the application log.
 * The attempt is admitted (and recorded as pending) before the password is checked, so parallel
 * attempts cannot pass the limit; while the account or the IP address is throttled the password is
 * not even checked.
 */
export async function signIn(email: string, password: string, meta: SignInMeta): Promise<SignInResult> {
  const db = getDb();
  const emailLower = email.trim().toLowerCase();
  const admission = await admit(emailLower, meta);
  if (!admission.admitted) return { kind: 'throttled', retryAfterSeconds: admission.retryAfterSeconds };
  const [user] = await db
    .select({ id: users.id, email: users.email, passwordHash: users.passwordHash, status: users.status, mfaEnabledAt: users.mfaEnabledAt })
    .from(users)
    .where(eq(sql`lower(${users.email})`, emailLower))
    .limit(1);
  const passwordOk = await verifyPassword(user?.passwordHash, password);
  const succeeded = Boolean(user && passwordOk && user.status === 'active');
  return db.transaction(async (tx): Promise<SignInResult> => {
    const actor = { userId: user?.id ?? null, email: emailLower, ipAddress: meta.ipAddress, requestId: meta.requestId };
    if (!succeeded || !user) {
      // The admitted attempt stays recorded as a failure.
      const reason = !user ? 'unknown_email' : !passwordOk ? 'wrong_password' : `status_${user.status}`;
      await appendAudit(tx, actor, { action: 'auth.sign_in_failed', entityType: 'user', entityId: user?.id, details: { reason } });
      logger.info({ event: 'auth.sign_in_failed', reason, userId: user?.id, requestId: meta.requestId }, 'sign-in failed');
      return { kind: 'failed' };
    }
    if (user.mfaEnabledAt) {
      // The attempt only counts as a success once the code is right (see verifyMfa, its own attempt).
      await settleSignInAttempt(tx, admission.attemptId, 'uncounted');
      const token = await createSession(tx, user.id, { ...meta, mfaPending: true });
      await appendAudit(tx, actor, { action: 'auth.password_verified', entityType: 'user', entityId: user.id, details: { next: 'mfa' } });
      return { kind: 'mfa', token };
    }
    await settleSignInAttempt(tx, admission.attemptId, 'succeeded');
    if (await mfaRequired(tx, user.id)) {
      const token = await createSession(tx, user.id, { ...meta, mfaPending: true });
      await appendAudit(tx, actor, { action: 'auth.password_verified', entityType: 'user', entityId: user.id, details: { next: 'mfa_setup' } });
      return { kind: 'mfaSetup', token };
    }
    const token = await createSession(tx, user.id, meta);
    await appendAudit(tx, actor, { action: 'auth.signed_in', entityType: 'user', entityId: user.id, details: { mfa: false } });
    logger.info({ event: 'auth.signed_in', userId: user.id, requestId: meta.requestId }, 'signed in');
    return { kind: 'signedIn', token };
  });
}

/**
 * Admits one attempt for this account from this address (its own transaction, committed before the
 * password or code is checked). A refusal is not in the audit log (an attacker could flood it); the
 * application log has it.
 */
async function admit(emailLower: string, meta: { ipAddress: string; requestId: string | null }): Promise<Admission> {
  const admission = await getDb().transaction((tx) => admitSignInAttempt(tx, { emailLower, ipAddress: meta.ipAddress }));
  if (!admission.admitted) {
    logger.warn({ event: 'auth.sign_in_throttled', scope: admission.scope, ip: meta.ipAddress, requestId: meta.requestId }, 'sign-in throttled');
  }
  return admission;
}

interface MfaUser {
  id: string;
  email: string;
  totpSecret: string | null;
  mfaEnabledAt: Date | null;
  isDemo: boolean;
}

export async function getMfaUser(db: Queryable, userId: string): Promise<MfaUser | null> {
  const [user] = await db
    .select({ id: users.id, email: users.email, totpSecret: users.totpSecret, mfaEnabledAt: users.mfaEnabledAt, isDemo: users.isDemo })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.status, 'active')))
    .limit(1);
  return user ?? null;
}

/** The TOTP time step last accepted for this user (from the audit log), so a code works only once. */
async function lastAcceptedStep(db: Queryable, userId: string): Promise<number> {
  const [row] = await db
    .select({ details: auditLog.details })
    .from(auditLog)
    .where(and(eq(auditLog.actorId, userId), sql`${auditLog.action} in ('auth.mfa_verified', 'auth.mfa_enabled') and ${auditLog.details}->>'step' is not null`))
    .orderBy(desc(auditLog.seq))
    .limit(1);
  const step = row?.details?.step;
  return typeof step === 'number' ? step : -1;
}

/** Advisory lock class of "a TOTP step is being accepted for this user" (two-key form, like the sign-in locks). */
const TOTP_LOCK_CLASS = 7_310_413;

/**
 * Checks a TOTP code for the user, refusing replays. Returns the user (read under the lock) and the
 * time step, or null. The per-user lock is taken before the last accepted step is read and held
 * until the caller's transaction commits with the audit entry that records this step (every caller
 * writes `auth.mfa_verified` with the step), so of several requests with the same code at once
 * exactly one is accepted.
 * Demo accounts (demo mode only; their secrets are published) skip the replay check, so several
 * people and browser tests can sign in with one demo account within the same 30 seconds.
 */
async function acceptTotp(tx: Tx, userId: string, code: string): Promise<{ user: MfaUser; step: number } | null> {
  await tx.execute(sql`select pg_advisory_xact_lock(${TOTP_LOCK_CLASS}::int, hashtext(${userId}::text))`);
  const user = await getMfaUser(tx, userId);
  if (!user?.totpSecret || !user.mfaEnabledAt) return null;
  const step = verifyTotp(user.totpSecret, code);
  if (step === null) return null;
  if (!user.isDemo && step <= (await lastAcceptedStep(tx, user.id))) return null;
  return { user, step };
}

export type MfaResult = { kind: 'signedIn'; token: string } | { kind: 'failed' } | { kind: 'throttled'; retryAfterSeconds: number };

/**
 * The second step of sign-in: an authenticator code or one unused recovery code. Throttled like the
 * password step (a wrong code counts as a failed attempt). On success the pending session is
 * replaced by a full one with a new id.
 */
export async function verifyMfa(pending: SessionRow, input: { code?: string; recoveryCode?: string }, meta: SignInMeta): Promise<MfaResult> {
  const db = getDb();
  const user = await getMfaUser(db, pending.userId);
  if (!user?.totpSecret || !user.mfaEnabledAt) return { kind: 'failed' };
  const admission = await admit(user.email.toLowerCase(), meta);
  if (!admission.admitted) return { kind: 'throttled', retryAfterSeconds: admission.retryAfterSeconds };
  const actor: AuditActor = { userId: user.id, email: user.email, ipAddress: meta.ipAddress, requestId: meta.requestId };
  return db.transaction(async (tx): Promise<MfaResult> => {
    let method: 'totp' | 'recovery_code' | null = null;
    let step: number | null = null;
    if (input.code) {
      const accepted = await acceptTotp(tx, user.id, input.code);
      if (accepted) {
        step = accepted.step;
        method = 'totp';
      }
    } else if (input.recoveryCode) {
      const used = await useRecoveryCode(tx, user.id, input.recoveryCode);
      if (used) method = 'recovery_code';
    }
    if (!method) {
      // The admitted attempt stays recorded as a failure.
      await appendAudit(tx, actor, { action: 'auth.mfa_failed', entityType: 'user', entityId: user.id, details: { method: input.code ? 'totp' : 'recovery_code' } });
      logger.info({ event: 'auth.mfa_failed', userId: user.id, requestId: meta.requestId }, 'MFA code refused');
      return { kind: 'failed' };
    }
    await settleSignInAttempt(tx, admission.attemptId, 'succeeded');
    const token = await completeMfa(tx, pending, meta);
    await appendAudit(tx, actor, { action: 'auth.mfa_verified', entityType: 'user', entityId: user.id, details: step === null ? { method } : { method, step } });
    await appendAudit(tx, actor, { action: 'auth.signed_in', entityType: 'user', entityId: user.id, details: { mfa: true } });
    logger.info({ event: 'auth.signed_in', userId: user.id, mfa: method, requestId: meta.requestId }, 'signed in');
    return { kind: 'signedIn', token };
  });
}

async function useRecoveryCode(tx: Tx, userId: string, code: string): Promise<boolean> {
  const wanted = hashRecoveryCode(code);
  const unused = await tx
    .select({ id: mfaRecoveryCodes.id, codeHash: mfaRecoveryCodes.codeHash })
    .from(mfaRecoveryCodes)
    .where(and(eq(mfaRecoveryCodes.userId, userId), isNull(mfaRecoveryCodes.usedAt)));
  const match = unused.find((row) => sameHash(row.codeHash, wanted));
  if (!match) return false;
  // usedAt in the WHERE: two concurrent uses of one code cannot both succeed.
  const updated = await tx
    .update(mfaRecoveryCodes)
    .set({ usedAt: new Date() })
    .where(and(eq(mfaRecoveryCodes.id, match.id), isNull(mfaRecoveryCodes.usedAt)))
    .returning({ id: mfaRecoveryCodes.id });
  return updated.length === 1;
}

export async function unusedRecoveryCodeCount(db: Queryable, userId: string) {
  const rows = await db
    .select({ id: mfaRecoveryCodes.id })
    .from(mfaRecoveryCodes)
    .where(and(eq(mfaRecoveryCodes.userId, userId), isNull(mfaRecoveryCodes.usedAt)));
  return rows.length;
}

/** Replaces the user's recovery codes with new ones and returns them (shown once, stored hashed). */
async function replaceRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
  const codes = generateRecoveryCodes();
  await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId));
  await tx.insert(mfaRecoveryCodes).values(codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })));
  return codes;
}

/**
 * New recovery codes are shown on the next view of the two-step page, however the form was sent:
 * the action answers with a redirect and this cookie (Post/Redirect/Get). Answering the post with the
 * codes themselves fails without JavaScript when the post also replaced the session (set-up during
 * sign-in): the page's loaders then run with the old, ended session and send the visitor to sign-in.
 * The cookie is sealed (AES-256-GCM) with a key derived from the session's own token, so only the
 * browser holding that session can read it; it lives five minutes, only under /account, and the page
 * that shows the codes clears it (shown once). Only codes still unused are shown.
 */
const RECOVERY_CODES_COOKIE = createCookie('ipcei_new_recovery_codes', { path: '/account', httpOnly: true, sameSite: 'lax', maxAge: 5 * 60 });

function recoveryCodesKey(sessionToken: string) {
  // Not the session's id hash (sha256 of the token, stored in the database): a separate derivation.
  return createHash('sha256').update('ipcei recovery codes cookie\0').update(sessionToken).digest();
}

/** The Set-Cookie header that carries `codes` to the next view of the page of this session. */
export async function recoveryCodesCookie(sessionToken: string, codes: string[]): Promise<string> {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', recoveryCodesKey(sessionToken), iv);
  const sealed = Buffer.concat([cipher.update(codes.join(' '), 'utf8'), cipher.final()]);
  const value = Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
  return RECOVERY_CODES_COOKIE.serialize(value, { secure: getConfig().isProduction });
}

/**
 * The recovery codes this request carries for `userId` (read once), and the Set-Cookie header that
 * clears the cookie when there was one. Null codes: no cookie, another session's, tampered with, or
 * no longer the user's unused codes.
 */
export async function takeRecoveryCodes(db: Queryable, request: Request, sessionToken: string | null, userId: string): Promise<{ codes: string[] | null; clear: string | null }> {
  const value: unknown = await RECOVERY_CODES_COOKIE.parse(request.headers.get('cookie'));
  if (typeof value !== 'string' || !value) return { codes: null, clear: null };
  const clear = await RECOVERY_CODES_COOKIE.serialize('', { maxAge: 0, secure: getConfig().isProduction });
  if (!sessionToken) return { codes: null, clear };
  let codes: string[];
  try {
    const raw = Buffer.from(value, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', recoveryCodesKey(sessionToken), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    codes = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8').split(' ');
  } catch {
    return { codes: null, clear };
  }
  const hashes = codes.map(hashRecoveryCode);
  const unused = await db
    .select({ id: mfaRecoveryCodes.id })
    .from(mfaRecoveryCodes)
    .where(and(eq(mfaRecoveryCodes.userId, userId), isNull(mfaRecoveryCodes.usedAt), inArray(mfaRecoveryCodes.codeHash, hashes)));
  return { codes: codes.length > 0 && unused.length === codes.length ? codes : null, clear };
}

/**
 * Starts MFA set-up: a new candidate secret is stored (not yet enabled) and returned for the QR code.
 * A user who already has MFA enabled cannot start again here (they turn it off first, partners only).
 */
export async function startMfaSetup(actor: AuditActor, userId: string): Promise<string | null> {
  return getDb().transaction(async (tx) => {
    const user = await getMfaUser(tx, userId);
    if (!user || user.mfaEnabledAt) return null;
    const secret = generateTotpSecret();
    await tx.update(users).set({ totpSecret: secret, updatedAt: new Date() }).where(and(eq(users.id, userId), isNull(users.mfaEnabledAt)));
    await appendAudit(tx, actor, { action: 'auth.mfa_setup_started', entityType: 'user', entityId: userId });
    return secret;
  });
}

export type EnableMfaResult = { kind: 'enabled'; recoveryCodes: string[]; token?: string } | { kind: 'wrongCode' } | { kind: 'notStarted' };

/**
 * Confirms set-up with a code from the app: MFA is enabled and ten recovery codes are made. When the
 * user came here from sign-in (a pending session), that session is upgraded to a full one.
 */
export async function enableMfa(
  actor: AuditActor,
  userId: string,
  code: string,
  pending: { session: SessionRow; meta: { ipAddress: string; userAgent: string | null } } | null,
): Promise<EnableMfaResult> {
  return getDb().transaction(async (tx): Promise<EnableMfaResult> => {
    const user = await getMfaUser(tx, userId);
    if (!user?.totpSecret || user.mfaEnabledAt) return { kind: 'notStarted' };
    const step = verifyTotp(user.totpSecret, code);
    if (step === null) {
      await appendAudit(tx, actor, { action: 'auth.mfa_setup_failed', entityType: 'user', entityId: userId });
      return { kind: 'wrongCode' };
    }
    await tx.update(users).set({ mfaEnabledAt: new Date(), updatedAt: new Date() }).where(eq(users.id, userId));
    const recoveryCodes = await replaceRecoveryCodes(tx, userId);
    await appendAudit(tx, actor, { action: 'auth.mfa_enabled', entityType: 'user', entityId: userId, details: { step } });
    let token: string | undefined;
    if (pending) {
      token = await completeMfa(tx, pending.session, pending.meta);
      await appendAudit(tx, actor, { action: 'auth.signed_in', entityType: 'user', entityId: userId, details: { mfa: true } });
    }
    return { kind: 'enabled', recoveryCodes, token };
  });
}

/** A code asked for on the account page: refused, or throttled (429 with Retry-After). */
export type AccountCodeRefusal = { kind: 'wrongCode' } | { kind: 'throttled'; retryAfterSeconds: number };

/**
 * A TOTP code asked for on the account page (new recovery codes, turning MFA off): throttled and
 * counted by the same limiter as sign-in (a wrong code is a failed attempt of the account), and
 * audited either way (`auth.mfa_verified` or `auth.mfa_failed`, with the purpose). `then` runs in the
 * same transaction once the code is accepted.
 */
async function withAccountCode<T>(
  actor: AuditActor,
  userId: string,
  code: string,
  purpose: 'recovery_codes' | 'disable',
  then: (tx: Tx) => Promise<T>,
): Promise<{ kind: 'accepted'; value: T } | AccountCodeRefusal> {
  const db = getDb();
  const user = await getMfaUser(db, userId);
  if (!user?.totpSecret || !user.mfaEnabledAt) return { kind: 'wrongCode' };
  const admission = await admit(user.email.toLowerCase(), { ipAddress: actor.ipAddress ?? 'unknown', requestId: actor.requestId ?? null });
  if (!admission.admitted) return { kind: 'throttled', retryAfterSeconds: admission.retryAfterSeconds };
  return db.transaction(async (tx) => {
    const accepted = await acceptTotp(tx, userId, code);
    if (!accepted) {
      // The admitted attempt stays recorded as a failure.
      await appendAudit(tx, actor, { action: 'auth.mfa_failed', entityType: 'user', entityId: userId, details: { method: 'totp', purpose } });
      logger.info({ event: 'auth.mfa_failed', userId, purpose, requestId: actor.requestId }, 'MFA code refused');
      return { kind: 'wrongCode' as const };
    }
    await settleSignInAttempt(tx, admission.attemptId, 'succeeded');
    await appendAudit(tx, actor, { action: 'auth.mfa_verified', entityType: 'user', entityId: userId, details: { method: 'totp', step: accepted.step, purpose } });
    return { kind: 'accepted' as const, value: await then(tx) };
  });
}

/** New recovery codes (the old ones stop working); needs a current authenticator code. */
export async function regenerateRecoveryCodes(
  actor: AuditActor,
  userId: string,
  code: string,
): Promise<{ kind: 'regenerated'; recoveryCodes: string[] } | AccountCodeRefusal> {
  const result = await withAccountCode(actor, userId, code, 'recovery_codes', async (tx) => {
    const codes = await replaceRecoveryCodes(tx, userId);
    await appendAudit(tx, actor, { action: 'auth.mfa_recovery_codes_replaced', entityType: 'user', entityId: userId });
    return codes;
  });
  return result.kind === 'accepted' ? { kind: 'regenerated', recoveryCodes: result.value } : result;
}

/** Turns MFA off (partners only: it stays mandatory for staff); needs a current authenticator code. */
export async function disableMfa(actor: AuditActor, userId: string, code: string): Promise<{ kind: 'disabled' | 'required' } | AccountCodeRefusal> {
  if (await mfaRequired(getDb(), userId)) return { kind: 'required' };
  const result = await withAccountCode(actor, userId, code, 'disable', async (tx) => {
    await tx.update(users).set({ totpSecret: null, mfaEnabledAt: null, updatedAt: new Date() }).where(eq(users.id, userId));
    await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId));
    await appendAudit(tx, actor, { action: 'auth.mfa_disabled', entityType: 'user', entityId: userId });
  });
  return result.kind === 'accepted' ? { kind: 'disabled' } : result;
}
