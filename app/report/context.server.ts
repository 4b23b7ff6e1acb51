import { and, eq } from 'drizzle-orm';
import { getDb } from '#db/client';
import { reports } from '#db/schema/index';
import { findReadableProject } from '#app/models/project.server';
import type { ReportStatus } from '#app/rules/domain';
import { EDITABLE_STATUSES } from '#app/rules/sections';
import { checkParams, codeParam, yearParam } from '#app/utils/params.server';
import { can, notFound, requirePermission, type Principal } from '#app/utils/permissions.server';

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
 * for them or has no report that year. The caller has already passed `requirePermission`. Every
 * path parameter of the route (`:organisationId`, `:attachmentId`, `:revision` too) is checked by
 * its pattern first (app/utils/params.server.ts), so no malformed one reaches a query.
 */
export async function loadReportContext(request: Request, params: Readonly<Record<string, string | undefined>>): Promise<ReportContext> {
  const principal = await requirePermission(request, 'signed-in');
  checkParams(params);
  const db = getDb();
  const year = yearParam(params);
  const project = await findReadableProject(db, principal, codeParam(params));
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

/** Refuses a write before anything is parsed when the report is not open for changes. */
export function assertEditable(ctx: ReportContext) {
  if (!ctx.editable) throw refusal(409, 'errors.report.notEditable');
}
