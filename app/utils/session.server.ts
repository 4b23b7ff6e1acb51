import { createHash, randomBytes } from 'node:crypto';
import { and, eq, lt, ne, or } from 'drizzle-orm';
import { getDb, type Tx } from '#db/client';
import { sessions } from '#db/schema/index';
import { getConfig } from './config.server';

export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
/** lastSeenAt is written at most this often, so reads do not all become writes. */
const TOUCH_INTERVAL_MS = 60 * 1000;

export function sessionCookieName() {
  // The __Host- prefix pins the cookie to this host, path / and HTTPS (production only).
  return getConfig().isProduction ? '__Host-ipcei_session' : 'ipcei_session';
}

export function hashToken(token: string) {
  return createHash('sha256').update(token).digest('hex');
}

function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get('cookie');
  if (!header) return null;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) return decodeURIComponent(part.slice(index + 1).trim());
  }
  return null;
}

export function readSessionToken(request: Request): string | null {
  const token = readCookie(request, sessionCookieName());
  return token && /^[A-Za-z0-9_-]{43}$/.test(token) ? token : null;
}

function cookieAttributes(maxAgeSeconds: number) {
  const secure = getConfig().isProduction ? '; Secure' : '';
  return `Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
}

export function sessionCookie(token: string) {
  return `${sessionCookieName()}=${token}; ${cookieAttributes(ABSOLUTE_TIMEOUT_MS / 1000)}`;
}

export function clearSessionCookie() {
  return `${sessionCookieName()}=; ${cookieAttributes(0)}`;
}

export interface SessionRow {
  idHash: string;
  userId: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

/** Creates a new session (a fresh random id at every sign-in) and returns the cookie token. */
export async function createSession(
  tx: Tx,
  userId: string,
  meta: { ipAddress: string; userAgent: string | null },
  now = new Date(),
) {
  const token = randomBytes(32).toString('base64url');
  await tx.insert(sessions).values({
    idHash: hashToken(token),
    userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS),
    ipAddress: meta.ipAddress,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return token;
}

export type SessionState = { session: SessionRow } | { session: null; expired: boolean };

/** Looks up the request's session; ends it when idle or past its absolute timeout. */
export async function loadSession(request: Request, now = new Date()): Promise<SessionState> {
  const token = readSessionToken(request);
  if (!token) return { session: null, expired: false };
  const db = getDb();
  const idHash = hashToken(token);
  const [row] = await db.select().from(sessions).where(eq(sessions.idHash, idHash)).limit(1);
  if (!row) return { session: null, expired: true };
  if (row.expiresAt <= now || now.getTime() - row.lastSeenAt.getTime() > IDLE_TIMEOUT_MS) {
    await db.delete(sessions).where(eq(sessions.idHash, idHash));
    return { session: null, expired: true };
  }
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash));
  }
  return { session: row };
}

export async function deleteSession(token: string) {
  await getDb().delete(sessions).where(eq(sessions.idHash, hashToken(token)));
}

/**
 * Ends every session of a user (password change, deactivation, "end all other sessions").
 * Pass `exceptIdHash` to keep one session (the caller's own). Runs inside the caller's transaction so
 * it commits together with the change and its audit entry. Returns how many sessions ended.
 */
export async function endAllSessions(tx: Tx, userId: string, exceptIdHash?: string): Promise<number> {
  const where = exceptIdHash
    ? and(eq(sessions.userId, userId), ne(sessions.idHash, exceptIdHash))
    : eq(sessions.userId, userId);
  const ended = await tx.delete(sessions).where(where).returning({ idHash: sessions.idHash });
  return ended.length;
}

/** Removes sessions that can no longer be used (called by the housekeeping job). */
export async function purgeExpiredSessions(now = new Date()) {
  await getDb()
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, new Date(now.getTime() - IDLE_TIMEOUT_MS))));
}

