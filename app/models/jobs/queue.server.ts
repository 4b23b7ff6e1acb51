import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, lte, or, sql } from 'drizzle-orm';
import { getDb, type Db, type Tx } from '#db/client';
import { emailOutbox, jobs } from '#db/schema/index';
import { configuredTransport, type MailTransport } from '../mail.server';
import { reportWorker } from '#app/utils/process-health.server';

/**
 * Background work, kept in the database so that nothing is forgotten on a restart:
 * - `jobs`: scheduled work (the daily deadline reminders), claimed with FOR UPDATE SKIP LOCKED;
 * - `email_outbox`: e-mail written in the same transaction as its event, sent by the same worker.
 * One table-based queue works the same on embedded PGlite and on a PostgreSQL server, and several
 * worker processes on one server never take the same row.
 *
 * This module is the mechanism only (claim, run, retry, lease, back-off, send); what each kind of
 * job does is in handlers.server.ts. The worker is a loop of `runOnce()` calls with a pause in
 * between; tests call `runOnce()` directly.
 */

export const MAX_MAIL_ATTEMPTS = 5;
/**
 * How long a claimed row stays someone's before another worker may take it over (crash recovery).
 * Leases are taken from the DATABASE clock at each claim (not from the time a pass started, which
 * in a long pass would hand out leases that have already run out) and an outbox row's lease is
 * renewed right before its message is sent, so a short lease is safe: a killed process delays its
 * claimed mails by at most this long.
 */
export const LEASE_MS = 2 * 60 * 1000;
/** Jobs (the daily reminders) may run for minutes: their lease is longer. */
export const JOB_LEASE_MS = 10 * 60 * 1000;
const BATCH = 20;

/**
 * The time a claim or lease is measured against: the database's clock, or the pass's own `now`
 * when that is later (tests and the daily schedule move `now` forward to simulate time passing).
 */
const clockAt = (now: Date) => sql`greatest(clock_timestamp(), ${now.toISOString()}::timestamptz)`;
const leaseUntil = (now: Date, leaseMs: number) => sql`${clockAt(now)} + ${`${leaseMs} milliseconds`}::interval`;

/** Retry delay after the n-th failed attempt: 1, 2, 4, 8 … minutes, at most one hour. */
export function backoffMs(attempts: number): number {
  return Math.min(60 * 60 * 1000, 60 * 1000 * 2 ** Math.max(0, attempts - 1));
}

// --- Jobs ---

export interface JobRequest {
  kind: string;
  uniqueKey?: string;
  payload?: Record<string, unknown>;
  runAt?: Date;
  maxAttempts?: number;
}

/** Queues a job; with a `uniqueKey` that exists already nothing happens. Returns whether it was queued. */
export async function enqueueJob(db: Db | Tx, job: JobRequest): Promise<boolean> {
  const inserted = await db
    .insert(jobs)
    .values({
      kind: job.kind,
      uniqueKey: job.uniqueKey ?? null,
      payload: job.payload ?? {},
      runAt: job.runAt ?? new Date(),
      maxAttempts: job.maxAttempts ?? 5,
    })
    .onConflictDoNothing({ target: jobs.uniqueKey })
    .returning({ id: jobs.id });
  return inserted.length > 0;
}

/** What a job of one kind does. */
export type JobHandler = (db: Db, payload: Record<string, unknown>, now: Date) => Promise<void>;

async function claimJobs(db: Db, now: Date, leaseMs: number) {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: jobs.id })
      .from(jobs)
      .where(
        or(
          and(eq(jobs.status, 'queued'), lte(jobs.runAt, now)),
          // A job whose worker died mid-run: taken over after the lease (by the database clock).
          and(eq(jobs.status, 'running'), sql`${jobs.lockedAt} <= ${clockAt(now)} - ${`${leaseMs} milliseconds`}::interval`),
        ),
      )
      .orderBy(asc(jobs.runAt))
      .limit(BATCH)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(jobs)
      .set({
        status: 'running',
        // Milliseconds, so that the value read back into JavaScript is exactly the stored one (it is the claim's token).
        lockedAt: sql`date_trunc('milliseconds', ${clockAt(now)})`,
        attempts: sql`${jobs.attempts} + 1`,
      })
      .where(inArray(jobs.id, due.map((j) => j.id)))
      .returning();
  });
}

async function runJobs(db: Db, now: Date, handlers: Readonly<Record<string, JobHandler>>, leaseMs: number) {
  let done = 0;
  let failed = 0;
  for (const job of await claimJobs(db, now, leaseMs)) {
    // Still ours: the claim's lock time is the token (a worker that lost the job to a takeover changes nothing).
    const ours = and(eq(jobs.id, job.id), eq(jobs.status, 'running'), eq(jobs.lockedAt, job.lockedAt!));
    try {
      const handler = handlers[job.kind];
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await handler(db, job.payload, now);
      await db.update(jobs).set({ status: 'done', finishedAt: new Date(), lastError: null }).where(ours);
      done++;
    } catch (error) {
      const final = job.attempts >= job.maxAttempts;
      await db
        .update(jobs)
        .set({
          status: final ? 'failed' : 'queued',
          runAt: new Date(now.getTime() + backoffMs(job.attempts)),
          lockedAt: null,
          lastError: errorText(error),
        })
        .where(ours);
      failed++;
    }
  }
  return { done, failed };
}

// --- E-mail ---

/**
 * Claims due outbox rows: queued ones whose time has come, and 'sending' ones whose lease ran out
 * (their worker died). Claiming sets 'sending', counts the attempt and pushes next_attempt_at one
 * lease ahead, in its own short transaction, so the row is ours while we talk to the mail server.
 */
async function claimMail(db: Db, now: Date, leaseMs: number) {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: emailOutbox.id })
      .from(emailOutbox)
      .where(and(inArray(emailOutbox.status, ['queued', 'sending']), sql`${emailOutbox.nextAttemptAt} <= ${clockAt(now)}`))
      .orderBy(asc(emailOutbox.nextAttemptAt))
      .limit(BATCH)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(emailOutbox)
      .set({ status: 'sending', attempts: sql`${emailOutbox.attempts} + 1`, nextAttemptAt: leaseUntil(now, leaseMs), claimToken: randomUUID() })
      .where(inArray(emailOutbox.id, due.map((m) => m.id)))
      .returning();
  });
}

/**
 * Sends what is due: claim (SKIP LOCKED, mark 'sending'), send, mark 'sent'.
 *
 * Exactly once, and the one gap: a row is handed to the mail server only after it was claimed, and
 * marked 'sent' right after the server accepted it, so no two workers ever send the same row and
 * a restart never resends a 'sent' row. If the process dies *between* the server's acceptance and
 * the 'sent' update, the row stays 'sending'; after the lease another worker takes it over and
 * sends it again. That window makes delivery at-least-once rather than exactly-once (no SMTP
 * client can do better: acceptance and our update cannot share a transaction). The second copy
 * carries the same Message-ID (the outbox row id), so mail servers and clients that deduplicate on
 * Message-ID drop it, and anyone can see it is the same message. Any failure before acceptance
 * (connection refused, rejected recipient) is retried with backoff and sends nothing twice.
 */
async function sendMail(db: Db, transport: MailTransport, now: Date, leaseMs: number) {
  let sent = 0;
  let failed = 0;
  for (const row of await claimMail(db, now, leaseMs)) {
    // Still ours: our claim token, and still being sent (another worker that took the row over after
    // our lease ran out has its own token; we then neither send nor mark it).
    const ours = and(eq(emailOutbox.id, row.id), eq(emailOutbox.status, 'sending'), eq(emailOutbox.claimToken, row.claimToken!));
    // Renew the lease right before talking to the mail server: a long batch never sends on an expired one.
    const renewed = await db.update(emailOutbox).set({ nextAttemptAt: leaseUntil(new Date(), leaseMs) }).where(ours).returning({ id: emailOutbox.id });
    if (renewed.length === 0) continue;
    try {
      await transport.send({ id: row.id, to: row.toAddress, subject: row.subject, text: row.bodyText, locale: row.locale });
    } catch (error) {
      const final = row.attempts >= MAX_MAIL_ATTEMPTS;
      await db
        .update(emailOutbox)
        .set({
          status: final ? 'failed' : 'queued',
          nextAttemptAt: new Date(now.getTime() + backoffMs(row.attempts)),
          lastError: errorText(error),
          claimToken: null,
        })
        .where(ours);
      failed++;
      continue;
    }
    await db.update(emailOutbox).set({ status: 'sent', sentAt: new Date(), lastError: null, claimToken: null }).where(ours);
    sent++;
  }
  return { sent, failed };
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 1000);
}

// --- The worker ---

export interface RunResult {
  jobsDone: number;
  jobsFailed: number;
  mailSent: number;
  mailFailed: number;
}

export interface Worker {
  /** One pass: schedule today's jobs, run due jobs, send due mail (until nothing is due). */
  runOnce(now?: Date): Promise<RunResult>;
  /** Starts the loop; it does not keep the process alive. */
  start(): void;
  /** Stops the loop and waits for a pass in progress. */
  stop(): Promise<void>;
}

export interface QueueWorkerOptions {
  /** What each kind of job does (app/models/jobs/handlers.server.ts). */
  handlers: Readonly<Record<string, JobHandler>>;
  /** Puts the jobs that are due by `now` in the queue (idempotent), before each pass. */
  schedule?: (db: Db, now: Date) => Promise<void>;
  db?: () => Db;
  transport?: MailTransport;
  intervalMs?: number;
  /** Lease of a claimed outbox row (default LEASE_MS) and of a job (default JOB_LEASE_MS). */
  leaseMs?: number;
  jobLeaseMs?: number;
  log?: (m: string) => void;
}

export function createQueueWorker(options: QueueWorkerOptions): Worker {
  const db = options.db ?? getDb;
  const intervalMs = options.intervalMs ?? 15_000;
  const leaseMs = options.leaseMs ?? LEASE_MS;
  const jobLeaseMs = options.jobLeaseMs ?? JOB_LEASE_MS;
  let transport = options.transport;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = true;

  async function runOnce(now = new Date()): Promise<RunResult> {
    transport ??= configuredTransport();
    const database = db();
    await options.schedule?.(database, now);
    const result: RunResult = { jobsDone: 0, jobsFailed: 0, mailSent: 0, mailFailed: 0 };
    for (;;) {
      const j = await runJobs(database, now, options.handlers, jobLeaseMs);
      result.jobsDone += j.done;
      result.jobsFailed += j.failed;
      if (j.done + j.failed === 0) break;
    }
    for (;;) {
      const m = await sendMail(database, transport, now, leaseMs);
      result.mailSent += m.sent;
      result.mailFailed += m.failed;
      if (m.sent + m.failed < BATCH) break;
    }
    return result;
  }

  function tick() {
    if (stopped) return;
    running = runOnce()
      .then((r) => {
        if (r.mailSent || r.mailFailed || r.jobsDone || r.jobsFailed) {
          options.log?.(`worker: ${r.jobsDone} jobs done, ${r.jobsFailed} failed; ${r.mailSent} mails sent, ${r.mailFailed} failed`);
        }
      })
      .then(() => reportWorker({ passEnded: true, error: null }))
      .catch((error: unknown) => {
        options.log?.(`worker: pass failed: ${errorText(error)}`);
        reportWorker({ passEnded: true, error: errorText(error) });
      })
      .finally(() => {
        running = undefined;
        if (!stopped) {
          timer = setTimeout(tick, intervalMs);
          timer.unref();
        }
      });
  }

  return {
    runOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      reportWorker({ running: true, intervalMs });
      timer = setTimeout(tick, 0);
      timer.unref();
    },
    async stop() {
      stopped = true;
      reportWorker({ running: false });
      if (timer) clearTimeout(timer);
      await running;
      transport?.close();
    },
  };
}

// --- Oversight (administrators) ---

/** Puts a failed message back in the queue for a fresh round of attempts. */
export async function retryMail(tx: Tx, id: string, now = new Date()): Promise<boolean> {
  const rows = await tx
    .update(emailOutbox)
    .set({ status: 'queued', attempts: 0, nextAttemptAt: now, lastError: null })
    .where(and(eq(emailOutbox.id, id), eq(emailOutbox.status, 'failed')))
    .returning({ id: emailOutbox.id });
  return rows.length > 0;
}

/** Puts a failed job back in the queue. */
export async function retryJob(tx: Tx, id: string, now = new Date()): Promise<boolean> {
  const rows = await tx
    .update(jobs)
    .set({ status: 'queued', attempts: 0, runAt: now, lockedAt: null, lastError: null })
    .where(and(eq(jobs.id, id), eq(jobs.status, 'failed')))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/** Outbox and job queue at a glance, newest first, for the administrators' oversight page. */
export async function getQueueOverview(db: Db, limit = 100) {
  const [counts, mails, recentJobs] = await Promise.all([
    db.select({ status: emailOutbox.status, n: sql<number>`count(*)::int` }).from(emailOutbox).groupBy(emailOutbox.status),
    db
      .select({
        id: emailOutbox.id,
        toAddress: emailOutbox.toAddress,
        locale: emailOutbox.locale,
        subject: emailOutbox.subject,
        bodyText: emailOutbox.bodyText,
        status: emailOutbox.status,
        attempts: emailOutbox.attempts,
        nextAttemptAt: emailOutbox.nextAttemptAt,
        lastError: emailOutbox.lastError,
        sentAt: emailOutbox.sentAt,
        createdAt: emailOutbox.createdAt,
      })
      .from(emailOutbox)
      .orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id))
      .limit(limit),
    db
      .select({
        id: jobs.id,
        kind: jobs.kind,
        uniqueKey: jobs.uniqueKey,
        status: jobs.status,
        attempts: jobs.attempts,
        maxAttempts: jobs.maxAttempts,
        runAt: jobs.runAt,
        lastError: jobs.lastError,
        finishedAt: jobs.finishedAt,
      })
      .from(jobs)
      .orderBy(desc(jobs.createdAt), desc(jobs.id))
      .limit(50),
  ]);
  const byStatus = { queued: 0, sending: 0, sent: 0, failed: 0 };
  for (const c of counts) byStatus[c.status] = Number(c.n);
  return { counts: byStatus, mails, jobs: recentJobs };
}
