import { and, asc, count, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Queryable, Tx } from '#db/client';
import {
  programmes,
  projects,
  REPORT_SECTIONS,
  REPORT_STATUSES,
  reportRevisions,
  reports,
  reviewComments,
  reviewDecisions,
  users,
  type ReportSection,
  type ReportStatus,
  type ReviewDecision,
} from '#db/schema/index';
import type { TranslationKey } from '#app/i18n/index';
import { can, type Principal } from '#app/utils/permissions.server';
import { appendAudit, type AuditActor } from './audit.server';
import { todayInAmsterdam } from '#app/rules/dates';
import { overdueReportSql } from './report-deadlines.server';
import { INBOX_STATUS_FILTERS, OPEN_FOR_REVIEW, type InboxStatusFilter } from '#app/rules/workflow';

// --- The inbox ---

export const INBOX_SORTS = ['due', 'submitted', 'project', 'year', 'status'] as const;
export type InboxSort = (typeof INBOX_SORTS)[number];
/** 'open' = needs a reviewer now (submitted or recommended); 'all' = every status. */

export { INBOX_STATUS_FILTERS, type InboxStatusFilter };

export interface InboxFilters {
  programme: string | null;
  project: string | null;
  year: number | null;
  status: InboxStatusFilter;
  overdue: boolean;
  mine: boolean;
  sort: InboxSort;
  dir: 'asc' | 'desc';
}

const pick = <T extends string>(value: string | null, allowed: readonly T[], fallback: T): T =>
  value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;

/** The inbox filters from the URL; anything unknown falls back to the default (never an error). */
export function parseInboxFilters(params: URLSearchParams): InboxFilters {
  const year = Number(params.get('jaar'));
  return {
    programme: params.get('programma')?.trim() || null,
    project: params.get('project')?.trim() || null,
    year: Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : null,
    status: pick(params.get('status'), INBOX_STATUS_FILTERS, 'open'),
    overdue: params.get('telaat') === '1',
    mine: params.get('mijn') === '1',
    sort: pick(params.get('sorteer'), INBOX_SORTS, 'due'),
    dir: params.get('richting') === 'desc' ? 'desc' : 'asc',
  };
}


const reviewer = alias(users, 'assigned_reviewer');

export async function listInbox(db: Queryable, principal: Principal, filters: InboxFilters, now = new Date()) {
  const today = todayInAmsterdam(now);
  const base: SQL[] = [];
  if (filters.programme) base.push(eq(programmes.code, filters.programme));
  if (filters.project) base.push(eq(projects.code, filters.project));
  if (filters.year) base.push(eq(reports.year, filters.year));
  if (filters.overdue) base.push(overdueReportSql(today));
  if (filters.mine) base.push(eq(reports.assignedReviewerId, principal.user.id));
  const withStatus = [...base];
  if (filters.status === 'open') withStatus.push(inArray(reports.status, [...OPEN_FOR_REVIEW]));
  else if (filters.status !== 'all') withStatus.push(eq(reports.status, filters.status));

  const direction = filters.dir === 'desc' ? desc : asc;
  const order = {
    due: [direction(reports.dueDate), asc(projects.code)],
    submitted: [filters.dir === 'desc' ? sql`${reports.submittedAt} desc nulls last` : sql`${reports.submittedAt} asc nulls last`, asc(projects.code)],
    project: [direction(projects.code), desc(reports.year)],
    year: [direction(reports.year), asc(projects.code)],
    status: [direction(sql`array_position(array[${sql.join(REPORT_STATUSES.map((s) => sql`${s}`), sql`, `)}]::report_status[], ${reports.status})`), asc(projects.code)],
  }[filters.sort];

  const [rows, counts, programmeOptions, projectOptions, yearOptions] = await Promise.all([
    db
      .select({
        id: reports.id,
        year: reports.year,
        status: reports.status,
        dueDate: reports.dueDate,
        submittedAt: reports.submittedAt,
        submittedLate: reports.submittedLate,
        version: reports.version,
        projectCode: projects.code,
        projectName: projects.name,
        programmeCode: programmes.code,
        assignedReviewerId: reports.assignedReviewerId,
        assignedReviewerName: reviewer.name,
        overdue: sql<boolean>`(${overdueReportSql(today)})`,
      })
      .from(reports)
      .innerJoin(projects, eq(projects.id, reports.projectId))
      .innerJoin(programmes, eq(programmes.id, projects.programmeId))
      .leftJoin(reviewer, eq(reviewer.id, reports.assignedReviewerId))
      .where(and(...withStatus))
      .orderBy(...order),
    db
      .select({ status: reports.status, n: count() })
      .from(reports)
      .innerJoin(projects, eq(projects.id, reports.projectId))
      .innerJoin(programmes, eq(programmes.id, projects.programmeId))
      .where(and(...base))
      .groupBy(reports.status),
    db.select({ code: programmes.code, name: programmes.name }).from(programmes).orderBy(programmes.code),
    db.select({ code: projects.code }).from(projects).orderBy(projects.code),
    db.selectDistinct({ year: reports.year }).from(reports).orderBy(desc(reports.year)),
  ]);
  const countByStatus = Object.fromEntries(REPORT_STATUSES.map((s) => [s, 0])) as Record<ReportStatus, number>;
  for (const c of counts) countByStatus[c.status] = c.n;
  return {
    rows: rows.map((r) => ({ ...r, overdue: Boolean(r.overdue) })),
    counts: countByStatus,
    options: { programmes: programmeOptions, projects: projectOptions.map((p) => p.code), years: yearOptions.map((y) => y.year) },
  };
}

// --- Claim and give back ---

export type ClaimResult =
  | { ok: true }
  | { ok: false; reason: 'taken'; by: string }
  | { ok: false; reason: 'not_yours' }
  | { ok: false; reason: 'not_claimable' }
  | { ok: false; reason: 'not_found' };

/** A report can be taken once it has been submitted and until it is decided. */
export const CLAIMABLE_STATUSES: readonly ReportStatus[] = ['submitted', 'recommended', 'changes_requested'];

/** Takes an unassigned report (assigned_reviewer_id IS NULL in the WHERE: of two at once, one wins). */
export async function claimReport(tx: Tx, principal: Principal, actor: AuditActor, reportId: string): Promise<ClaimResult> {
  const [updated] = await tx
    .update(reports)
    .set({ assignedReviewerId: principal.user.id })
    .where(and(eq(reports.id, reportId), isNull(reports.assignedReviewerId), inArray(reports.status, [...CLAIMABLE_STATUSES])))
    .returning({ id: reports.id, projectId: reports.projectId });
  if (!updated) {
    const [current] = await tx
      .select({ name: users.name, status: reports.status })
      .from(reports)
      .leftJoin(users, eq(users.id, reports.assignedReviewerId))
      .where(eq(reports.id, reportId));
    if (!current) return { ok: false, reason: 'not_found' };
    if (current.name === null) return { ok: false, reason: 'not_claimable' };
    return { ok: false, reason: 'taken', by: current.name };
  }
  await appendAudit(tx, actor, { action: 'report.claim', entityType: 'report', entityId: reportId, projectId: updated.projectId });
  return { ok: true };
}

/** Gives a report back: only the reviewer it is assigned to can. */
export async function releaseReport(tx: Tx, principal: Principal, actor: AuditActor, reportId: string): Promise<ClaimResult> {
  const [updated] = await tx
    .update(reports)
    .set({ assignedReviewerId: null })
    .where(and(eq(reports.id, reportId), eq(reports.assignedReviewerId, principal.user.id)))
    .returning({ id: reports.id, projectId: reports.projectId });
  if (!updated) return { ok: false, reason: 'not_yours' };
  await appendAudit(tx, actor, { action: 'report.release', entityType: 'report', entityId: reportId, projectId: updated.projectId });
  return { ok: true };
}

// --- One report ---

const submitter = alias(users, 'submitter');
const recommender = alias(users, 'recommender');
const approver = alias(users, 'approver');

export async function getReviewHeader(db: Queryable, reportId: string) {
  const [row] = await db
    .select({
      id: reports.id,
      projectId: reports.projectId,
      projectCode: projects.code,
      projectName: projects.name,
      programmeCode: programmes.code,
      fourEyes: programmes.fourEyes,
      year: reports.year,
      status: reports.status,
      version: reports.version,
      dueDate: reports.dueDate,
      currentRevision: reports.currentRevision,
      submittedAt: reports.submittedAt,
      submittedLate: reports.submittedLate,
      submittedByName: submitter.name,
      recommendedBy: reports.recommendedBy,
      recommendedByName: recommender.name,
      recommendedAt: reports.recommendedAt,
      approvedByName: approver.name,
      approvedAt: reports.approvedAt,
      assignedReviewerId: reports.assignedReviewerId,
      assignedReviewerName: reviewer.name,
    })
    .from(reports)
    .innerJoin(projects, eq(projects.id, reports.projectId))
    .innerJoin(programmes, eq(programmes.id, projects.programmeId))
    .leftJoin(submitter, eq(submitter.id, reports.submittedBy))
    .leftJoin(recommender, eq(recommender.id, reports.recommendedBy))
    .leftJoin(approver, eq(approver.id, reports.approvedBy))
    .leftJoin(reviewer, eq(reviewer.id, reports.assignedReviewerId))
    .where(eq(reports.id, reportId));
  return row ?? null;
}

export type ReviewHeader = NonNullable<Awaited<ReturnType<typeof getReviewHeader>>>;

/** The latest submitted revision and the one before it (for the comparison). */
export async function getRevisions(db: Queryable, reportId: string, revision: number) {
  if (revision < 1) return { current: null, previous: null };
  const rows = await db
    .select({
      revision: reportRevisions.revision,
      reference: reportRevisions.reference,
      snapshot: reportRevisions.snapshot,
      findings: reportRevisions.findings,
      submittedAt: reportRevisions.submittedAt,
      submittedByName: users.name,
    })
    .from(reportRevisions)
    .innerJoin(users, eq(users.id, reportRevisions.submittedBy))
    .where(and(eq(reportRevisions.reportId, reportId), inArray(reportRevisions.revision, [revision, revision - 1])))
    .orderBy(desc(reportRevisions.revision));
  return { current: rows.find((r) => r.revision === revision) ?? null, previous: rows.find((r) => r.revision === revision - 1) ?? null };
}

export async function getDecisions(db: Queryable, reportId: string) {
  return db
    .select({
      id: reviewDecisions.id,
      decision: reviewDecisions.decision,
      revision: reviewDecisions.revision,
      reason: reviewDecisions.reason,
      decidedAt: reviewDecisions.decidedAt,
      decidedByName: users.name,
    })
    .from(reviewDecisions)
    .innerJoin(users, eq(users.id, reviewDecisions.decidedBy))
    .where(eq(reviewDecisions.reportId, reportId))
    .orderBy(desc(reviewDecisions.decidedAt));
}

/** The latest decision (for "someone else got there first: … by …"). */
export async function latestDecision(db: Queryable, reportId: string): Promise<{ decision: ReviewDecision; name: string } | null> {
  const [row] = await getDecisions(db, reportId);
  return row ? { decision: row.decision, name: row.decidedByName } : null;
}

// --- Snapshot display and comparison ---

/** Which parts of the snapshot belong to which section of the report. */
export const SECTION_CONTENT: Record<ReportSection, readonly string[]> = {
  progress: ['narrative', 'workPackages'],
  milestones: ['milestones'],
  costs: ['partners', 'totals'],
  indicators: ['indicators'],
  spillover: ['spillover'],
  risks: ['risks'],
  attachments: ['attachments'],
};

/** Keys that identify rather than describe: used to label items, not shown as rows. */
const HIDDEN_KEYS = new Set(['id', 'version', 'sha256']);

export type ValueKind = 'text' | 'money' | 'date' | 'datetime' | 'bool' | 'number' | 'fte' | 'empty';

export interface SnapshotRow {
  /** Stable path (uses item ids/codes, so reordering is not a change). */
  key: string;
  /** Human path: item labels and field names, e.g. ['partners', 'TNO', 'costLines', 'Projectleiding', 'amountCents']. */
  path: string[];
  value: string;
  kind: ValueKind;
}

function itemLabel(item: unknown, index: number): { key: string; label: string } {
  if (item && typeof item === 'object') {
    const o = item as Record<string, unknown>;
    const org = o.organisation as Record<string, unknown> | undefined;
    const label =
      (typeof o.code === 'string' && o.code) ||
      (org && typeof org.name === 'string' && org.name) ||
      (typeof o.title === 'string' && o.title) ||
      (typeof o.filename === 'string' && o.filename) ||
      (typeof o.description === 'string' && o.description) ||
      String(index + 1);
    const key = (typeof o.id === 'string' && o.id) || (org && typeof org.id === 'string' && org.id) || (typeof o.code === 'string' && o.code) || String(index);
    return { key, label };
  }
  return { key: String(index), label: String(index + 1) };
}

function leaf(name: string, value: unknown): { value: string; kind: ValueKind } {
  if (value === null || value === undefined || value === '') return { value: '', kind: 'empty' };
  if (typeof value === 'boolean') return { value: String(value), kind: 'bool' };
  if (typeof value === 'number') {
    if (/Cents$/.test(name) || name === 'cents') return { value: String(value), kind: 'money' };
    if (name === 'fteTenths') return { value: String(value), kind: 'fte' };
    return { value: String(value), kind: 'number' };
  }
  const text = String(value);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return { value: text, kind: 'date' };
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) return { value: text, kind: 'datetime' };
  return { value: text, kind: 'text' };
}

/** Flattens one section of a stored snapshot into labelled rows (any snapshot version). */
export function flattenSection(snapshot: unknown, section: ReportSection): SnapshotRow[] {
  const rows: SnapshotRow[] = [];
  const root = (snapshot && typeof snapshot === 'object' ? snapshot : {}) as Record<string, unknown>;
  const walk = (value: unknown, key: string, path: string[], name: string) => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        const { key: k, label } = itemLabel(item, i);
        walk(item, `${key}/${k}`, [...path, label], name);
      });
      return;
    }
    if (value && typeof value === 'object') {
      for (const [field, child] of Object.entries(value as Record<string, unknown>)) {
        if (HIDDEN_KEYS.has(field)) continue;
        // The code that already labels the item ("WP1 › code: WP1") says nothing new.
        if (field === 'code' && child === path[path.length - 1]) continue;
        // Bucket maps by category (budgetCents.personnel …) keep the parent's money meaning.
        const childName = /Cents$/.test(name) && typeof child === 'number' ? name : field;
        walk(child, `${key}.${field}`, [...path, field], childName);
      }
      return;
    }
    rows.push({ key, path, ...leaf(name, value) });
  };
  // A section made of one part (milestones, risks …) needs no part name in front of every row.
  const single = SECTION_CONTENT[section].length === 1;
  for (const part of SECTION_CONTENT[section]) {
    if (part in root) walk(root[part], part, single ? [] : [part], part);
  }
  return rows;
}

export type DiffState = 'same' | 'changed' | 'added';

export interface SectionView {
  section: ReportSection;
  rows: Array<SnapshotRow & { state: DiffState; previous?: string }>;
  removed: SnapshotRow[];
  changes: number;
}

/** Each section of the current revision, compared with the previous one (if any). */
export function compareRevisions(current: unknown, previous: unknown | null): SectionView[] {
  return REPORT_SECTIONS.map((section) => {
    const now = flattenSection(current, section);
    if (previous === null) return { section, rows: now.map((r) => ({ ...r, state: 'same' as const })), removed: [], changes: 0 };
    const before = new Map(flattenSection(previous, section).map((r) => [r.key, r]));
    const rows = now.map((r) => {
      const old = before.get(r.key);
      before.delete(r.key);
      if (!old) return { ...r, state: r.kind === 'empty' ? ('same' as const) : ('added' as const) };
      if (old.value !== r.value) return { ...r, state: 'changed' as const, previous: old.value };
      return { ...r, state: 'same' as const };
    });
    const removed = [...before.values()].filter((r) => r.kind !== 'empty');
    return { section, rows, removed, changes: rows.filter((r) => r.state !== 'same').length + removed.length };
  });
}

// --- Questions and answers ---

const author = alias(users, 'author');
const resolver = alias(users, 'resolver');

export interface Thread {
  id: string;
  section: ReportSection | null;
  revision: number;
  body: string;
  authorName: string;
  createdAt: Date;
  resolvedAt: Date | null;
  resolvedByName: string | null;
  replies: Array<{ id: string; body: string; authorName: string; createdAt: Date }>;
}

/** All question threads of a report (every revision), oldest first, with their answers. */
export async function listThreads(db: Queryable, reportId: string, section?: ReportSection): Promise<Thread[]> {
  const rows = await db
    .select({
      id: reviewComments.id,
      parentId: reviewComments.parentId,
      section: reviewComments.section,
      revision: reviewComments.revision,
      body: reviewComments.body,
      authorName: author.name,
      createdAt: reviewComments.createdAt,
      resolvedAt: reviewComments.resolvedAt,
      resolvedByName: resolver.name,
    })
    .from(reviewComments)
    .innerJoin(author, eq(author.id, reviewComments.authorId))
    .leftJoin(resolver, eq(resolver.id, reviewComments.resolvedBy))
    .where(eq(reviewComments.reportId, reportId))
    .orderBy(asc(reviewComments.createdAt), asc(reviewComments.id));
  const threads = new Map<string, Thread>();
  for (const row of rows) {
    if (row.parentId === null) threads.set(row.id, { ...row, replies: [] });
  }
  for (const row of rows) {
    if (row.parentId !== null) threads.get(row.parentId)?.replies.push({ id: row.id, body: row.body, authorName: row.authorName, createdAt: row.createdAt });
  }
  const all = [...threads.values()];
  return section === undefined ? all : all.filter((t) => t.section === section);
}

export async function openQuestionCount(db: Queryable, reportId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(reviewComments)
    .where(and(eq(reviewComments.reportId, reportId), isNull(reviewComments.parentId), isNull(reviewComments.resolvedAt)));
  return row?.n ?? 0;
}


/** What the user may do with the threads of this report now (server-computed, sent to the page). */
export function threadPermissions(principal: Principal, report: { projectId: string; status: ReportStatus }) {
  const reviewerNow = can(principal, 'review:report') && OPEN_FOR_REVIEW.includes(report.status);
  const member = principal.memberships.has(report.projectId);
  const partnerNow = member && report.status === 'changes_requested';
  return { ask: reviewerNow, reply: reviewerNow || partnerNow, resolve: reviewerNow };
}

export class CommentError extends Error {
  constructor(readonly key: 'errors.review.comment.closed' | 'errors.review.comment.notFound', readonly status: 403 | 404 | 409) {
    super(key);
  }
}

/** Reads the report's status FOR UPDATE, so a comment cannot slip in beside a status change. */
async function lockReport(tx: Tx, reportId: string) {
  const [row] = await tx
    .select({ id: reports.id, projectId: reports.projectId, status: reports.status, currentRevision: reports.currentRevision })
    .from(reports)
    .where(eq(reports.id, reportId))
    .for('update');
  return row ?? null;
}

/** A new question (reviewers, while the report is with RVO); section null = the general thread. */
export async function askQuestion(
  tx: Tx,
  principal: Principal,
  actor: AuditActor,
  input: { reportId: string; section: ReportSection | null; body: string },
) {
  const report = await lockReport(tx, input.reportId);
  if (!report) throw new CommentError('errors.review.comment.notFound', 404);
  if (!threadPermissions(principal, report).ask) throw new CommentError('errors.review.comment.closed', 409);
  const [row] = await tx
    .insert(reviewComments)
    .values({ reportId: report.id, revision: report.currentRevision, section: input.section, authorId: principal.user.id, body: input.body.trim() })
    .returning({ id: reviewComments.id });
  await appendAudit(tx, actor, {
    action: 'review.question',
    entityType: 'review_comment',
    entityId: row!.id,
    projectId: report.projectId,
    details: { reportId: report.id, section: input.section },
  });
  return row!.id;
}

/** An answer in a thread (reviewers while under review; project members when changes were requested). */
export async function replyToThread(tx: Tx, principal: Principal, actor: AuditActor, input: { reportId: string; threadId: string; body: string }) {
  const report = await lockReport(tx, input.reportId);
  if (!report) throw new CommentError('errors.review.comment.notFound', 404);
  const [thread] = await tx
    .select({ id: reviewComments.id, section: reviewComments.section })
    .from(reviewComments)
    .where(and(eq(reviewComments.id, input.threadId), eq(reviewComments.reportId, report.id), isNull(reviewComments.parentId)));
  if (!thread) throw new CommentError('errors.review.comment.notFound', 404);
  if (!threadPermissions(principal, report).reply) throw new CommentError('errors.review.comment.closed', 409);
  const [row] = await tx
    .insert(reviewComments)
    .values({
      reportId: report.id,
      revision: report.currentRevision,
      section: thread.section,
      parentId: thread.id,
      authorId: principal.user.id,
      body: input.body.trim(),
    })
    .returning({ id: reviewComments.id });
  await appendAudit(tx, actor, {
    action: 'review.answer',
    entityType: 'review_comment',
    entityId: row!.id,
    projectId: report.projectId,
    details: { reportId: report.id, threadId: thread.id },
  });
  return row!.id;
}

/** Marks a thread resolved, or open again. */
export async function setThreadResolved(
  tx: Tx,
  principal: Principal,
  actor: AuditActor,
  input: { reportId: string; threadId: string; resolved: boolean },
) {
  const report = await lockReport(tx, input.reportId);
  if (!report) throw new CommentError('errors.review.comment.notFound', 404);
  if (!threadPermissions(principal, report).resolve) throw new CommentError('errors.review.comment.closed', 409);
  const now = new Date();
  const changed = await tx
    .update(reviewComments)
    .set(input.resolved ? { resolvedAt: now, resolvedBy: principal.user.id } : { resolvedAt: null, resolvedBy: null })
    .where(and(eq(reviewComments.id, input.threadId), eq(reviewComments.reportId, report.id), isNull(reviewComments.parentId)))
    .returning({ id: reviewComments.id });
  if (changed.length === 0) throw new CommentError('errors.review.comment.notFound', 404);
  await appendAudit(tx, actor, {
    action: input.resolved ? 'review.resolve' : 'review.unresolve',
    entityType: 'review_comment',
    entityId: input.threadId,
    projectId: report.projectId,
    details: { reportId: report.id },
  });
}

/** The message and HTTP status of a claim or give-back, for the page. */
export function claimOutcome(intent: 'claim' | 'release', result: ClaimResult): { status: 200 | 403 | 404 | 409; notice: Notice; error: boolean } {
  if (result.ok) return { status: 200, notice: { key: intent === 'claim' ? 'review.claim.done' : 'review.claim.released' }, error: false };
  if (result.reason === 'taken') return { status: 409, notice: { key: 'review.claim.taken', params: { name: result.by } }, error: true };
  if (result.reason === 'not_yours') return { status: 403, notice: { key: 'review.claim.notYours' }, error: true };
  if (result.reason === 'not_claimable') return { status: 409, notice: { key: 'review.claim.notClaimable' }, error: true };
  return { status: 404, notice: { key: 'errors.review.not_found' }, error: true };
}

/** A message for the page as a translation key with parameters (translated in the user's language there). */
export interface Notice {
  key: TranslationKey;
  params?: Record<string, NoticeParam>;
}

/** A message parameter may itself be translated: a key (with its own parameters). */
export type NoticeParam = string | number | { key: TranslationKey; params?: Record<string, NoticeParam> };

/** The clear message for a refused decision: who may not, which state it is in now, who got there first. */
export function workflowNotice(
  code: 'forbidden' | 'four_eyes' | 'wrong_state' | 'conflict' | 'reason_required' | 'not_found',
  currentStatus: ReportStatus | undefined,
  latest: { decision: ReviewDecision; name: string } | null,
): Notice {
  const status: NoticeParam = currentStatus ? { key: `reportStatus.${currentStatus}` } : '';
  switch (code) {
    case 'wrong_state':
      return { key: 'errors.review.wrong_state', params: { status } };
    case 'conflict':
      return {
        key: 'errors.review.conflict',
        params: {
          status,
          by: latest ? { key: 'errors.review.conflictBy', params: { decision: { key: `review.decision.${latest.decision}` }, name: latest.name } } : '',
        },
      };
    default:
      return { key: `errors.review.${code}` };
  }
}

/**
 * For the project's section pages: the questions on one section (or all, without `section`) and
 * whether this user may answer now. Null when the report has no questions there.
 */
export async function loadSectionQuestions(db: Queryable, principal: Principal, reportId: string, section?: ReportSection) {
  const [report] = await db.select({ projectId: reports.projectId, status: reports.status }).from(reports).where(eq(reports.id, reportId));
  if (!report) return null;
  const threads = await listThreads(db, reportId, section);
  if (threads.length === 0) return null;
  const permissions = threadPermissions(principal, report);
  // On the project's pages only answering happens; asking and resolving are the reviewers'.
  return { reportId, section: section ?? null, status: report.status, threads, permissions: { ask: false, reply: permissions.reply, resolve: false } };
}

export type SectionQuestionsData = NonNullable<Awaited<ReturnType<typeof loadSectionQuestions>>>;
