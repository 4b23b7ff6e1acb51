import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { data, redirect } from '@remix-run/node';
import { getDb, type Queryable, type Tx } from '#db/client';
import {
  milestones,
  milestoneUpdates,
  organisations,
  partnerBudgets,
  partnerParts,
  payments,
  projectPartners,
  REPORT_SECTIONS,
  reportRevisions,
  reports,
  reportSections,
  users,
  workPackages,
  COST_CATEGORIES,
  type CostCategory,
  type ReportSection,
  type ReportStatus,
  type SectionStatus,
} from '#db/schema/index';
import type { FieldErrors } from '#app/components/form/field';
import { findReadableProject } from '#app/models/project.server';
import { can, notFound, requirePermission, type Principal } from '#app/utils/permissions.server';
import { auditActor } from '#app/utils/request.server';
import { appendAudit } from './audit.server';
import { daysLeft, lateness } from '#app/rules/deadlines';
import { EDITABLE_STATUSES, reportPath, SECTION_SLUGS } from '#app/rules/sections';


/** A JSON Response for a refusal the page explains (409 not editable, 413 too large, …). */
export function refusal(status: 400 | 403 | 404 | 409 | 413, messageKey: string): Response {
  return new Response(JSON.stringify({ messageKey }), { status, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
}

export interface ReportContext {
  principal: Principal;
  project: { id: string; code: string; name: string; leadOrganisationId: string; programmeCode: string };
  report: {
    id: string;
    year: number;
    status: ReportStatus;
    dueDate: string;
    version: number;
    currentRevision: number;
    submittedAt: Date | null;
    submittedLate: boolean;
  };
  editable: boolean;
  /** The organisation the user acts for in this project (null for staff). */
  organisationId: string | null;
  may: { editShared: boolean; submit: boolean; editOwnPart: boolean };
}

/**
 * The report of a project and year as the caller may see it: 404 when the project is not readable
 * for them or has no report that year. The caller has already passed `requirePermission`.
 */
export async function loadReportContext(request: Request, params: { code?: string; year?: string }): Promise<ReportContext> {
  const principal = await requirePermission(request, 'signed-in');
  const db = getDb();
  const year = Number(params.year);
  if (!/^[0-9]{4}$/.test(params.year ?? '')) notFound();
  const project = await findReadableProject(db, principal, params.code ?? '');
  if (!project) notFound();
  await requirePermission(request, 'read:project:own', { projectId: project.id });
  const [report] = await db
    .select({
      id: reports.id,
      year: reports.year,
      status: reports.status,
      dueDate: reports.dueDate,
      version: reports.version,
      currentRevision: reports.currentRevision,
      submittedAt: reports.submittedAt,
      submittedLate: reports.submittedLate,
    })
    .from(reports)
    .where(and(eq(reports.projectId, project.id), eq(reports.year, year)));
  if (!report) notFound();
  const membership = principal.memberships.get(project.id);
  const scope = { projectId: project.id };
  return {
    principal,
    project: { id: project.id, code: project.code, name: project.name, leadOrganisationId: project.leadOrganisationId, programmeCode: project.programmeCode },
    report,
    editable: EDITABLE_STATUSES.includes(report.status),
    organisationId: membership?.organisationId ?? null,
    may: {
      editShared: can(principal, 'update:report:own', scope),
      submit: can(principal, 'submit:report:own', scope),
      editOwnPart: membership ? can(principal, 'update:report-part:own', { ...scope, organisationId: membership.organisationId }) : false,
    },
  };
}

/** What every section page needs to draw its header and decide whether to show a form. */
export function pageBasics(ctx: ReportContext) {
  return {
    project: { code: ctx.project.code, name: ctx.project.name },
    report: { year: ctx.report.year, status: ctx.report.status, dueDate: ctx.report.dueDate, currentRevision: ctx.report.currentRevision },
    editable: ctx.editable,
    may: ctx.may,
  };
}

// --- Task list ----------------------------------------------------------------------------------

export async function getTaskList(db: Queryable, ctx: ReportContext) {
  const [sections, parts, partners, revisions] = await Promise.all([
    db
      .select({
        section: reportSections.section,
        status: reportSections.status,
        version: reportSections.version,
        updatedAt: reportSections.updatedAt,
        updatedBy: users.name,
      })
      .from(reportSections)
      .leftJoin(users, eq(users.id, reportSections.updatedBy))
      .where(eq(reportSections.reportId, ctx.report.id)),
    db
      .select({
        organisationId: partnerParts.organisationId,
        version: partnerParts.version,
        signedOffAt: partnerParts.signedOffAt,
        updatedAt: partnerParts.updatedAt,
        updatedBy: users.name,
      })
      .from(partnerParts)
      .leftJoin(users, eq(users.id, partnerParts.updatedBy))
      .where(eq(partnerParts.reportId, ctx.report.id)),
    db
      .select({ organisationId: organisations.id, name: organisations.name })
      .from(projectPartners)
      .innerJoin(organisations, eq(organisations.id, projectPartners.organisationId))
      .where(eq(projectPartners.projectId, ctx.project.id)),
    db
      .select({ revision: reportRevisions.revision, reference: reportRevisions.reference, submittedAt: reportRevisions.submittedAt })
      .from(reportRevisions)
      .where(eq(reportRevisions.reportId, ctx.report.id))
      .orderBy(asc(reportRevisions.revision)),
  ]);
  const bySection = new Map(sections.map((s) => [s.section, s]));
  const partsByOrg = new Map(parts.map((p) => [p.organisationId, p]));
  const collator = new Intl.Collator('nl', { sensitivity: 'base' });
  const partnerRows = partners
    .sort((a, b) => collator.compare(a.name, b.name))
    .map((p) => {
      const part = partsByOrg.get(p.organisationId);
      const status: SectionStatus = part?.signedOffAt ? 'completed' : part && part.version > 0 ? 'in_progress' : 'not_started';
      return {
        organisationId: p.organisationId,
        name: p.name,
        status,
        updatedAt: part?.updatedAt ?? null,
        updatedBy: part?.updatedBy ?? null,
        mine: p.organisationId === ctx.organisationId,
      };
    });
  const rows = REPORT_SECTIONS.map((section) => {
    const row = bySection.get(section);
    return {
      section,
      slug: SECTION_SLUGS[section],
      status: (row?.status ?? 'not_started') as SectionStatus,
      updatedAt: row?.updatedAt ?? null,
      updatedBy: row?.updatedBy ?? null,
    };
  });
  const completed = rows.filter((r) => r.status === 'completed').length;
  const signedOff = partnerRows.filter((p) => p.status === 'completed').length;
  return {
    sections: rows,
    completed,
    total: rows.length,
    partners: partnerRows,
    signedOff,
    readyForCheck: completed === rows.length && signedOff === partnerRows.length,
    daysLeft: daysLeft(ctx.report.dueDate),
    lateness: lateness(ctx.report),
    revisions,
  };
}

// --- Saving: version checks, editability, audit ---------------------------------------------------

export type SaveOutcome<T = unknown> =
  | { kind: 'saved'; version: number; at: Date; result?: T }
  | { kind: 'conflict'; currentVersion: number }
  | { kind: 'invalid'; errors: FieldErrors };

/**
 * Locks the report row for the rest of the transaction (submission takes the same lock, so a
 * save and a submit never interleave) and refuses with 409 unless the report is editable.
 */
export async function lockEditableReport(tx: Tx, reportId: string) {
  const [row] = await tx.select({ status: reports.status }).from(reports).where(eq(reports.id, reportId)).for('update');
  if (!row) throw refusal(404, 'errors.report.notFound');
  if (!EDITABLE_STATUSES.includes(row.status)) throw refusal(409, 'errors.report.notEditable');
  return row.status;
}

/** What a save changes: a shared section's row, or one partner's financial part. */
export type SaveTarget = { kind: 'section'; section: ReportSection } | { kind: 'part'; organisationId: string };

/**
 * The one save path of the report (sections, partner parts, attachments), in one transaction: lock
 * the report and check that it can be edited, bump the target's version only when it is still the
 * one the user's form was based on (the version is in the WHERE; `expectedVersion` undefined means
 * "add to it", as an upload does), write the content, keep the costs section in step with the
 * parts, audit. A stale version changes nothing and reports a conflict; `{ invalid }` from `write`
 * (a server-only check) undoes everything.
 */
export async function saveVersioned<T>(
  request: Request,
  ctx: ReportContext,
  target: SaveTarget,
  input: {
    expectedVersion?: number;
    /** Sections: the user's "this section is complete"; undefined keeps it (at least "in progress"). */
    complete?: boolean;
    /** Parts: columns of partner_parts to set (explanations, sign-off). */
    set?: Partial<typeof partnerParts.$inferInsert>;
    action?: string;
    details?: Record<string, unknown>;
  },
  write: (tx: Tx) => Promise<T | { invalid: FieldErrors }>,
): Promise<SaveOutcome<T>> {
  const now = new Date();
  return getDb()
    .transaction(async (tx) => {
      await lockEditableReport(tx, ctx.report.id);
      const version = target.kind === 'section' ? await bumpSection(tx, ctx, target.section, input, now) : await bumpPart(tx, ctx, target.organisationId, input, now);
      if (version === null) return { kind: 'conflict', currentVersion: await currentVersion(tx, ctx, target) } as const;
      const result = await write(tx);
      if (result && typeof result === 'object' && 'invalid' in result) throw new InvalidInput(result.invalid);
      if (target.kind === 'part') await refreshCostsSection(tx, ctx, now);
      await appendAudit(tx, auditActor(request, ctx.principal), {
        action: input.action ?? (target.kind === 'section' ? 'report.section.save' : 'report.part.save'),
        entityType: target.kind === 'section' ? 'report' : 'partner_part',
        entityId: target.kind === 'section' ? ctx.report.id : `${ctx.report.id}/${target.organisationId}`,
        projectId: ctx.project.id,
        details:
          target.kind === 'section'
            ? { section: target.section, version, complete: input.complete, ...input.details }
            : { organisationId: target.organisationId, version, ...input.details },
      });
      return { kind: 'saved', version, at: now, result: result as T } as const;
    })
    .catch((error: unknown) => {
      if (error instanceof InvalidInput) return { kind: 'invalid', errors: error.errors } as const;
      throw error;
    });
}

async function bumpSection(tx: Tx, ctx: ReportContext, section: ReportSection, input: { expectedVersion?: number; complete?: boolean }, now: Date) {
  const status =
    input.complete === undefined
      ? sql`case when ${reportSections.status} = 'not_started' then 'in_progress'::section_status else ${reportSections.status} end`
      : input.complete
        ? 'completed'
        : 'in_progress';
  const where = [eq(reportSections.reportId, ctx.report.id), eq(reportSections.section, section)];
  if (input.expectedVersion !== undefined) where.push(eq(reportSections.version, input.expectedVersion));
  const [row] = await tx
    .update(reportSections)
    .set({ version: sql`${reportSections.version} + 1`, status, updatedAt: now, updatedBy: ctx.principal.user.id })
    .where(and(...where))
    .returning({ version: reportSections.version });
  return row?.version ?? null;
}

/**
 * Makes sure the part row exists (reports opened before parts existed, like the seeded 2025 drafts,
 * get theirs on first use) and bumps its version if it is still the expected one.
 */
async function bumpPart(tx: Tx, ctx: ReportContext, organisationId: string, input: { expectedVersion?: number; set?: Partial<typeof partnerParts.$inferInsert> }, now: Date) {
  await tx.insert(partnerParts).values({ reportId: ctx.report.id, projectId: ctx.project.id, organisationId }).onConflictDoNothing();
  const where = [eq(partnerParts.reportId, ctx.report.id), eq(partnerParts.organisationId, organisationId)];
  if (input.expectedVersion !== undefined) where.push(eq(partnerParts.version, input.expectedVersion));
  const [row] = await tx
    .update(partnerParts)
    .set({ ...input.set, updatedAt: now, updatedBy: ctx.principal.user.id, version: sql`${partnerParts.version} + 1` })
    .where(and(...where))
    .returning({ version: partnerParts.version });
  return row?.version ?? null;
}

async function currentVersion(tx: Tx, ctx: ReportContext, target: SaveTarget) {
  if (target.kind === 'section') {
    const [row] = await tx
      .select({ version: reportSections.version })
      .from(reportSections)
      .where(and(eq(reportSections.reportId, ctx.report.id), eq(reportSections.section, target.section)));
    return row?.version ?? 0;
  }
  const [row] = await tx
    .select({ version: partnerParts.version })
    .from(partnerParts)
    .where(and(eq(partnerParts.reportId, ctx.report.id), eq(partnerParts.organisationId, target.organisationId)));
  return row?.version ?? 0;
}

class InvalidInput extends Error {
  constructor(readonly errors: FieldErrors) {
    super('invalid input');
  }
}

export async function sectionVersions(db: Queryable, reportId: string) {
  const rows = await db
    .select({ section: reportSections.section, version: reportSections.version, status: reportSections.status })
    .from(reportSections)
    .where(eq(reportSections.reportId, reportId));
  return new Map(rows.map((r) => [r.section, r]));
}

export async function sectionState(db: Queryable, reportId: string, section: ReportSection) {
  const [row] = await db
    .select({ version: reportSections.version, status: reportSections.status, updatedAt: reportSections.updatedAt, updatedBy: users.name })
    .from(reportSections)
    .leftJoin(users, eq(users.id, reportSections.updatedBy))
    .where(and(eq(reportSections.reportId, reportId), eq(reportSections.section, section)));
  return row ?? { version: 0, status: 'not_started' as SectionStatus, updatedAt: null, updatedBy: null };
}

// --- Project structure the sections refer to -------------------------------------------------------

export async function projectWorkPackages(db: Queryable, projectId: string) {
  return db
    .select({ id: workPackages.id, code: workPackages.code, title: workPackages.title })
    .from(workPackages)
    .where(eq(workPackages.projectId, projectId))
    .orderBy(asc(workPackages.position));
}

export async function projectMilestones(db: Queryable, projectId: string) {
  return db
    .select({
      id: milestones.id,
      code: milestones.code,
      title: milestones.title,
      plannedDate: milestones.plannedDate,
      workPackageCode: workPackages.code,
    })
    .from(milestones)
    .leftJoin(workPackages, eq(workPackages.id, milestones.workPackageId))
    .where(eq(milestones.projectId, projectId))
    .orderBy(asc(milestones.position));
}

export async function milestoneUpdatesOf(db: Queryable, reportId: string) {
  return db.select().from(milestoneUpdates).where(eq(milestoneUpdates.reportId, reportId));
}

// --- Partner parts (costs) --------------------------------------------------------------------------

export async function partnerOf(db: Queryable, projectId: string, organisationId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(organisationId)) return null;
  const [row] = await db
    .select({
      organisationId: organisations.id,
      name: organisations.name,
      costMethod: projectPartners.costMethod,
      hourlyRateCents: projectPartners.hourlyRateCents,
      grantedCents: projectPartners.grantedCents,
    })
    .from(projectPartners)
    .innerJoin(organisations, eq(organisations.id, projectPartners.organisationId))
    .where(and(eq(projectPartners.projectId, projectId), eq(projectPartners.organisationId, organisationId)));
  return row ?? null;
}

export async function budgetOf(db: Queryable, projectId: string, organisationIds: string[], year: number) {
  const rows = organisationIds.length
    ? await db
        .select({ organisationId: partnerBudgets.organisationId, category: partnerBudgets.category, amountCents: partnerBudgets.amountCents })
        .from(partnerBudgets)
        .where(and(eq(partnerBudgets.projectId, projectId), eq(partnerBudgets.year, year), inArray(partnerBudgets.organisationId, organisationIds)))
    : [];
  const out = new Map<string, Record<CostCategory, number>>();
  for (const id of organisationIds) out.set(id, Object.fromEntries(COST_CATEGORIES.map((c) => [c, 0])) as Record<CostCategory, number>);
  for (const r of rows) out.get(r.organisationId)![r.category] += r.amountCents;
  return out;
}

/** Subsidy paid to the partner so far (advances and settlements), read-only on the costs page. */
export async function paidSoFar(db: Queryable, projectId: string, organisationIds: string[]) {
  const rows = organisationIds.length
    ? await db
        .select({
          organisationId: payments.organisationId,
          paid: sql<number>`coalesce(sum(${payments.amountCents}), 0)::bigint`.mapWith(Number),
        })
        .from(payments)
        .where(and(eq(payments.projectId, projectId), inArray(payments.organisationId, organisationIds)))
        .groupBy(payments.organisationId)
    : [];
  return new Map(rows.map((r) => [r.organisationId, r.paid]));
}

/**
 * Keeps the costs section's status in step with the parts: completed when every partner has
 * signed off, in progress once any part was saved. Called in the transaction that changed a part.
 */
export async function refreshCostsSection(tx: Tx, ctx: ReportContext, now: Date) {
  const [partnersCount] = await tx
    .select({ n: sql<number>`count(*)::int`.mapWith(Number) })
    .from(projectPartners)
    .where(eq(projectPartners.projectId, ctx.project.id));
  const [state] = await tx
    .select({
      signed: sql<number>`count(*) filter (where ${partnerParts.signedOffAt} is not null)::int`.mapWith(Number),
      touched: sql<number>`count(*) filter (where ${partnerParts.version} > 0)::int`.mapWith(Number),
    })
    .from(partnerParts)
    .where(eq(partnerParts.reportId, ctx.report.id));
  const status: SectionStatus =
    (state?.signed ?? 0) === (partnersCount?.n ?? 0) && (partnersCount?.n ?? 0) > 0 ? 'completed' : (state?.touched ?? 0) > 0 ? 'in_progress' : 'not_started';
  await tx
    .update(reportSections)
    .set({ status, version: sql`${reportSections.version} + 1`, updatedAt: now, updatedBy: ctx.principal.user.id })
    .where(and(eq(reportSections.reportId, ctx.report.id), eq(reportSections.section, 'costs')));
}

// --- Action answers shared by the section pages ---------------------------------------------------

/** What a section action answers (besides a redirect after an explicit save). */
export interface SectionActionResult {
  errors?: FieldErrors;
  /** The user's own input, shown again in the form (no JavaScript) so nothing typed is lost. */
  values?: Record<string, unknown>;
  conflict?: { mine: unknown; current: unknown };
  saved?: { version: number; at: string };
}

/**
 * A refused form: 400 with the errors and the user's own input. "Fout: " in the title follows from
 * the `errors` in the action data (app/components/document-title.tsx), with or without JavaScript.
 */
export function invalidAnswer(raw: Record<string, unknown>, errors: FieldErrors) {
  return data<SectionActionResult>({ errors, values: raw }, { status: 400 });
}

export async function saveAnswer(
  outcome: SaveOutcome<unknown>,
  options: { ctx: ReportContext; raw: Record<string, unknown>; current: () => Promise<unknown>; redirectTo?: string },
) {
  const { ctx, raw } = options;
  if (outcome.kind === 'invalid') return invalidAnswer(raw, outcome.errors);
  if (outcome.kind === 'conflict') {
    const current = await options.current();
    return data<SectionActionResult>(
      { conflict: { mine: raw, current }, values: { ...raw, version: String(outcome.currentVersion) } },
      { status: 409 },
    );
  }
  if (raw.intent === 'autosave') return data<SectionActionResult>({ saved: { version: outcome.version, at: outcome.at.toISOString() } });
  throw redirect(options.redirectTo ?? reportPath(ctx.project.code, ctx.report.year));
}

/** Refuses a write before anything is parsed when the report is not open for changes. */
export function assertEditable(ctx: ReportContext) {
  if (!ctx.editable) throw refusal(409, 'errors.report.notEditable');
}
