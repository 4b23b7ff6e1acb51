import { bigint, char, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from './columns';

/**
 * The audit log. Append-only: triggers (migration 0001) refuse UPDATE, DELETE and TRUNCATE.
 * No foreign keys on purpose: entries outlive the rows they describe.
 *
 * Tamper evidence: `hash` = SHA-256 over `prev_hash` and the canonical JSON of the entry
 * (see `app/models/audit.server.ts`). Appends take `pg_advisory_xact_lock` so that concurrent
 * writers cannot fork the chain. Read it in `seq` order; the first entry's prev_hash is 64 zeros.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    occurredAt: timestamptz('occurred_at').notNull(),
    actorId: uuid('actor_id'),
    actorEmail: text('actor_email'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    projectId: uuid('project_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    ipAddress: text('ip_address'),
    requestId: text('request_id'),
    prevHash: char('prev_hash', { length: 64 }).notNull(),
    hash: char('hash', { length: 64 }).notNull(),
  },
  (t) => [
    index('audit_log_entity_idx').on(t.entityType, t.entityId),
    index('audit_log_actor_idx').on(t.actorId),
    index('audit_log_project_idx').on(t.projectId),
  ],
);
