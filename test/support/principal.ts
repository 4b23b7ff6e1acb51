import { eq, sql } from 'drizzle-orm';
import { getDb } from '#db/client';
import { users } from '#db/schema/index';
import { getPrincipal, type Principal } from '#app/utils/permissions.server';
import type { AuditActor } from '#app/models/audit.server';
import { sessionCookieFor } from './requests';

/** The Principal of a seeded user, loaded exactly as a request would load it. */
export async function principalFor(email: string): Promise<Principal> {
  const cookie = await sessionCookieFor(email);
  const { principal } = await getPrincipal(new Request('http://localhost:3000/', { headers: { cookie } }));
  if (!principal) throw new Error(`could not load ${email}`);
  return principal;
}

export function actorOf(principal: Principal): AuditActor {
  return { userId: principal.user.id, email: principal.user.email, ipAddress: '127.0.0.1', requestId: 'test' };
}

export async function userId(email: string): Promise<string> {
  const [user] = await getDb().select({ id: users.id }).from(users).where(eq(sql`lower(${users.email})`, email.toLowerCase()));
  if (!user) throw new Error(`no user ${email}`);
  return user.id;
}
