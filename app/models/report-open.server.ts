import { and, eq } from 'drizzle-orm';
import type { Tx } from '#db/client';
import { partnerParts, projectPartners, REPORT_SECTIONS, reports, reportSections } from '#db/schema/index';
import { carryForward } from '#app/report/sections/index.server';
import { appendAudit, type AuditActor } from './audit.server';

export interface OpenReportInput {
  projectId: string;
  year: number;
  /** YYYY-MM-DD */
  dueDate: string;
  actor: AuditActor;
}

export interface OpenReportResult {
  id: string;
  created: boolean;
  /** The year whose report was used to prefill this one, or null. */
  prefilledFrom: number | null;
  prefilled: { milestones: number; risks: number };
}

/**
 * Opens a project's report for a year inside the caller's transaction: the report (draft), its
 * seven section rows, a financial part for every partner of the project, and an audit entry.
 *
 * Idempotent: when the report exists it is returned untouched (`created: false`); two concurrent
 * calls cannot both create it (the unique index on project and year decides, ON CONFLICT DO NOTHING).
 *
 * Prefill from last year's report, so nobody types the same thing twice:
 * - milestones: every update of last year (status, achieved date, forecast, explanation). Achieved
 *   and cancelled milestones keep their outcome; open ones carry their latest forecast, to review.
 * - risks: every risk with its likelihood, impact and mitigation, to review.
 * - the work-package structure is the project's own (work_packages), so the progress page always
 *   lists every work package; last year's narratives are not copied (they describe last year).
 * Costs, indicators, spillover and attachments are about the year itself and start empty.
 * Prefilled sections start as "in progress" so the task list shows there is something to check.
 */
export async function openReport(tx: Tx, input: OpenReportInput): Promise<OpenReportResult> {
  const { projectId, year, dueDate, actor } = input;
  const [inserted] = await tx
    .insert(reports)
    .values({ projectId, year, dueDate, status: 'draft' })
    .onConflictDoNothing({ target: [reports.projectId, reports.year] })
    .returning({ id: reports.id });
  if (!inserted) {
    const [existing] = await tx
      .select({ id: reports.id })
      .from(reports)
      .where(and(eq(reports.projectId, projectId), eq(reports.year, year)));
    if (!existing) throw new Error(`openReport: report ${projectId}/${year} neither inserted nor found`);
    return { id: existing.id, created: false, prefilledFrom: null, prefilled: { milestones: 0, risks: 0 } };
  }
  const reportId = inserted.id;
  const now = new Date();

  const partners = await tx
    .select({ organisationId: projectPartners.organisationId })
    .from(projectPartners)
    .where(eq(projectPartners.projectId, projectId));
  if (partners.length > 0) {
    await tx.insert(partnerParts).values(partners.map((p) => ({ reportId, projectId, organisationId: p.organisationId })));
  }

  const [previous] = await tx
    .select({ id: reports.id })
    .from(reports)
    .where(and(eq(reports.projectId, projectId), eq(reports.year, year - 1)));
  // Each section that carries last year forward does so itself (app/report/sections/*.server.ts).
  const carried = previous ? await carryForward(tx, previous.id, { reportId, projectId, year, leadOrganisationId: '' }) : {};
  const prefilledMilestones = carried.milestones ?? 0;
  const prefilledRisks = carried.risks ?? 0;

  const prefilledSections = new Set(REPORT_SECTIONS.filter((s) => (carried[s] ?? 0) > 0));
  await tx.insert(reportSections).values(
    REPORT_SECTIONS.map((section) => ({
      reportId,
      section,
      status: prefilledSections.has(section) ? ('in_progress' as const) : ('not_started' as const),
      version: 0,
      updatedAt: prefilledSections.has(section) ? now : null,
      updatedBy: null,
    })),
  );

  const prefilledFrom = previous ? year - 1 : null;
  await appendAudit(tx, actor, {
    action: 'report.open',
    entityType: 'report',
    entityId: reportId,
    projectId,
    details: { year, dueDate, partners: partners.length, prefilledFrom, prefilledMilestones, prefilledRisks },
  });
  return { id: reportId, created: true, prefilledFrom, prefilled: { milestones: prefilledMilestones, risks: prefilledRisks } };
}
