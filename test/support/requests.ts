import { eq, sql } from 'drizzle-orm';
import { getDb } from '#db/client';
import { users } from '#db/schema/index';
import { createSession, sessionCookieName } from '#app/utils/session.server';

const BASE = 'http://localhost:3000';

/** A session cookie for a seeded user, made the way sign-in makes one. */
export async function sessionCookieFor(email: string): Promise<string> {
  const db = getDb();
  const [user] = await db.select({ id: users.id }).from(users).where(eq(sql`lower(${users.email})`, email.toLowerCase()));
  if (!user) throw new Error(`No seeded user ${email}`);
  const token = await db.transaction((tx) => createSession(tx, user.id, { ipAddress: '127.0.0.1', userAgent: 'vitest' }));
  return `${sessionCookieName()}=${token}`;
}

/** A real GET Request, signed in as `email` when given. */
export async function getRequest(path: string, email?: string): Promise<Request> {
  const headers = new Headers();
  if (email) headers.set('cookie', await sessionCookieFor(email));
  return new Request(`${BASE}${path}`, { headers });
}

/** A real form POST Request, signed in as `email` when given. */
export async function postRequest(path: string, fields: Record<string, string>, email?: string): Promise<Request> {
  const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded', origin: BASE });
  if (email) headers.set('cookie', await sessionCookieFor(email));
  return new Request(`${BASE}${path}`, { method: 'POST', headers, body: new URLSearchParams(fields).toString() });
}

/** Runs a loader/action that is expected to throw a Response (404, 403, redirect) and returns it. */
export async function thrownResponse(run: () => Promise<unknown>): Promise<Response> {
  try {
    await run();
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error('Expected a thrown Response, but the call returned normally');
}
