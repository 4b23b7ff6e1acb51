import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { checkbox, version } from '#app/components/form/schema';
import { getDb } from '#db/client';
import { programmes, projects, reportRevisions, reports } from '#db/schema/index';
import { isBlocking, type Finding } from '#app/rules/checks';
import { todayInAmsterdam } from '#app/rules/dates';
import { reportFindings } from '#app/report/checks.server';
import { transition, WorkflowError } from '#app/models/report-workflow.server';
import { auditActor } from '#app/utils/request.server';
import { appendAudit } from './audit.server';
import { buildReportSnapshot, snapshotHash } from './report-snapshot.server';
import { lockEditableReport } from '#app/report/save.server';
import { refusal, type ReportContext } from '#app/report/context.server';

/** The declaration on the check-answers page, before the penvoerder submits. */
export const SubmitSchema = z.object({
  version,
  declaration: checkbox.refine((v) => v, 'errors.report.submit.declarationRequired'),
});

export function revisionReference(programmeCode: string, projectCode: string, year: number, revision: number) {
  return `${programmeCode}-${projectCode}-${year}-R${revision}`;
}

export type SubmitOutcome =
  | { kind: 'submitted'; revision: number; reference: string; sha256: string; late: boolean }
  | { kind: 'refused'; findings: Finding[] }
  | { kind: 'stale' };

/**
 * Submits the report in one transaction: lock the report row (saves take the same lock), run the
 * whole rule set (`app/rules/checks.ts`; refused while a blocking finding remains, changing
 * nothing), check it is still what the penvoerder checked
 * (`contentHash` of the snapshot shown on the check page), move the status with `transition()`
 * (status and version in its WHERE), then freeze the snapshot with its SHA-256 as the new revision,
 * with the findings that remained (warnings) so that RVO sees what the partners were warned about.
 */
export async function submitReport(
  request: Request,
  ctx: ReportContext,
  input: { expectedVersion: number; contentHash: string },
  now = new Date(),
): Promise<SubmitOutcome> {
  try {
    return await getDb().transaction(async (tx) => {
      await lockEditableReport(tx, ctx.report.id);
      const before = await buildReportSnapshot(tx, ctx.report.id);
      const findings = await reportFindings(tx, ctx.report.id, before, todayInAmsterdam(now));
      const blocking = findings.filter(isBlocking);
      if (blocking.length) return { kind: 'refused', findings: blocking } as const;
      if (snapshotHash(before) !== input.contentHash) return { kind: 'stale' } as const;
      const moved = await transition(tx, ctx.principal, auditActor(request, ctx.principal), ctx.report.id, 'submit', {
        expectedVersion: input.expectedVersion,
        now,
      });
      const snapshot = await buildReportSnapshot(tx, ctx.report.id);
      const sha256 = snapshotHash(snapshot);
      const [programme] = await tx
        .select({ code: programmes.code })
        .from(reports)
        .innerJoin(projects, eq(projects.id, reports.projectId))
        .innerJoin(programmes, eq(programmes.id, projects.programmeId))
        .where(eq(reports.id, ctx.report.id));
      const reference = revisionReference(programme!.code, ctx.project.code, ctx.report.year, moved.currentRevision);
      await tx.insert(reportRevisions).values({
        reportId: ctx.report.id,
        revision: moved.currentRevision,
        snapshot,
        sha256,
        reference,
        submittedBy: ctx.principal.user.id,
        submittedAt: now,
        findings,
      });
      await appendAudit(tx, auditActor(request, ctx.principal), {
        action: 'report.revision.create',
        entityType: 'report',
        entityId: ctx.report.id,
        projectId: ctx.project.id,
        details: { revision: moved.currentRevision, reference, sha256, late: moved.submittedLate, warnings: findings.map((f) => f.rule) },
      });
      return { kind: 'submitted', revision: moved.currentRevision, reference, sha256, late: moved.submittedLate } as const;
    });
  } catch (error) {
    if (error instanceof WorkflowError) {
      if (error.status === 403) throw refusal(403, 'errors.report.submit.onlyPenvoerder');
      if (error.code === 'conflict') return { kind: 'stale' };
      if (error.status === 409) throw refusal(409, 'errors.report.notEditable');
      throw refusal(error.status === 404 ? 404 : 400, 'errors.report.notFound');
    }
    throw error;
  }
}
