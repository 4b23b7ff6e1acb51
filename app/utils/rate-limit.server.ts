import { and, count, desc, eq, gt, lt, min, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '#db/client';
import { signInAttempts } from '#db/schema/index';

/**
 * Throttling and lockout of sign-in (ASVS 5.0 V6.3.1, BIO2 9.4.2), stored in the sign_in_attempts
 * table, so it works the same on PGlite and on a PostgreSQL server and survives a restart.
 *
 * - Per account (the e-mail address as typed, also for addresses that do not exist, so the answer
 *   does not reveal which accounts exist): after ACCOUNT_MAX_FAILURES failed attempts since the last
 *   success within WINDOW_MS, the account is locked until the oldest of those failures leaves the
 *   window. A wrong MFA code counts as a failure too, at sign-in and on the account page.
 * - Per IP address: after IP_MAX_FAILURES failures within WINDOW_MS, that address is refused for every
 *   account until the oldest failure leaves the window (password spraying over many accounts).
 *
 * Counting is atomic (see `admitSignInAttempt`): an attempt is recorded before its password or
 * code is checked, so parallel requests cannot all slip in under the limit.
 *
 * The caller shows one generic message either way, answers 429 with Retry-After, and does not check
 * the password while locked.
 */
export const WINDOW_MS = 15 * 60 * 1000;
export const ACCOUNT_MAX_FAILURES = 5;
export const IP_MAX_FAILURES = 20;
/** How long sign-in attempts are kept (housekeeping); longer than the window, for investigation. */
export const ATTEMPT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

export type Throttle = { limited: false } | { limited: true; scope: 'account' | 'ip'; retryAfterSeconds: number };

async function failuresSince(db: Queryable, where: ReturnType<typeof eq>, since: Date) {
  const [row] = await db
    .select({ failures: count(), oldest: min(signInAttempts.attemptedAt) })
    .from(signInAttempts)
    .where(and(where, eq(signInAttempts.succeeded, false), gt(signInAttempts.attemptedAt, since)));
  return { failures: Number(row?.failures ?? 0), oldest: row?.oldest ? new Date(row.oldest) : null };
}

function retryAfter(oldest: Date | null, now: Date) {
  const until = (oldest?.getTime() ?? now.getTime()) + WINDOW_MS;
  return Math.max(1, Math.ceil((until - now.getTime()) / 1000));
}

/**
 * Whether a sign-in for this address from this IP address may be tried now (a read: it admits
 * nothing; use `admitSignInAttempt` before checking a password or a code).
 */
export async function checkSignInThrottle(db: Queryable, emailLower: string, ipAddress: string, now = new Date()): Promise<Throttle> {
  const windowStart = new Date(now.getTime() - WINDOW_MS);
  const ip = await failuresSince(db, eq(signInAttempts.ipAddress, ipAddress), windowStart);
  if (ip.failures >= IP_MAX_FAILURES) return { limited: true, scope: 'ip', retryAfterSeconds: retryAfter(ip.oldest, now) };

  // A success resets the account's count: only failures after the last success within the window count.
  const [lastSuccess] = await db
    .select({ at: signInAttempts.attemptedAt })
    .from(signInAttempts)
    .where(and(eq(signInAttempts.emailLower, emailLower), eq(signInAttempts.succeeded, true), gt(signInAttempts.attemptedAt, windowStart)))
    .orderBy(desc(signInAttempts.attemptedAt))
    .limit(1);
  const since = lastSuccess && lastSuccess.at > windowStart ? lastSuccess.at : windowStart;
  const account = await failuresSince(db, eq(signInAttempts.emailLower, emailLower), since);
  if (account.failures >= ACCOUNT_MAX_FAILURES) {
    return { limited: true, scope: 'account', retryAfterSeconds: retryAfter(account.oldest, now) };
  }
  return { limited: false };
}

/** Advisory lock classes (two-key form, so they cannot meet the one-key locks of the audit log). */
const IP_LOCK_CLASS = 7_310_411;
const ACCOUNT_LOCK_CLASS = 7_310_412;

export type Admission = { admitted: true; attemptId: string } | { admitted: false; scope: 'account' | 'ip'; retryAfterSeconds: number };

/**
 * Admits one attempt (a password, an MFA code at sign-in, a code on the account page) or refuses it.
 * Under a lock on the IP address and one on the account (always in that order, so two attempts
 * cannot wait for each other), the counts are read and, when there is room, a pending attempt is
 * recorded as a failure — before the slow password check, so concurrent attempts (other requests,
 * other processes on the same database) see it and at most the limit is ever let through. The
 * caller then marks it with `settleSignInAttempt` when the password or code was right; a wrong one
 * (or a crash halfway) leaves it a failure. Run it in a transaction of its own, committed before the
 * check: the locks are held until then.
 */
export async function admitSignInAttempt(tx: Tx, attempt: { emailLower: string; ipAddress: string }, at?: Date): Promise<Admission> {
  await tx.execute(sql`select pg_advisory_xact_lock(${IP_LOCK_CLASS}::int, hashtext(${attempt.ipAddress}::text))`);
  await tx.execute(sql`select pg_advisory_xact_lock(${ACCOUNT_LOCK_CLASS}::int, hashtext(${attempt.emailLower}::text))`);
  // The time is read once the locks are held: an attempt that waited counts from when it got in.
  const now = at ?? new Date();
  const throttle = await checkSignInThrottle(tx, attempt.emailLower, attempt.ipAddress, now);
  if (throttle.limited) return { admitted: false, scope: throttle.scope, retryAfterSeconds: throttle.retryAfterSeconds };
  const [row] = await tx
    .insert(signInAttempts)
    .values({ emailLower: attempt.emailLower, ipAddress: attempt.ipAddress, succeeded: false, attemptedAt: now })
    .returning({ id: signInAttempts.id });
  return { admitted: true, attemptId: row!.id };
}

/**
 * The admitted attempt was right: `succeeded` (it resets the account's count), or `uncounted` (the
 * password was right but the MFA code is still to come: that step is an attempt of its own).
 */
export async function settleSignInAttempt(tx: Tx, attemptId: string, outcome: 'succeeded' | 'uncounted') {
  if (outcome === 'succeeded') await tx.update(signInAttempts).set({ succeeded: true }).where(eq(signInAttempts.id, attemptId));
  else await tx.delete(signInAttempts).where(eq(signInAttempts.id, attemptId));
}

/** Housekeeping: forgets attempts older than the retention period. */
export async function purgeOldSignInAttempts(db: Queryable, now = new Date()) {
  await db.delete(signInAttempts).where(lt(signInAttempts.attemptedAt, new Date(now.getTime() - ATTEMPT_RETENTION_MS)));
}
