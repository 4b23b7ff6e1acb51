import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, timestamptz } from './columns';
import { locale, users } from './users';

/** In-app notifications (the bell with an unread count). */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind').notNull(),
    /** Parameters for the translated message, e.g. { project: 'ECOFED', year: 2024 }. */
    params: jsonb('params').$type<Record<string, string | number>>().notNull().default({}),
    link: text('link'),
    createdAt: createdAt(),
    readAt: timestamptz('read_at'),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.createdAt)],
);

export const OUTBOX_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;
export const outboxStatus = pgEnum('outbox_status', OUTBOX_STATUSES);

/**
 * Transactional e-mail outbox: written in the same transaction as the event, sent by the worker with
 * `FOR UPDATE SKIP LOCKED`. `dedupe_key` makes a reminder or event mail exist once only.
 */
export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dedupeKey: text('dedupe_key').notNull(),
    toAddress: text('to_address').notNull(),
    locale: locale('locale').notNull(),
    subject: text('subject').notNull(),
    bodyText: text('body_text').notNull(),
    status: outboxStatus('status').notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamptz('next_attempt_at').notNull().defaultNow(),
    /** Who holds the row while it is 'sending': set at each claim, in the WHERE of every later update. */
    claimToken: uuid('claim_token'),
    lastError: text('last_error'),
    sentAt: timestamptz('sent_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('email_outbox_dedupe_uq').on(t.dedupeKey),
    index('email_outbox_due_idx').on(t.status, t.nextAttemptAt),
    check('email_outbox_attempts_ck', sql`${t.attempts} >= 0`),
  ],
);
