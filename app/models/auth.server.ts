import { eq, sql } from 'drizzle-orm';
import { getDb } from '#db/client';
import { signInAttempts, users } from '#db/schema/index';
import { verifyPassword } from '#app/utils/password.server';
import { createSession } from '#app/utils/session.server';
import { appendAudit } from './audit.server';

export interface SignInMeta {
  ipAddress: string;
  userAgent: string | null;
  requestId: string | null;
}

/**
 * Checks e-mail and password; on success opens a new session (new random id) in the same
 * transaction as the audit entry. Unknown address, wrong password and inactive account look alike
 * to the caller (no account enumeration) but are told apart in the audit log.
 */
export async function signIn(email: string, password: string, meta: SignInMeta): Promise<{ token: string } | null> {
  const db = getDb();
  const emailLower = email.trim().toLowerCase();
  const [user] = await db
    .select({ id: users.id, email: users.email, passwordHash: users.passwordHash, status: users.status })
    .from(users)
    .where(eq(sql`lower(${users.email})`, emailLower))
    .limit(1);
  const passwordOk = await verifyPassword(user?.passwordHash, password);
  const succeeded = Boolean(user && passwordOk && user.status === 'active');
  return db.transaction(async (tx) => {
    await tx.insert(signInAttempts).values({ emailLower, ipAddress: meta.ipAddress, succeeded });
    const actor = { userId: user?.id ?? null, email: emailLower, ipAddress: meta.ipAddress, requestId: meta.requestId };
    if (!succeeded || !user) {
      const reason = !user ? 'unknown_email' : !passwordOk ? 'wrong_password' : `status_${user.status}`;
      await appendAudit(tx, actor, { action: 'auth.sign_in_failed', entityType: 'user', entityId: user?.id, details: { reason } });
      return null;
    }
    const token = await createSession(tx, user.id, meta);
    await appendAudit(tx, actor, { action: 'auth.signed_in', entityType: 'user', entityId: user.id });
    return { token };
  });
}
