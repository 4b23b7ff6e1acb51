import { and, count, desc, eq, gt, lt, min } from 'drizzle-orm';
import type { Queryable } from '#db/client';
import { signInAttempts } from '#db/schema/index';

/**
 * Throttling and lockout of sign-in (ASVS 5.0 V6.3.1, BIO2 9.4.2), stored in the sign_in_attempts
 * table, so it works the same on PGlite and on a PostgreSQL server and survives a restart.
 *
 * - Per account (the e-mail address as typed, also for addresses that do not exist, so the answer
 *   does not reveal which accounts exist): after ACCOUNT_MAX_FAILURES failed attempts since the last
 *   success within WINDOW_MS, the account is locked until the oldest of those failures leaves the
 *   window. A wrong MFA code counts as a failure too.
 * - Per IP address: after IP_MAX_FAILURES failures within WINDOW_MS, that address is refused for every
 *   account until the oldest failure leaves the window (password spraying over many accounts).
 *
 * The caller shows one generic message either way and does not check the password while locked.
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

/** Whether a sign-in for this address from this IP address may be tried now. */
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

/** Records one attempt (the password step, or the MFA step) for the counts above. */
export async function recordSignInAttempt(db: Queryable, attempt: { emailLower: string; ipAddress: string; succeeded: boolean }, now = new Date()) {
  await db.insert(signInAttempts).values({ ...attempt, attemptedAt: now });
}

/** Housekeeping: forgets attempts older than the retention period. */
export async function purgeOldSignInAttempts(db: Queryable, now = new Date()) {
  await db.delete(signInAttempts).where(lt(signInAttempts.attemptedAt, new Date(now.getTime() - ATTEMPT_RETENTION_MS)));
}
