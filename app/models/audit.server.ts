import { createHash } from 'node:crypto';
import { asc, desc, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '#db/client';
import { auditLog } from '#db/schema/index';
import { canonicalJson } from '#app/utils/canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

/** Who did it and from where; taken from the request by the route. */
export interface AuditActor {
  userId: string | null;
  email: string | null;
  ipAddress?: string | null;
  requestId?: string | null;
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  projectId?: string | null;
  details?: Record<string, unknown>;
}

/** An arbitrary but fixed 64-bit key for the advisory lock that serialises appends. */
const AUDIT_LOCK_KEY = 7_310_402_024;

type HashedFields = {
  occurredAt: Date;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  projectId: string | null;
  details: Record<string, unknown>;
  ipAddress: string | null;
  requestId: string | null;
};

export function entryHash(prevHash: string, fields: HashedFields): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(fields)).digest('hex');
}

/**
 * Appends one entry to the audit log inside the caller's transaction, chained to the previous
 * entry. The advisory lock (released at commit) keeps concurrent writers from forking the chain.
 */
export async function appendAudit(tx: Tx, actor: AuditActor, entry: AuditEntry) {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
  const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  const prevHash = last?.hash ?? GENESIS_HASH;
  // JS Dates have millisecond precision, which timestamptz stores exactly: it reads back as hashed.
  const occurredAt = new Date();
  const fields: HashedFields = {
    occurredAt,
    actorId: actor.userId,
    actorEmail: actor.email,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    projectId: entry.projectId ?? null,
    details: entry.details ?? {},
    ipAddress: actor.ipAddress ?? null,
    requestId: actor.requestId ?? null,
  };
  const hash = entryHash(prevHash, fields);
  await tx.insert(auditLog).values({ ...fields, prevHash, hash });
  return hash;
}

export interface VerifyResult {
  ok: boolean;
  entries: number;
  headHash: string;
  /** The first entry whose stored hash or link does not match. */
  firstBroken?: { seq: number; reason: 'prev_hash' | 'hash' };
}

/** Walks the whole chain in order, in pages, recomputing every hash. */
export async function verifyAuditChain(db: Queryable, pageSize = 5000): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH;
  let entries = 0;
  let afterSeq = 0;
  for (;;) {
    const page = await db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.seq} > ${afterSeq}`)
      .orderBy(asc(auditLog.seq))
      .limit(pageSize);
    for (const row of page) {
      if (row.prevHash !== prevHash) return { ok: false, entries, headHash: prevHash, firstBroken: { seq: row.seq, reason: 'prev_hash' } };
      const expected = entryHash(prevHash, {
        occurredAt: row.occurredAt,
        actorId: row.actorId,
        actorEmail: row.actorEmail,
        action: row.action,
        entityType: row.entityType,
        entityId: row.entityId,
        projectId: row.projectId,
        details: row.details,
        ipAddress: row.ipAddress,
        requestId: row.requestId,
      });
      if (expected !== row.hash) return { ok: false, entries, headHash: prevHash, firstBroken: { seq: row.seq, reason: 'hash' } };
      prevHash = row.hash;
      entries++;
      afterSeq = row.seq;
    }
    if (page.length < pageSize) break;
  }
  return { ok: true, entries, headHash: prevHash };
}
