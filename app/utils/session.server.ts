import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, gt, lt, ne, or, sql } from 'drizzle-orm';
import { getDb, type Queryable, type Tx } from '#db/client';
import { projectMemberships, sessions, userRoles, users } from '#db/schema/index';
import { unreadCountSql } from '#app/models/notifications.server';
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

/** How long the step between password and MFA code (or MFA set-up) may take. */
export const MFA_PENDING_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * Creates a new session (a fresh random id at every sign-in) and returns the cookie token.
 * `mfaPending`: the password was right but the second factor (or its set-up) is still to come;
 * such a session signs nobody in (see `loadSession`) until `completeMfa` replaces it.
 */
export async function createSession(
  tx: Tx,
  userId: string,
  meta: { ipAddress: string; userAgent: string | null; mfaPending?: boolean },
  now = new Date(),
) {
  const token = randomBytes(32).toString('base64url');
  await tx.insert(sessions).values({
    idHash: hashToken(token),
    userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + (meta.mfaPending ? MFA_PENDING_TIMEOUT_MS : ABSOLUTE_TIMEOUT_MS)),
    // mfa_verified: the session has passed every factor this account requires.
    mfaVerified: !meta.mfaPending,
    ipAddress: meta.ipAddress,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return token;
}

/** Who the session belongs to, read in the same query as the session (one round trip per page). */
export interface SessionOwner {
  email: string;
  name: string;
  locale: string;
  status: string;
  roles: string[];
  memberships: Array<{ projectId: string; organisationId: string; role: string }>;
  unreadNotifications: number;
}

export type SessionState = { session: SessionRow; owner: SessionOwner } | { session: null; expired: boolean };

/** How long the session lookup may wait for the database before the page says "unavailable". */
const LOOKUP_TIMEOUT_MS = 5000;

/** Connection-level failures: the database is away, not wrong. */
function isUnavailable(error: unknown): boolean {
  // Drizzle wraps driver errors (DrizzleQueryError): the driver's error is the cause.
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (cause && cause !== error && isUnavailable(cause)) return true;
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  return ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', '57P01', '57P02', '57P03', '55000', '53300'].includes(code) || code.startsWith('08');
}

/**
 * Every page starts with this lookup, so it is where a database outage is noticed: instead of
 * hanging or failing with a 500, the request ends with a 503 and the "temporarily unavailable" page
 * (the portal recovers by itself when the database is back: /healthz shows the state).
 */
async function lookup<T>(query: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('session lookup timed out'), { code: 'ETIMEDOUT' })), LOOKUP_TIMEOUT_MS);
  });
  try {
    return await Promise.race([query, timeout]);
  } catch (error) {
    if (isUnavailable(error)) throw new Response('Service Unavailable', { status: 503, headers: { 'Retry-After': '30' } });
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

async function findSession(request: Request, now: Date) {
  const token = readSessionToken(request);
  if (!token) return { row: null, present: false } as const;
  const db = getDb();
  const idHash = hashToken(token);
  // The session, its user, roles, project memberships and unread notifications in one query.
  const [found] = await lookup(
    db
      .select({
        session: sessions,
        email: users.email,
        name: users.name,
        locale: users.locale,
        status: users.status,
        roles: sql<string[]>`coalesce((select json_agg(${userRoles.role}) from ${userRoles} where ${userRoles.userId} = ${sessions.userId}), '[]'::json)`,
        memberships: sql<SessionOwner['memberships']>`coalesce((select json_agg(json_build_object('projectId', ${projectMemberships.projectId}, 'organisationId', ${projectMemberships.organisationId}, 'role', ${projectMemberships.role})) from ${projectMemberships} where ${projectMemberships.userId} = ${sessions.userId}), '[]'::json)`,
        unread: unreadCountSql(sessions.userId),
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.idHash, idHash))
      .limit(1),
  );
  if (!found) return { row: null, present: true } as const;
  const row = found.session;
  if (row.expiresAt <= now || now.getTime() - row.lastSeenAt.getTime() > IDLE_TIMEOUT_MS) {
    await db.delete(sessions).where(eq(sessions.idHash, idHash));
    return { row: null, present: true } as const;
  }
  const owner: SessionOwner = {
    email: found.email,
    name: found.name,
    locale: found.locale,
    status: found.status,
    roles: parseJson<string[]>(found.roles),
    memberships: parseJson<SessionOwner['memberships']>(found.memberships),
    unreadNotifications: Number(found.unread ?? 0),
  };
  return { row, owner, present: true } as const;
}

/** json from the driver: postgres.js and PGlite parse it; a text value (another driver) is parsed here. */
function parseJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

function toSessionRow(row: SessionRow): SessionRow {
  return { idHash: row.idHash, userId: row.userId, createdAt: row.createdAt, lastSeenAt: row.lastSeenAt, expiresAt: row.expiresAt };
}

/**
 * Looks up the request's session; ends it when idle or past its absolute timeout. A session still
 * waiting for its second factor signs nobody in.
 */
export async function loadSession(request: Request, now = new Date()): Promise<SessionState> {
  const found = await findSession(request, now);
  const { row, present } = found;
  if (!row || !found.owner) return { session: null, expired: present };
  if (!row.mfaVerified) return { session: null, expired: false };
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await getDb().update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, row.idHash));
  }
  return { session: toSessionRow(row), owner: found.owner };
}

/** The request's session while it waits for the MFA code or MFA set-up, or null. */
export async function loadPendingSession(request: Request, now = new Date()): Promise<SessionRow | null> {
  const { row } = await findSession(request, now);
  return row && !row.mfaVerified ? toSessionRow(row) : null;
}

/**
 * The second factor is done: the pending session is replaced by a full one with a new id (no
 * session fixation across the privilege change). Returns the new cookie token.
 */
export async function completeMfa(tx: Tx, pending: SessionRow, meta: { ipAddress: string; userAgent: string | null }) {
  await tx.delete(sessions).where(eq(sessions.idHash, pending.idHash));
  return createSession(tx, pending.userId, meta);
}

/** "Extend my session": the idle timer starts again now (the absolute timeout stays). */
export async function touchSession(idHash: string, now = new Date()) {
  await getDb().update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash));
  return { idleExpiresAt: new Date(now.getTime() + IDLE_TIMEOUT_MS) };
}

export interface SessionListItem {
  idHash: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  ipAddress: string | null;
  userAgent: string | null;
}

/** The user's own live (signed-in) sessions, most recently used first. */
export async function listSessions(db: Queryable, userId: string, now = new Date()): Promise<SessionListItem[]> {
  const rows = await db
    .select({
      idHash: sessions.idHash,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      ipAddress: sessions.ipAddress,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .where(
      and(
        eq(sessions.userId, userId),
        eq(sessions.mfaVerified, true),
        gt(sessions.expiresAt, now),
        gt(sessions.lastSeenAt, new Date(now.getTime() - IDLE_TIMEOUT_MS)),
      ),
    )
    .orderBy(desc(sessions.lastSeenAt));
  return rows;
}

/** Ends one of the user's own sessions; false when there is no such session of this user. */
export async function endSession(tx: Tx, userId: string, idHash: string): Promise<boolean> {
  const ended = await tx
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), eq(sessions.idHash, idHash)))
    .returning({ idHash: sessions.idHash });
  return ended.length > 0;
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

