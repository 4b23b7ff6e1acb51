import net, { type AddressInfo } from 'node:net';
import { and, eq, like } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '#db/client';
import { emailOutbox, jobs, notifications, users } from '#db/schema/index';
import { DEMO_ACCOUNTS } from '#db/seed/demo-accounts';
import { createWorker, reminderStage, sendDeadlineReminders } from '#app/models/jobs/handlers.server';
import { MAX_MAIL_ATTEMPTS } from '#app/models/jobs/queue.server';
import { smtpTransport } from '#app/models/mail.server';
import { transition } from '#app/models/report-workflow.server';
import * as mailboxRoute from '#app/routes/admin/mailbox';
import { setupTestDatabase } from '#test/support/db';
import { actorOf, principalFor } from '#test/support/principal';
import { postRequest } from '#test/support/requests';
import { ACCOUNTS, args, outcome, reportId } from './support';

setupTestDatabase();

interface Received {
  to: string[];
  subject: string;
  messageId: string;
  language: string;
}
const received: Received[] = [];
let smtp: SMTPServer;
let smtpUrl = '';

/** A real SMTP server on loopback, recording what it accepts. */
beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const header = (name: string) => raw.match(new RegExp(`^${name}: (.*)$`, 'mi'))?.[1]?.trim() ?? '';
        received.push({
          to: session.envelope.rcptTo.map((a) => a.address),
          subject: header('Subject'),
          messageId: header('Message-ID'),
          language: header('Content-Language'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

beforeEach(() => {
  received.length = 0;
});

/** A port nothing listens on (for a mail server that is down). */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

const membersOf = (project: string) =>
  DEMO_ACCOUNTS.filter((a) => a.memberships.some((m) => m.project === project))
    .map((a) => a.email)
    .sort();

describe('e-mail through the outbox', () => {
  it('delivers an event mail to a real SMTP server once, to the right people, in their language', async () => {
    await getDb().update(users).set({ locale: 'en' }).where(eq(users.email, ACCOUNTS.partnerMisd));
    const reviewer = await principalFor(ACCOUNTS.reviewerB);
    const misd = await reportId('MISD', 2024);
    await getDb().transaction((tx) => transition(tx, reviewer, actorOf(reviewer), misd, 'request_changes', { reason: 'Zie de vraag bij Kosten' }));

    const worker = createWorker({ transport: smtpTransport(smtpUrl, 'portaal@test.invalid') });
    const first = await worker.runOnce();
    const second = await worker.runOnce();
    await worker.stop();

    // (Filtered by subject: on some calendar days the daily reminders are due as well.)
    const event = received.filter((m) => m.subject.endsWith('MISD 2024'));
    expect(event.flatMap((m) => m.to).sort()).toEqual(membersOf('MISD'));
    expect(first.mailSent).toBeGreaterThanOrEqual(membersOf('MISD').length);
    expect(second.mailSent).toBe(0);
    const english = received.find((m) => m.to.includes(ACCOUNTS.partnerMisd))!;
    expect(english).toMatchObject({ subject: 'RVO requests changes: report MISD 2024', language: 'en' });
    const dutch = received.find((m) => m.to.includes(ACCOUNTS.penvoerderMisd))!;
    expect(dutch).toMatchObject({ subject: 'RVO vraagt wijzigingen: rapport MISD 2024', language: 'nl' });

    // The outbox row id is the Message-ID, and every row is marked sent after one attempt.
    const rows = await getDb().select().from(emailOutbox).where(like(emailOutbox.dedupeKey, `report:${misd}:%`));
    expect(rows).toHaveLength(membersOf('MISD').length);
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1 && r.sentAt)).toBe(true);
    expect(event.map((m) => m.messageId).sort()).toEqual(rows.map((r) => `<${r.id}@ipcei-portaal>`).sort());
    // The in-app twins.
    const inApp = await getDb().select().from(notifications).where(eq(notifications.kind, 'report.request_changes'));
    expect(inApp).toHaveLength(membersOf('MISD').length);
  });

  it('retries with backoff while the mail server is down, then sends once; gives up after the last attempt', async () => {
    const ecc = await reportId('ECC', 2025);
    const penvoerder = await principalFor(ACCOUNTS.penvoerderEcc);
    await getDb().transaction((tx) => transition(tx, penvoerder, actorOf(penvoerder), ecc, 'submit'));
    const reviewers = DEMO_ACCOUNTS.filter((a) => a.staffRoles.includes('reviewer')).length;

    const start = new Date();
    const down = createWorker({ transport: smtpTransport(`smtp://127.0.0.1:${await closedPort()}`) });
    const failed = await down.runOnce(start);
    expect(failed.mailSent).toBe(0);
    expect(failed.mailFailed).toBeGreaterThanOrEqual(reviewers);
    const [row] = await getDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, ACCOUNTS.reviewerA));
    expect(row).toMatchObject({ status: 'queued', attempts: 1 });
    expect(row!.lastError).toBeTruthy();
    expect(row!.nextAttemptAt.getTime() - start.getTime()).toBe(60_000);
    // Not due yet: nothing is tried.
    expect((await down.runOnce(new Date(start.getTime() + 30_000))).mailFailed).toBe(0);
    await down.stop();

    const up = createWorker({ transport: smtpTransport(smtpUrl) });
    const sent = await up.runOnce(new Date(start.getTime() + 61_000));
    expect(sent.mailSent).toBeGreaterThanOrEqual(reviewers);
    expect(received.filter((m) => m.subject === 'Rapport ECC 2025 ingediend: klaar voor beoordeling')).toHaveLength(reviewers);

    // A message that keeps failing ends as 'failed'; an administrator puts it back (audited).
    const [sentRow] = await getDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, ACCOUNTS.reviewerA));
    await getDb().update(emailOutbox).set({ status: 'queued', attempts: MAX_MAIL_ATTEMPTS - 1, nextAttemptAt: start }).where(eq(emailOutbox.id, sentRow!.id));
    const down2 = createWorker({ transport: smtpTransport(`smtp://127.0.0.1:${await closedPort()}`) });
    await down2.runOnce(start);
    await down2.stop();
    const [dead] = await getDb().select().from(emailOutbox).where(eq(emailOutbox.id, sentRow!.id));
    expect(dead).toMatchObject({ status: 'failed', attempts: MAX_MAIL_ATTEMPTS });

    const notAdmin = await outcome(async () => mailboxRoute.action(args(await postRequest('/beheer/mail', { intent: 'retry-mail', id: dead!.id }, ACCOUNTS.reviewerA))));
    expect(notAdmin.status).toBe(403);
    const retried = await outcome(async () => mailboxRoute.action(args(await postRequest('/beheer/mail', { intent: 'retry-mail', id: dead!.id }, ACCOUNTS.admin))));
    expect(retried.status).toBe(302);
    const again = await outcome(async () => mailboxRoute.action(args(await postRequest('/beheer/mail', { intent: 'retry-mail', id: dead!.id }, ACCOUNTS.admin))));
    expect(again.status).toBe(409);
    await up.runOnce(new Date());
    await up.stop();
    const [back] = await getDb().select().from(emailOutbox).where(eq(emailOutbox.id, dead!.id));
    expect(back).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('never sends a message twice when two workers run at once (SKIP LOCKED: a real race on the server; one after the other on PGlite)', async () => {
    const misd = await reportId('MISD', 2025);
    const penvoerder = await principalFor(ACCOUNTS.penvoerderMisd);
    await getDb().transaction((tx) => transition(tx, penvoerder, actorOf(penvoerder), misd, 'submit'));
    const a = createWorker({ transport: smtpTransport(smtpUrl) });
    const b = createWorker({ transport: smtpTransport(smtpUrl) });
    const results = await Promise.all([a.runOnce(), b.runOnce()]);
    await Promise.all([a.stop(), b.stop()]);
    const ids = received.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(results[0].mailSent + results[1].mailSent).toBe(ids.length);
    const submitted = received.filter((m) => m.subject.includes('MISD 2025'));
    expect(submitted.flatMap((m) => m.to).sort()).toEqual(DEMO_ACCOUNTS.filter((x) => x.staffRoles.includes('reviewer')).map((x) => x.email).sort());
  });
});

describe('the worker loop', () => {
  it('runs in the background without keeping the process alive, and stops cleanly', async () => {
    const logs: string[] = [];
    const worker = createWorker({ transport: smtpTransport(smtpUrl), intervalMs: 20, log: (m) => logs.push(m) });
    worker.start();
    await new Promise((resolve) => setTimeout(resolve, 150));
    await worker.stop();
    // The daily jobs of today exist (scheduled by the loop) and no pass failed.
    const today = await getDb().select().from(jobs).where(like(jobs.uniqueKey, 'reminders:%'));
    expect(today.length).toBeGreaterThan(0);
    expect(logs.filter((l) => l.includes('pass failed'))).toEqual([]);
  });
});

describe('deadline reminders', () => {
  it('knows which reminder is due on which day', () => {
    const due = '2026-02-01';
    expect(reminderStage(due, '2025-12-31')).toBeNull();
    expect(reminderStage(due, '2026-01-02')).toBe('due30');
    expect(reminderStage(due, '2026-01-10')).toBe('due30');
    expect(reminderStage(due, '2026-01-18')).toBe('due14');
    expect(reminderStage(due, '2026-01-25')).toBe('due7');
    expect(reminderStage(due, '2026-01-31')).toBe('due1');
    expect(reminderStage(due, '2026-02-01')).toBe('due1');
    expect(reminderStage(due, '2026-02-02')).toBe('overdue');
    expect(reminderStage(due, '2026-02-20')).toBeNull();
  });

  it('reminds the projects whose report is not submitted, once per reminder, however often the scheduler runs', async () => {
    // ECOFED 2025 is still a draft (MISD and ECC 2025 were submitted above); due 1 February 2026.
    const worker = createWorker({ transport: smtpTransport(smtpUrl) });
    const day = (iso: string) => new Date(`${iso}T07:00:00Z`);
    const reminders = () => received.filter((m) => /Herinnering|Reminder|Te laat|Overdue/.test(m.subject));

    await worker.runOnce(day('2026-01-02'));
    const first = reminders();
    expect(first.flatMap((m) => m.to).sort()).toEqual(membersOf('ECOFED'));
    expect(first.every((m) => m.subject.startsWith('Herinnering: rapport ECOFED 2025'))).toBe(true);

    // The scheduler runs again the same day, the job runs again, and the next day (same reminder).
    await worker.runOnce(day('2026-01-02'));
    expect(await sendDeadlineReminders(getDb(), '2026-01-02', day('2026-01-02'))).toBe(0);
    await worker.runOnce(day('2026-01-03'));
    await worker.runOnce(day('2026-01-03'));
    expect(reminders()).toHaveLength(first.length);
    const dailyJobs = await getDb().select().from(jobs).where(and(eq(jobs.kind, 'reminders'), like(jobs.uniqueKey, 'reminders:2026-01-0%')));
    expect(dailyJobs.map((j) => [j.uniqueKey, j.status]).sort()).toEqual([
      ['reminders:2026-01-02', 'done'],
      ['reminders:2026-01-03', 'done'],
    ]);

    // 14 days before, and the day it becomes overdue: one more each.
    await worker.runOnce(day('2026-01-18'));
    await worker.runOnce(day('2026-01-18'));
    expect(reminders()).toHaveLength(first.length * 2);
    await worker.runOnce(day('2026-02-02'));
    await worker.runOnce(day('2026-02-03'));
    expect(reminders()).toHaveLength(first.length * 3);
    expect(reminders().slice(-first.length).every((m) => m.subject === 'Te laat: rapport ECOFED 2025')).toBe(true);
    await worker.stop();
  });
});
