import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { checkbox, version } from '#app/components/form/schema';
import { getDb, type Queryable } from '#db/client';
import { programmes, projects, REPORT_SECTIONS, reportRevisions, reports } from '#db/schema/index';
import { DEVIATION_KEYS } from '#app/report/sections/costs';
import { EXPLANATION_NEEDED } from '#app/rules/domain';
import { needsExplanation } from '#app/rules/limits';
import { SECTION_SLUGS } from '#app/rules/sections';
import type { TranslationKey } from '#app/i18n/index';
import { transition, WorkflowError } from '#app/models/report-workflow.server';
import { auditActor } from '#app/utils/request.server';
import { appendAudit } from './audit.server';
import type { ReportSnapshot } from '#app/report/snapshot';
import { buildReportSnapshot, snapshotHash } from './report-snapshot.server';
import { lockEditableReport } from '#app/report/save.server';
import { projectMilestones } from '#app/report/structure.server';
import { refusal, type ReportContext } from '#app/report/context.server';

/** The declaration on the check-answers page, before the penvoerder submits. */
export const SubmitSchema = z.object({
  version,
  declaration: checkbox.refine((v) => v, 'errors.report.submit.declarationRequired'),
});

export interface Problem {
  key: TranslationKey;
  params?: Record<string, string>;
  /** Section slug to fix it in (relative to the report), for the "Wijzig" link. */
  fix: string;
}

/**
 * The stricter "ready to submit" schema: the whole report (its snapshot) must be complete, not
 * just each section valid on its own. Each issue names the translation key, its parameters and the
 * section page where it is fixed.
 */
export function readyToSubmitSchema(projectMilestoneIds: ReadonlySet<string>) {
  return z.custom<ReportSnapshot>().superRefine((s, ctx) => {
    const add = (key: TranslationKey, fix: string, params?: Record<string, string>) =>
      ctx.addIssue({ code: 'custom', message: key, path: [fix], params: { params } });
    for (const section of REPORT_SECTIONS) {
      if (s.sections[section] !== 'completed' && section !== 'costs') add('errors.report.submit.sectionIncomplete', SECTION_SLUGS[section], { section });
    }
    for (const p of s.partners) {
      if (!p.signedOffAt) add('errors.report.submit.partNotSigned', `kosten/${p.organisation.id}`, { name: p.organisation.name });
      const explained = DEVIATION_KEYS.every((key) => {
        const actual = key === 'total' ? p.totalCents : p.totalsCents[key];
        const budget = key === 'total' ? p.budgetTotalCents : p.budgetCents[key];
        return !needsExplanation(actual, budget) || Boolean(p.deviationExplanations[key]);
      });
      if (!explained) add('errors.report.submit.explanationMissing', `kosten/${p.organisation.id}`, { name: p.organisation.name });
    }
    if (!s.narrative.progressSummary.trim()) add('errors.report.submit.summaryMissing', SECTION_SLUGS.progress);
    for (const wp of s.workPackages) if (!wp.narrative.trim()) add('errors.report.submit.narrativeMissing', SECTION_SLUGS.progress, { code: wp.code });
    const updated = new Set(s.milestones.map((m) => m.id));
    for (const m of s.milestones) {
      const later = m.forecastDate !== null && m.forecastDate > m.plannedDate;
      if ((EXPLANATION_NEEDED.has(m.status) || later) && !m.explanation.trim()) add('errors.report.submit.milestoneExplanationMissing', SECTION_SLUGS.milestones, { code: m.code });
    }
    for (const id of projectMilestoneIds) if (!updated.has(id)) add('errors.report.submit.milestoneMissing', SECTION_SLUGS.milestones, { code: id });
    if (!s.indicators) add('errors.report.submit.indicatorsMissing', SECTION_SLUGS.indicators);
  });
}

export async function readinessProblems(db: Queryable, snapshot: ReportSnapshot): Promise<Problem[]> {
  const list = await projectMilestones(db, snapshot.project.id);
  const codes = new Map(list.map((m) => [m.id, m.code]));
  const result = readyToSubmitSchema(new Set(codes.keys())).safeParse(snapshot);
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const params = ((issue as { params?: { params?: Record<string, string> } }).params?.params ?? {}) as Record<string, string>;
    if (issue.message === 'errors.report.submit.milestoneMissing' && params.code) params.code = codes.get(params.code) ?? params.code;
    return { key: issue.message as TranslationKey, params, fix: String(issue.path[0] ?? '') };
  });
}

export function revisionReference(programmeCode: string, projectCode: string, year: number, revision: number) {
  return `${programmeCode}-${projectCode}-${year}-R${revision}`;
}

export type SubmitOutcome =
  | { kind: 'submitted'; revision: number; reference: string; sha256: string; late: boolean }
  | { kind: 'problems'; problems: Problem[] }
  | { kind: 'stale' };

/**
 * Submits the report in one transaction: lock the report row (saves take the same lock), check the
 * whole report with the ready-to-submit schema, check it is still what the penvoerder checked
 * (`contentHash` of the snapshot shown on the check page), move the status with `transition()`
 * (status and version in its WHERE), then freeze the snapshot with its SHA-256 as the new revision.
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
      const problems = await readinessProblems(tx, before);
      if (problems.length) return { kind: 'problems', problems } as const;
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
      });
      await appendAudit(tx, auditActor(request, ctx.principal), {
        action: 'report.revision.create',
        entityType: 'report',
        entityId: ctx.report.id,
        projectId: ctx.project.id,
        details: { revision: moved.currentRevision, reference, sha256, late: moved.submittedLate },
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
