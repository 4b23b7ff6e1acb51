import { and, desc, eq, inArray, isNull, sql, type SQLWrapper } from 'drizzle-orm';
import { queryRows, type Queryable, type Tx } from '#db/client';
import {
  emailOutbox,
  notifications,
  projectMemberships,
  projects,
  reports,
  userRoles,
  users,
  type Locale,
  type ReportStatus,
} from '#db/schema/index';
import { createTranslator, type Params, type TranslationKey } from '#app/i18n/index';
import { getConfig } from '#app/utils/config.server';
import type { WorkflowAction } from '#app/rules/workflow';
import { formatDate } from '#app/rules/dates';

/**
 * Who hears about what. Every event writes, in the caller's transaction, one in-app notification and
 * one e-mail (in the recipient's language) per recipient into the outbox; the worker in
 * `jobs.server.ts` sends the e-mail later. A `dedupe_key` per event and recipient makes each mail
 * exist once, however often the event is replayed.
 */

export type NotificationKind = `report.${WorkflowAction}` | 'report.reminder' | 'report.overdue';

export interface Recipient {
  id: string;
  email: string;
  name: string;
  locale: Locale;
}

/** Base URL for links in e-mails. */
export function publicBaseUrl(): string {
  const config = getConfig();
  return (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/$/, '');
}

/** Active users with the reviewer role. */
export async function reviewerRecipients(db: Queryable): Promise<Recipient[]> {
  return db
    .selectDistinct({ id: users.id, email: users.email, name: users.name, locale: users.locale })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(userRoles.role, 'reviewer'), eq(users.status, 'active')))
    .orderBy(users.email);
}

/** Active members of a project: the penvoerder and every partner contributor. */
export async function projectRecipients(db: Queryable, projectId: string): Promise<Recipient[]> {
  return db
    .selectDistinct({ id: users.id, email: users.email, name: users.name, locale: users.locale })
    .from(users)
    .innerJoin(projectMemberships, eq(projectMemberships.userId, users.id))
    .where(and(eq(projectMemberships.projectId, projectId), eq(users.status, 'active')))
    .orderBy(users.email);
}

export interface NotifyEvent {
  kind: NotificationKind;
  /** Unique per event (not per recipient): the recipient's id is appended for the mail's dedupe key. */
  eventKey: string;
  params: Record<string, string | number>;
  /** Path inside the portal, per recipient (reviewers and partners land on different pages). */
  link: (recipient: Recipient) => string;
  reason?: string;
  now?: Date;
}

/** Renders the e-mail of an event for one recipient in their language. */
export function renderMail(event: Pick<NotifyEvent, 'kind' | 'params' | 'reason'>, recipient: Recipient, link: string) {
  const tr = createTranslator(recipient.locale);
  const params: Params = { ...event.params };
  if (typeof params.dueDate === 'string') params.dueDate = formatDate(params.dueDate, recipient.locale);
  const subject = tr.t(`review.mail.subject.${event.kind}` as TranslationKey, params);
  const lines = [
    tr.t('review.mail.greeting', { name: recipient.name }),
    '',
    tr.t(`review.notification.${event.kind}` as TranslationKey, params),
  ];
  if (event.reason) lines.push('', tr.t('review.mail.reason', { reason: event.reason }));
  lines.push('', tr.t('review.mail.link', { link: `${publicBaseUrl()}${link}` }), '', '--', tr.t('review.mail.footer'));
  return { subject, bodyText: lines.join('\n') };
}

/**
 * Writes the in-app notification and the outbox e-mail for each recipient. Returns the number of
 * e-mails newly queued (an e-mail whose dedupe key exists already is not queued again; neither is
 * its in-app twin).
 */
export async function notify(tx: Tx, recipients: readonly Recipient[], event: NotifyEvent): Promise<number> {
  let queued = 0;
  const now = event.now ?? new Date();
  for (const recipient of recipients) {
    const link = event.link(recipient);
    const mail = renderMail(event, recipient, link);
    const inserted = await tx
      .insert(emailOutbox)
      .values({
        dedupeKey: `${event.eventKey}:${recipient.id}`,
        toAddress: recipient.email,
        locale: recipient.locale,
        subject: mail.subject,
        bodyText: mail.bodyText,
        nextAttemptAt: now,
      })
      .onConflictDoNothing({ target: emailOutbox.dedupeKey })
      .returning({ id: emailOutbox.id });
    if (inserted.length === 0) continue;
    queued++;
    await tx.insert(notifications).values({ userId: recipient.id, kind: event.kind, params: event.params, link, createdAt: now });
  }
  return queued;
}

export interface TransitionEvent {
  reportId: string;
  projectId: string;
  action: WorkflowAction;
  from: ReportStatus;
  to: ReportStatus;
  /** The report's version after the transition: unique per status change. */
  version: number;
  revision: number;
  actorId: string;
  reason?: string;
  now?: Date;
}

/**
 * Called by `transition()` right after its audit entry, in the same transaction, so a status change
 * and the news of it commit or roll back together.
 * - submitted → every reviewer;
 * - changes requested, recommended, approved, rejected, reopened → the penvoerder and partners;
 * - recommended → also the other reviewers (one of them must approve).
 * The person who acted is never notified of their own action.
 */
export async function notifyTransition(tx: Tx, event: TransitionEvent): Promise<number> {
  const [head] = await tx
    .select({ code: projects.code, year: reports.year })
    .from(reports)
    .innerJoin(projects, eq(projects.id, reports.projectId))
    .where(eq(reports.id, event.reportId));
  if (!head) return 0;
  const reviewLink = `/beoordelen/${event.reportId}`;
  const projectLink = `/projecten/${encodeURIComponent(head.code)}/rapporten/${head.year}`;
  let recipients: Array<Recipient & { reviewer: boolean }> = [];
  if (event.action === 'submit') {
    recipients = (await reviewerRecipients(tx)).map((r) => ({ ...r, reviewer: true }));
  } else {
    recipients = (await projectRecipients(tx, event.projectId)).map((r) => ({ ...r, reviewer: false }));
    if (event.action === 'recommend') recipients.push(...(await reviewerRecipients(tx)).map((r) => ({ ...r, reviewer: true })));
  }
  const seen = new Set<string>();
  const unique = recipients.filter((r) => r.id !== event.actorId && !seen.has(r.id) && seen.add(r.id));
  const reviewerIds = new Set(unique.filter((r) => r.reviewer).map((r) => r.id));
  return notify(tx, unique, {
    kind: `report.${event.action}`,
    eventKey: `report:${event.reportId}:v${event.version}:${event.action}`,
    params: { project: head.code, year: head.year },
    link: (r) => (reviewerIds.has(r.id) ? reviewLink : event.action === 'request_changes' ? `/vragen/${event.reportId}` : projectLink),
    reason: event.reason,
    now: event.now,
  });
}

// --- The in-app list ---

/** The number of a user's unread notifications, as an SQL expression (the session lookup reads it in its own query). */
export function unreadCountSql(userId: SQLWrapper) {
  return sql<number>`(select count(*)::int from ${notifications} where ${notifications.userId} = ${userId} and ${notifications.readAt} is null)`.mapWith(Number);
}

export async function unreadCount(db: Queryable, userId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select ${unreadCountSql(sql`${userId}::uuid`)} as n`);
  return Number(row?.n ?? 0);
}

export async function listNotifications(db: Queryable, userId: string, limit = 100) {
  return db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      params: notifications.params,
      link: notifications.link,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
}

/** Marks the user's own notifications as read (all when `ids` is omitted). Returns how many changed. */
export async function markRead(tx: Tx, userId: string, ids?: readonly string[], now = new Date()): Promise<number> {
  const conditions = [eq(notifications.userId, userId), isNull(notifications.readAt)];
  if (ids) {
    if (ids.length === 0) return 0;
    conditions.push(inArray(notifications.id, [...ids]));
  }
  const changed = await tx.update(notifications).set({ readAt: now }).where(and(...conditions)).returning({ id: notifications.id });
  return changed.length;
}
