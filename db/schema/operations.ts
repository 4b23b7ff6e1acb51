import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, timestamptz } from './columns';
import { programmes } from './programmes';
import { users } from './users';

export const JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const jobStatus = pgEnum('job_status', JOB_STATUSES);

/**
 * Background jobs (e-mail sending, deadline reminders, housekeeping). Workers claim rows with
 * `FOR UPDATE SKIP LOCKED`, so work survives restarts and is never done by two workers at once.
 * `unique_key` (optional) makes a scheduled job exist once only, e.g. 'reminders:2026-01-25'.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    uniqueKey: text('unique_key'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    status: jobStatus('status').notNull().default('queued'),
    runAt: timestamptz('run_at').notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    lockedAt: timestamptz('locked_at'),
    finishedAt: timestamptz('finished_at'),
    lastError: text('last_error'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('jobs_unique_key_uq').on(t.uniqueKey),
    index('jobs_due_idx').on(t.status, t.runAt),
    check('jobs_attempts_ck', sql`${t.attempts} >= 0 and ${t.maxAttempts} >= 1`),
  ],
);

/** One-time recovery codes for multi-factor sign-in; only hashes are stored. */
export const mfaRecoveryCodes = pgTable(
  'mfa_recovery_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    codeHash: text('code_hash').notNull(),
    createdAt: createdAt(),
    usedAt: timestamptz('used_at'),
  },
  (t) => [index('mfa_recovery_codes_user_idx').on(t.userId)],
);

export const PERIOD_STATUSES = ['open', 'closed'] as const;
export const periodStatus = pgEnum('period_status', PERIOD_STATUSES);

/**
 * The reporting calendar: a programme's year is opened (reports created for all its projects,
 * by an administrator or automatically on 1 January) and later closed.
 */
export const reportingPeriods = pgTable(
  'reporting_periods',
  {
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    year: integer('year').notNull(),
    status: periodStatus('status').notNull().default('open'),
    openedAt: timestamptz('opened_at').notNull().defaultNow(),
    openedBy: uuid('opened_by').references(() => users.id),
    closedAt: timestamptz('closed_at'),
    closedBy: uuid('closed_by').references(() => users.id),
  },
  (t) => [
    primaryKey({ name: 'reporting_periods_pk', columns: [t.programmeId, t.year] }),
    check('reporting_periods_closed_ck', sql`${t.status} <> 'closed' or ${t.closedAt} is not null`),
  ],
);
