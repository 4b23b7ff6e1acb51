import { asc, eq } from 'drizzle-orm';
import type { Db } from '#db/client';
import { projects, reports } from '#db/schema/index';
import { todayInAmsterdam } from '#app/rules/dates';
import { daysLeft } from '#app/rules/deadlines';
import { getConfig } from '#app/utils/config.server';
import { purgeOldSignInAttempts } from '#app/utils/rate-limit.server';
import { purgeExpiredSessions } from '#app/utils/session.server';
import { autoOpenReportingYears, OPEN_REPORTING_YEAR_JOB } from '../admin-calendar.server';
import { writeAnchor } from '../audit-anchor.server';
import { notify, projectRecipients } from '../notifications.server';
import { createQueueWorker, enqueueJob, type JobHandler, type QueueWorkerOptions } from './queue.server';

/** The portal's background jobs: what is scheduled each day and what each kind of job does. */

const PURGE_SESSIONS_JOB = 'purge-sessions';
const AUDIT_ANCHOR_JOB = 'audit.anchor';

/** The scheduler: makes sure today's jobs exist (once per day, whatever the number of workers or restarts). */
export async function scheduleDaily(db: Db, now: Date): Promise<void> {
  const date = todayInAmsterdam(now);
  await enqueueJob(db, { kind: 'reminders', uniqueKey: `reminders:${date}`, payload: { date }, runAt: now });
  // On or after 1 January: open the year just ended when it is not open yet (admin calendar).
  await enqueueJob(db, { kind: OPEN_REPORTING_YEAR_JOB, uniqueKey: `${OPEN_REPORTING_YEAR_JOB}:${date}`, payload: { date }, runAt: now });
  // Housekeeping: sessions past their idle or absolute timeout are refused anyway; remove the rows.
  await enqueueJob(db, { kind: PURGE_SESSIONS_JOB, uniqueKey: `${PURGE_SESSIONS_JOB}:${date}`, payload: { date }, runAt: now });
  // The audit chain's head, written outside the database (AUDIT_ANCHOR_FILE; docs/operations.md).
  await enqueueJob(db, { kind: AUDIT_ANCHOR_JOB, uniqueKey: `${AUDIT_ANCHOR_JOB}:${date}`, payload: { date }, runAt: now });
}


export const HANDLERS: Record<string, JobHandler> = {
  reminders: async (db, payload, now) => {
    const date = typeof payload.date === 'string' ? payload.date : todayInAmsterdam(now);
    await sendDeadlineReminders(db, date, now);
  },
  [OPEN_REPORTING_YEAR_JOB]: async (db, _payload, now) => {
    await autoOpenReportingYears(db, now);
  },
  [PURGE_SESSIONS_JOB]: async (db, _payload, now) => {
    await purgeExpiredSessions(now);
    await purgeOldSignInAttempts(db, now);
  },
  [AUDIT_ANCHOR_JOB]: async (db, _payload, now) => {
    // Refused (the job fails, visibly) when the log no longer matches the last anchor.
    const file = getConfig().auditAnchorFile;
    if (file) await writeAnchor(db, file, 'daily', { now });
  },
};

// --- Deadline reminders ---

/** Days before the due date on which the project is reminded; -1 is the day the report becomes overdue. */
export const REMINDER_DAYS = [30, 14, 7, 1] as const;
/** A missed day (the server was down) is caught up with the latest reminder due, for at most this many days. */
const OVERDUE_CATCH_UP_DAYS = 7;

/**
 * Which reminder a report is due on `date`: 'due30' … 'due1' in the days up to the due date (the
 * latest threshold passed, so a day missed is caught up once), 'overdue' from the day after the due
 * date, or null.
 */
export function reminderStage(dueDate: string, date: string): string | null {
  const left = daysLeft(dueDate, date);
  if (left >= 0 && left <= REMINDER_DAYS[0]) {
    const threshold = [...REMINDER_DAYS].reverse().find((d) => left <= d) ?? 1;
    return `due${threshold}`;
  }
  if (left < 0 && left >= -OVERDUE_CATCH_UP_DAYS) return 'overdue';
  return null;
}

/**
 * Sends the reminders due on `date` to the members of every project whose report is not yet
 * submitted. Each (report, reminder) exists once: its e-mails carry the dedupe key
 * `reminder:<report>:<stage>:<user>`, so running this twice, or on two workers, sends nothing new.
 */
export async function sendDeadlineReminders(db: Db, date: string, now = new Date()): Promise<number> {
  const open = await db
    .select({ id: reports.id, projectId: reports.projectId, year: reports.year, dueDate: reports.dueDate, code: projects.code })
    .from(reports)
    .innerJoin(projects, eq(projects.id, reports.projectId))
    .where(eq(reports.status, 'draft'))
    .orderBy(asc(reports.dueDate), asc(projects.code));
  let queued = 0;
  for (const report of open) {
    const stage = reminderStage(report.dueDate, date);
    if (!stage) continue;
    queued += await db.transaction(async (tx) =>
      notify(tx, await projectRecipients(tx, report.projectId), {
        kind: stage === 'overdue' ? 'report.overdue' : 'report.reminder',
        eventKey: `reminder:${report.id}:${stage}`,
        params: { project: report.code, year: report.year, dueDate: report.dueDate },
        link: () => `/projecten/${encodeURIComponent(report.code)}/rapporten/${report.year}`,
        now,
      }),
    );
  }
  return queued;
}

/** The portal's worker: the queue with these handlers and the daily schedule. */
export function createWorker(options: Omit<QueueWorkerOptions, 'handlers' | 'schedule'> = {}) {
  return createQueueWorker({ ...options, handlers: HANDLERS, schedule: scheduleDaily });
}
